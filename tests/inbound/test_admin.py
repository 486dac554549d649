"""Staff read the log of received e-mail in the Wagtail admin; nobody changes it there."""

from django.urls import reverse

from inbound.models import InboundMessage
from tests.inbound.conftest import build, deliver


def test_staff_see_what_became_of_each_message_and_cannot_change_it(
    client, editor, member, thread, address_of
):
    deliver(build(to=address_of(member, thread), sender=member.email, message_id="<een@b.test>"))
    deliver(
        build(
            to=address_of(member, thread),
            sender=member.email,
            message_id="<twee@b.test>",
            headers={"Auto-Submitted": "auto-replied"},
        )
    )
    client.force_login(editor)
    index = client.get(reverse("inbound_messages:index"))
    assert index.status_code == 200
    page = index.content.decode()
    assert "&lt;een@b.test&gt;" in page and "&lt;twee@b.test&gt;" in page
    assert "automatisch antwoord" in page and "geplaatst in de discussie" in page
    assert "Goed idee" not in page  # the log holds no text of the message
    refused = InboundMessage.objects.get(message_id="<twee@b.test>")
    inspect = client.get(reverse("inbound_messages:inspect", args=[refused.pk]))
    assert inspect.status_code == 200 and "Lies Lid" in inspect.content.decode()
    assert client.get(reverse("inbound_messages:edit", args=[refused.pk])).status_code in {
        302,
        403,
    }
    assert client.get(reverse("inbound_messages:add")).status_code in {302, 403}


def test_people_without_admin_access_do_not_see_the_log(client, member):
    client.force_login(member)
    response = client.get(reverse("inbound_messages:index"))
    assert response.status_code in {302, 403}
