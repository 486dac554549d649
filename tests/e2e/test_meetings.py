"""A published steering-committee session in a real Chromium: an anonymous visitor finds it on
the Presentaties page, the recording loads in the player with its captions track, and the page
reports no script or CSP error."""

import pytest
from playwright.sync_api import expect

from cooperation import services as group_services
from cooperation.meetings import services
from cooperation.models import Group
from tests.cooperation.conftest import upload
from tests.cooperation.samples import pdf
from tests.factories import UserFactory
from tests.meetings.conftest import VTT, wav

pytestmark = pytest.mark.django_db(transaction=True)


def test_anonymous_visitor_plays_a_published_recording_with_captions(page, home_page):
    from datetime import timedelta

    from django.utils import timezone

    secretary = UserFactory(email="stuurgroep@bibliotheek.test", display_name="Stijn Stuurgroep")
    group = group_services.group_create(
        owner=secretary, name="Stuurgroep Netwerk", visibility=Group.Visibility.MEMBERS
    )
    start = timezone.now() - timedelta(days=3)
    meeting = services.meeting_create(
        group=group, by=secretary, title="Sessie jaarplan", starts_at=start,
        ends_at=start + timedelta(hours=2), agenda_source="Interne agenda",
    )  # fmt: skip
    services.presentation_upload(
        meeting=meeting, by=secretary, title="Sheets jaarplan",
        uploaded=upload("sheets.pdf", pdf("Jaarplan"), "application/pdf"),
    )  # fmt: skip
    services.recording_set(meeting=meeting, by=secretary, uploaded=upload("o.wav", wav(2.0)))
    services.captions_set(meeting=meeting, by=secretary, uploaded=upload("o.vtt", VTT))
    services.meeting_publish(
        meeting=meeting, by=secretary, presentations=True, minutes=False, recording=True
    )

    page.goto("/presentaties/")
    page.get_by_role("link", name="Sessie jaarplan").click()
    expect(page.get_by_role("heading", name="Sessie jaarplan")).to_be_visible()
    expect(page.get_by_role("link", name="Sheets jaarplan")).to_be_visible()
    expect(page.get_by_text("Interne agenda")).to_have_count(0)
    video = page.locator("video.meeting-recording")
    page.wait_for_function(
        "() => { const v = document.querySelector('video.meeting-recording');"
        " return v && v.readyState >= 1 && v.duration > 1.5; }"
    )
    page.wait_for_function(
        "() => { const t = document.querySelector('video.meeting-recording').textTracks[0];"
        " t.mode = 'showing'; return t.cues && t.cues.length === 1; }"
    )
    assert video.locator("track").get_attribute("srclang") == "nl"
