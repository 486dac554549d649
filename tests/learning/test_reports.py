from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from accounts.models import Organisation
from learning import services
from learning.models import Registration
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

DUTCH_MONTHS = (
    "januari februari maart april mei juni juli augustus september oktober november december"
)
DUTCH_MONTHS = DUTCH_MONTHS.split()


def test_coordinator_sees_their_own_library_only_and_downloads_csv(
    client, coordinator, colleague, make_webinar
):
    other_library = Organisation.objects.create(name="Bibliotheek Brugge")
    stranger = UserFactory(display_name="Sam Vreemde", library=other_library)
    webinar = make_webinar(title="Gedeeld webinar")
    services.registration_create(webinar=webinar, user=colleague)
    services.registration_create(webinar=webinar, user=stranger)
    client.force_login(coordinator)
    page = client.get("/leren/bibliotheek/").content.decode()
    assert "Cor Collega" in page and "Sam Vreemde" not in page
    export = client.get("/leren/bibliotheek/?formaat=csv").content.decode("utf-8-sig")
    assert "Cor Collega" in export and "Sam Vreemde" not in export


def test_coordinator_registers_a_colleague_but_not_someone_of_another_library(
    client, coordinator, colleague, make_webinar
):
    webinar = make_webinar()
    stranger = UserFactory(library=Organisation.objects.create(name="Bibliotheek Brugge"))
    client.force_login(coordinator)
    response = client.post(
        "/leren/bibliotheek/", {"colleague": colleague.pk, "webinar": webinar.pk}, follow=True
    )
    assert "Cor Collega is ingeschreven." in response.content.decode()
    assert Registration.objects.get(user=colleague).registered_by == coordinator
    response = client.post("/leren/bibliotheek/", {"colleague": stranger.pk, "webinar": webinar.pk})
    assert "Kies een collega van je eigen bibliotheek." in response.content.decode()
    assert not Registration.objects.filter(user=stranger).exists()


@pytest.mark.parametrize("path", ["/leren/bibliotheek/", "/leren/netwerk/"])
def test_plain_librarians_get_no_report(client, librarian, path):
    client.force_login(librarian)
    assert client.get(path).status_code == 403


def test_network_report_for_editors_counts_per_library(
    client, editor, coordinator, colleague, make_webinar
):
    webinar = make_webinar(starts_in=-timedelta(days=1), publish=True)
    Registration.objects.create(webinar=webinar, user=colleague, status="registered", attended=True)
    Registration.objects.create(webinar=webinar, user=coordinator, status="registered")
    client.force_login(editor)
    page = client.get("/leren/netwerk/").content.decode()
    assert "Bibliotheek Gent" in page
    export = client.get("/leren/netwerk/?formaat=csv").content.decode("utf-8-sig")
    assert "Bibliotheek Gent,2,1,1,0" in export


def test_the_network_report_is_in_the_editors_reports_menu_for_those_who_may_see_it(client, editor):
    from django.contrib.auth.models import Permission

    client.force_login(editor)
    assert '"/leren/netwerk/"' in client.get("/admin/").content.decode()
    # An editor who may use the admin but not read registrations is not shown the way.
    moderator = UserFactory(is_staff=False)
    moderator.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(moderator)
    admin = client.get("/admin/")
    assert admin.status_code == 200
    assert "/leren/netwerk/" not in admin.content.decode()


def test_certificate_for_attended_webinars_only_and_only_for_the_person(
    client, librarian, outsider, make_webinar
):
    webinar = make_webinar(title="Gevolgd webinar", starts_in=-timedelta(days=2))
    attended = Registration.objects.create(
        webinar=webinar, user=librarian, status="registered", attended=True
    )
    missed = Registration.objects.create(webinar=webinar, user=outsider, status="registered")
    client.force_login(librarian)
    page = client.get(f"/leren/certificaat/{attended.pk}/").content.decode()
    assert "Aanwezigheidsattest" in page and librarian.display_name in page
    mine = client.get("/leren/mijn/").content.decode()
    assert "Gevolgd webinar" in mine and f"/leren/certificaat/{attended.pk}/" in mine
    assert client.get(f"/leren/certificaat/{missed.pk}/").status_code == 404
    client.force_login(outsider)
    assert client.get(f"/leren/certificaat/{missed.pk}/").status_code == 404
    assert client.get(f"/leren/certificaat/{attended.pk}/").status_code == 404


def test_the_library_report_writes_dates_out_and_says_whether_the_recording_was_watched(
    client, coordinator, colleague, make_webinar
):
    start = timezone.localtime() + timedelta(days=30)
    webinar = make_webinar(title="Leesbevordering", starts_in=timedelta(days=30))
    registration = services.registration_create(webinar=webinar, user=colleague)
    client.force_login(coordinator)

    page = client.get("/leren/bibliotheek/").content.decode()
    month = DUTCH_MONTHS[start.month - 1]
    assert f"{start.day} {month} {start.year}, {start:%H:%M}" in page
    assert f"{start.day} {month[:3]} {start.year}" not in page
    assert "misschien" not in page  # was: "Opname bekeken: misschien" for "not yet"
    assert "<td>nee</td>" in page

    registration.watched_recording_at = timezone.make_aware(datetime(2026, 11, 9, 20, 0))  # noqa: DTZ001
    registration.save()
    page = client.get("/leren/bibliotheek/").content.decode()
    assert "<td>9 november 2026</td>" in page
