"""A person chooses the time zone they read times in on their profile; pages then show times in
it (Europe/Brussels for everyone else: tests/meetings/test_time_zone.py), and so does their
"Mijn gegevens" export."""

import io
import json
import zipfile
from datetime import datetime
from zoneinfo import ZoneInfo

from django.urls import reverse

from privacy.export import write_export

PROFILE = {"display_name": "Bram Bibliothecaris", "organisation": "Bib Gent"}


def test_the_profile_offers_a_time_zone_and_keeps_the_choice(client, librarian):
    client.force_login(librarian)
    page = client.get(reverse("accounts:profile")).content.decode()
    assert '<select name="time_zone"' in page
    assert '<option value="Europe/Brussels" selected>' in page
    assert "Tijdzone" in page

    response = client.post(
        reverse("accounts:profile"),
        {**PROFILE, "preferred_language": "nl", "time_zone": "America/New_York"},
        follow=True,
    )

    assert "Je profiel is opgeslagen." in response.content.decode()
    librarian.refresh_from_db()
    assert librarian.time_zone == "America/New_York"
    assert '<option value="America/New_York" selected>' in response.content.decode()


def test_a_zone_that_does_not_exist_is_refused(client, librarian):
    client.force_login(librarian)
    response = client.post(
        reverse("accounts:profile"),
        {**PROFILE, "preferred_language": "nl", "time_zone": "Mars/Olympus_Mons"},
    )
    assert response.status_code == 200
    assert "Mars/Olympus_Mons is geen beschikbare keuze." in response.content.decode()
    librarian.refresh_from_db()
    assert librarian.time_zone == "Europe/Brussels"


def test_the_export_gives_times_in_the_persons_zone(librarian):
    librarian.time_zone = "Asia/Tokyo"
    librarian.date_joined = datetime(2026, 3, 29, 1, 30, tzinfo=ZoneInfo("UTC"))
    librarian.save()
    handle = io.BytesIO()
    write_export(librarian, handle)
    with zipfile.ZipFile(handle) as archive:
        name = next(n for n in archive.namelist() if n.endswith(".json") and "profile" in n)
        [profile] = json.loads(archive.read(name))["items"]
    assert profile["joined"].startswith("2026-03-29T10:30:00")
    assert profile["joined"].endswith("+09:00")
    assert profile["time_zone"] == "Asia/Tokyo"
