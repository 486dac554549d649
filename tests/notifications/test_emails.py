"""E-mail about notifications: in the recipient's language, with a one-click unsubscribe link for
that kind only (also as RFC 8058 headers), the daily digest, and the settings page."""

import re

import pytest
from django.urls import reverse

from notifications import kinds, services
from notifications.models import EmailPreference, Notification
from notifications.tasks import send_digests
from tests.cooperation.conftest import add_member


def _path(url: str) -> str:
    return re.sub(r"^https?://[^/]+", "", url)


def _unsubscribe_link(message) -> str:
    return _path(re.search(r"<(https?://[^>]+)>", message.extra_headers["List-Unsubscribe"])[1])


@pytest.fixture
def member(working_group, librarian):
    add_member(working_group, librarian)
    services.set_email_frequency(librarian, "document", "immediate")
    return librarian


@pytest.mark.parametrize(
    ("language", "line", "footer"),
    [
        (
            "nl",
            "Wies Werkgroep heeft “Agenda september” toegevoegd aan Werkgroep Leesbevordering",
            "Geen e-mails meer over “Nieuwe documenten in mijn groepen”",
        ),
        (
            "en",
            "Wies Werkgroep added “Agenda september” to Werkgroep Leesbevordering",
            "No more e-mails about “New documents in my groups”",
        ),
    ],
)
def test_an_immediate_email_is_in_the_recipients_language_with_an_unsubscribe_link(
    working_group, group_owner, member, upload_document, outbox, language, line, footer
):
    member.preferred_language = language
    member.save()

    document = upload_document(working_group, group_owner)

    [message] = outbox
    assert message.to == [member.email]
    assert message.subject == f"[Kennisplein] {line}"
    assert line in message.body and footer in message.body
    assert f"{document.get_absolute_url()}\n" in message.body
    assert _unsubscribe_link(message) in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_the_unsubscribe_link_works_without_logging_in_and_for_that_kind_only(
    client, home_page, working_group, group_owner, member, upload_document, outbox
):
    services.set_email_frequency(member, "join_request", "immediate")
    upload_document(working_group, group_owner)
    link = _unsubscribe_link(outbox[0])

    page = client.get(link)  # a mail scanner may fetch it: nothing changes yet
    assert page.status_code == 200
    assert "Stop e-mails over:" in page.content.decode()
    assert services.email_settings(member)["document"] == "immediate"

    done = client.post(link)

    assert done.status_code == 200
    assert "Je krijgt geen e-mails meer over:" in done.content.decode()
    assert services.email_settings(member) == {
        **services.email_settings(member),
        "document": "never",
        "join_request": "immediate",
    }
    outbox.clear()
    upload_document(working_group, group_owner, "Tweede agenda")
    assert outbox == []
    assert Notification.objects.filter(recipient=member).count() == 2  # the bell still tells


def test_a_mail_programs_one_click_post_unsubscribes_without_a_csrf_token(
    working_group, group_owner, member, upload_document, outbox
):
    from django.test import Client

    upload_document(working_group, group_owner)
    strict = Client(enforce_csrf_checks=True)

    response = strict.post(
        _unsubscribe_link(outbox[0]),
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )

    assert response.status_code == 200
    assert services.email_settings(member)["document"] == "never"


@pytest.mark.parametrize("tamper", ["swap_kind", "swap_person", "cut", "garbage"])
def test_a_forged_or_altered_token_is_refused_and_changes_nothing(
    client, home_page, working_group, group_owner, member, outsider, upload_document, tamper
):
    token = services.unsubscribe_token(member, "document")
    forged = {
        # A validly signed token for someone else cannot be made without the secret key.
        "swap_kind": token.replace(token.split(":")[0], token.split(":")[0][::-1]),
        "swap_person": services.unsubscribe_token(outsider, "document")[:-3] + token[-3:],
        "cut": token[:-4],
        "garbage": "niet-echt",
    }[tamper]

    response = client.post(reverse("notifications:unsubscribe", kwargs={"token": forged}))

    assert response.status_code == 400
    assert "Deze afmeldlink is niet geldig" in response.content.decode()
    assert not EmailPreference.objects.filter(frequency="never").exists()


def test_a_token_signed_for_another_purpose_is_refused(client, home_page, member):
    from django.core import signing

    other = signing.dumps({"user": member.pk, "kind": "document"})  # no salt: not ours
    response = client.post(reverse("notifications:unsubscribe", kwargs={"token": other}))
    assert response.status_code == 400
    assert services.email_settings(member)["document"] == "immediate"


def test_the_daily_digest_groups_lines_by_kind_and_goes_out_once(
    working_group, group_owner, librarian, upload_document, outbox, make_webinar, committed
):
    from learning import services as learning

    add_member(working_group, librarian)
    librarian.preferred_language = "en"
    librarian.save()
    services.set_email_frequency(librarian, "webinar_changed", "daily")
    webinar = make_webinar(title="Leesclubs online")
    learning.registration_create(webinar=webinar, user=librarian)
    upload_document(working_group, group_owner, "Agenda september")
    upload_document(working_group, group_owner, "Notulen augustus")
    webinar.cancelled = True
    with committed():
        webinar.save_revision().publish()
    outbox.clear()

    assert send_digests.call() == 1

    [message] = outbox
    assert message.to == [librarian.email]
    assert message.subject == "[Kennisplein] Your daily summary: 3 new notifications"
    body = message.body
    documents = body.index("NEW DOCUMENTS IN MY GROUPS")
    webinars = body.index("CHANGES TO WEBINARS")
    assert documents < body.index("Agenda september") < body.index("Notulen augustus") < webinars
    assert body.index("Cancelled: Leesclubs online") > webinars
    assert "method=CANCEL" in message.attachments[0][2]  # the calendar update comes along
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    outbox.clear()
    assert send_digests.call() == 0  # idempotent: nothing new, nothing sent
    assert outbox == []
    assert not Notification.objects.filter(email=Notification.Email.DIGEST).exists()


def test_the_digest_leaves_out_what_was_read_on_the_site(
    working_group, group_owner, librarian, upload_document, outbox
):
    add_member(working_group, librarian)
    upload_document(working_group, group_owner, "Al gezien")
    services.mark_read(librarian)
    upload_document(working_group, group_owner, "Nog niet gezien")

    send_digests.call()

    [message] = outbox
    assert "Nog niet gezien" in message.body and "Al gezien" not in message.body


def test_the_digests_unsubscribe_link_stops_every_kind_in_the_digest(
    client, home_page, working_group, group_owner, librarian, upload_document, outbox
):
    add_member(working_group, librarian)
    services.set_email_frequency(librarian, "join_request", "daily")
    upload_document(working_group, group_owner)
    send_digests.call()

    client.post(_unsubscribe_link(outbox[0]))

    chosen = services.email_settings(librarian)
    assert chosen["document"] == chosen["join_request"] == "never"
    assert chosen["webinar_changed"] == "immediate"  # not in the digest: untouched


def test_choosing_never_also_holds_back_what_waits_for_the_digest(
    working_group, group_owner, librarian, upload_document, outbox
):
    add_member(working_group, librarian)
    upload_document(working_group, group_owner)
    services.set_email_frequency(librarian, "document", "never")

    assert send_digests.call() == 0
    assert outbox == []


def test_the_settings_page_saves_a_choice_per_kind(client, home_page, librarian):
    client.force_login(librarian)
    page = client.get(reverse("notifications:settings")).content.decode()
    assert "Nieuwe documenten in mijn groepen" in page
    assert "Wijzigingen in webinars waarvoor ik ingeschreven ben" in page
    assert "Nieuwe leden" not in page  # activity only: nobody is told
    assert 'href="/account/meldingen/"' in client.get(reverse("accounts:profile")).content.decode()

    # The page posts a choice for every kind (other apps register theirs too); three change.
    choices = {kind.key: kind.default_email for kind in kinds.emailed_kinds()}
    choices |= {"document": "immediate", "join_request": "never", "webinar_changed": "daily"}
    response = client.post(reverse("notifications:settings"), choices, follow=True)

    assert "Je e-mailinstellingen zijn opgeslagen." in response.content.decode()
    chosen = services.email_settings(librarian)
    assert (chosen["document"], chosen["join_request"], chosen["webinar_changed"]) == (
        "immediate",
        "never",
        "daily",
    )


def test_the_settings_page_refuses_an_unknown_choice_and_keeps_the_rest(
    client, home_page, librarian
):
    client.force_login(librarian)
    response = client.post(
        reverse("notifications:settings"),
        {"document": "hourly", "join_request": "never", "webinar_changed": "daily"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Selecteer een geldige keuze" in html
    assert re.search(r'value="never"[^>]*checked', html)  # what was chosen stays chosen
    assert not EmailPreference.objects.exists()
