import csv
import io
import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from learning import services
from learning.models import Registration, WebinarPage
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _page_form(index, **overrides):
    start = timezone.localtime(timezone.now() + timedelta(days=3)).replace(microsecond=0)
    data = {
        "title": "Nieuw webinar",
        "slug": "nieuw-webinar",
        "summary": "",
        "body": '{"blocks": [], "entityMap": {}}',
        "start": start.strftime("%Y-%m-%d %H:%M"),
        "end": (start + timedelta(hours=1)).strftime("%Y-%m-%d %H:%M"),
        "time_zone": "Europe/Brussels",
        "audience": "members",
        "recording_audience": "members",
        "captions_language": "nl",
        "topics": "",
        "webinar_speakers-TOTAL_FORMS": "0",
        "webinar_speakers-INITIAL_FORMS": "0",
        "webinar_speakers-MIN_NUM_FORMS": "0",
        "webinar_speakers-MAX_NUM_FORMS": "1000",
        "chapters-TOTAL_FORMS": "0",
        "chapters-INITIAL_FORMS": "0",
        "chapters-MIN_NUM_FORMS": "0",
        "chapters-MAX_NUM_FORMS": "1000",
        "action-publish": "publish",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize(
    ("language", "message"),
    [("nl", "Het einde moet na het begin liggen."), ("en", "The end must be after the start.")],
)
def test_editor_cannot_save_a_webinar_that_ends_before_it_starts(
    client, editor, webinar_index, language, message
):
    editor.preferred_language = language
    editor.save()
    client.force_login(editor)
    start = timezone.localtime(timezone.now() + timedelta(days=3))
    response = client.post(
        f"/admin/pages/add/learning/webinarpage/{webinar_index.pk}/",
        _page_form(
            webinar_index,
            start=start.strftime("%Y-%m-%d %H:%M"),
            end=(start - timedelta(hours=1)).strftime("%Y-%m-%d %H:%M"),
        ),
        HTTP_ACCEPT_LANGUAGE=language,
    )
    assert message in response.content.decode()
    assert not WebinarPage.objects.exists()


def test_editor_publishes_a_webinar_from_the_admin(client, editor, webinar_index):
    client.force_login(editor)
    response = client.post(
        f"/admin/pages/add/learning/webinarpage/{webinar_index.pk}/", _page_form(webinar_index)
    )
    assert response.status_code == 302
    webinar = WebinarPage.objects.get()
    assert webinar.live and webinar.calendar_state.sequence == 0


def test_registrations_in_the_admin_list_filter_and_export_csv(client, editor, make_webinar):
    first, second = make_webinar(title="Eerste"), make_webinar(title="Tweede")
    alice, bob = UserFactory(display_name="Alice Aerts"), UserFactory(display_name="Bob Bos")
    services.registration_create(webinar=first, user=alice)
    services.registration_create(webinar=second, user=bob)
    client.force_login(editor)
    listing = client.get(f"/admin/registrations/?webinar={first.pk}").content.decode()
    assert "Alice Aerts" in listing and "Bob Bos" not in listing
    export = client.get("/admin/registrations/?export=csv")
    rows = list(csv.reader(io.StringIO(b"".join(export.streaming_content).decode())))
    assert {row[0] for row in rows[1:]} == {"Alice Aerts", "Bob Bos"}


def test_editor_marks_attendance(client, editor, make_webinar, librarian):
    registration = services.registration_create(webinar=make_webinar(), user=librarian)
    client.force_login(editor)
    response = client.post(f"/admin/registrations/edit/{registration.pk}/", {"attended": "on"})
    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.attended


def test_editor_messages_everyone_registered_but_not_the_waiting_list(
    client, editor, make_webinar, committed
):
    webinar = make_webinar(capacity=2)
    people = UserFactory.create_batch(3)
    for person in people:
        services.registration_create(webinar=webinar, user=person)
    mail.outbox.clear()
    client.force_login(editor)
    with committed():
        response = client.post(
            f"/admin/leerplatform/webinar/{webinar.pk}/bericht/",
            {"subject": "Materiaal", "body": "Lees dit vooraf."},
        )
    assert response.status_code == 302
    assert sorted(m.to[0] for m in mail.outbox) == sorted(p.email for p in people[:2])
    assert "Lees dit vooraf." in mail.outbox[0].body


def test_librarians_cannot_open_the_registrations_admin(client, librarian):
    client.force_login(librarian)
    assert client.get("/admin/registrations/").status_code in (302, 403)
    assert Registration.objects.count() == 0


def test_a_member_of_wagtails_editors_group_manages_registrations_and_organisations(
    client, make_webinar, librarian
):
    from django.contrib.auth.models import Group

    from accounts.models import Organisation

    editor = UserFactory(is_staff=False)
    editor.groups.add(Group.objects.get(name="Editors"))
    services.registration_create(webinar=make_webinar(), user=librarian)
    client.force_login(editor)
    assert librarian.display_name in client.get("/admin/registrations/").content.decode()
    assert client.get("/leren/netwerk/").status_code == 200
    client.post("/admin/snippets/accounts/organisation/add/", {"name": "Bib Mol", "city": "Mol"})
    assert Organisation.objects.filter(name="Bib Mol").exists()


def test_webinar_edit_page_links_to_its_registrations_and_the_message_form(
    client, editor, make_webinar
):
    webinar = make_webinar()
    client.force_login(editor)
    page = client.get(f"/admin/pages/{webinar.pk}/edit/").content.decode()
    assert f"/admin/registrations/?webinar={webinar.pk}" in page
    assert f"/admin/leerplatform/webinar/{webinar.pk}/bericht/" in page
    explorer = client.get(f"/admin/pages/{webinar.get_parent().pk}/").content.decode()
    assert "Het digitale hulploket" in explorer or webinar.title in explorer


def test_raising_the_capacity_promotes_the_waiting_list_on_publish(
    make_webinar, librarian, outsider, committed
):
    webinar = make_webinar(capacity=1)
    services.registration_create(webinar=webinar, user=librarian)
    services.registration_create(webinar=webinar, user=outsider)
    mail.outbox.clear()
    webinar.capacity = 2
    with committed():
        webinar.save_revision().publish()
    assert Registration.objects.get(user=outsider).status == "registered"
    assert [m.to for m in mail.outbox] == [[outsider.email]]


def test_the_dashboard_shows_the_next_webinars_with_seats_and_waiting_list(
    client, editor, make_webinar, webinar_index
):
    import re

    full = make_webinar(title="Bijna vol", capacity=1)
    open_ended = make_webinar(title="Zonder limiet", starts_in=timedelta(days=5))
    make_webinar(title="Al voorbij", starts_in=-timedelta(days=3))
    for _ in range(2):
        services.registration_create(webinar=full, user=UserFactory())  # one seat, one waiting
    services.registration_create(webinar=open_ended, user=UserFactory())
    client.force_login(editor)

    page = client.get("/admin/").content.decode()
    rows = {
        title: re.sub(r"<[^>]+>|\s+", " ", cells)
        for title, cells in re.findall(r'edit/">([^<]+)</a>(.*?)</tr>', page, re.S)
    }
    assert set(rows) == {"Bijna vol", "Zonder limiet"}
    # After the date: registered (of the capacity, when there is one), then the waiting list.
    assert rows["Bijna vol"].split()[-4:] == ["1", "van", "1", "1"]
    assert rows["Zonder limiet"].split()[-2:] == ["1", "0"]
    assert " van " not in rows["Zonder limiet"]
    assert f'href="/admin/registrations/?webinar={full.pk}"' in page
    assert f"/admin/pages/add/learning/webinarpage/{webinar_index.pk}/" in page


def test_the_dashboard_panel_is_for_editors_only(client, make_webinar):
    from django.contrib.auth.models import Permission

    make_webinar(title="Bijna vol")
    moderator = UserFactory(is_staff=True)  # may use the admin, not the registrations
    moderator.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(moderator)
    page = client.get("/admin/").content.decode()
    assert client.get("/admin/").status_code == 200
    assert "Bijna vol" not in page


def _cells(html: str) -> list[str]:
    listing = re.search(r"<table[^>]*listing.*?</table>", html, re.S).group(0)
    return [
        " ".join(re.sub(r"<[^>]+>", " ", cell).split())
        for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", listing, re.S)
    ]


def test_registrations_in_the_admin_say_ja_and_nee_in_the_list_inspect_and_export(
    client, editor, make_webinar, librarian
):
    webinar = make_webinar(title="Eerste")
    attended = services.registration_create(webinar=webinar, user=librarian)
    attended.attended = True
    attended.save()
    services.registration_create(webinar=webinar, user=UserFactory(display_name="Bob Bos"))
    client.force_login(editor)

    cells = _cells(client.get("/admin/registrations/").content.decode())
    assert "Aanwezig" in cells and "Ja" in cells and "Nee" in cells
    assert "True" not in cells and "False" not in cells

    inspect = client.get(f"/admin/registrations/inspect/{attended.pk}/").content.decode()
    assert re.search(r"<dt[^>]*>\s*Aanwezig\s*</dt>\s*<dd[^>]*>\s*Ja\s*</dd>", inspect)
    assert "Reminder day sent at" not in inspect
    assert "Herinnering een dag vooraf verstuurd op" in inspect

    export = client.get("/admin/registrations/?export=csv")
    rows = list(csv.reader(io.StringIO(b"".join(export.streaming_content).decode())))
    assert {row[5] for row in rows[1:]} == {"Ja", "Nee"}
    local_start = timezone.localtime(attended.queued_at).strftime("%Y-%m-%d %H:%M")
    assert local_start in {row[6] for row in rows[1:]}
