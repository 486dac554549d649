"""The Leerplatform in a real Chromium: register, see "Join now" and the calendar file; watch a
recording with captions. The page fixture fails on any script error or CSP violation."""

from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone
from playwright.sync_api import expect

from learning.demo import CAPTIONS, _index, _tone_wav
from learning.models import Audience, Chapter, WebinarPage
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _log_in(page, email):
    page.goto("/account/login/")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Aanmelden").click()


def _wait_until(page, script, tries=100):
    # page.wait_for_function evaluates a string, which the site's CSP (no unsafe-eval) refuses.
    for _ in range(tries):
        if page.evaluate(script):
            return
        page.wait_for_timeout(100)
    raise AssertionError(f"Never true: {script}")


def test_register_then_join_now_and_calendar_file_in_chromium(page, home_page):
    start = timezone.now() + timedelta(minutes=10)
    webinar = _index(home_page).add_child(
        instance=WebinarPage(
            title="Live over leesbevordering",
            slug="live-leesbevordering",
            start=start,
            end=start + timedelta(hours=1),
            capacity=10,
            live_url="https://meet.example.org/kamer-1",
        )
    )
    user = UserFactory(display_name="Bram Bibliothecaris")
    _log_in(page, user.email)
    page.goto(webinar.url)
    expect(page.get_by_text("10 plaatsen over")).to_be_visible()
    page.get_by_role("button", name="Inschrijven").click()
    expect(page.get_by_text("Je bent ingeschreven. De bevestiging")).to_be_visible()
    join = page.get_by_role("link", name="Nu deelnemen")
    expect(join).to_be_visible()
    assert "meet.example.org" not in page.content()
    with page.expect_download() as download:
        page.get_by_role("link", name="Agendabestand downloaden (.ics)").click()
    assert download.value.suggested_filename == "live-leesbevordering.ics"


def test_recording_plays_with_captions_and_chapters_for_everyone(page, home_page):
    start = timezone.now() - timedelta(days=2)
    webinar = WebinarPage(
        title="Opname voor iedereen",
        slug="opname-voor-iedereen",
        start=start,
        end=start + timedelta(hours=1),
        audience=Audience.EVERYONE,
        recording_audience=Audience.EVERYONE,
    )
    webinar.recording.save("demo.wav", ContentFile(_tone_wav()), save=False)
    webinar.captions.save("demo.vtt", ContentFile(CAPTIONS.encode()), save=False)
    webinar = _index(home_page).add_child(instance=webinar)
    Chapter.objects.create(
        page=webinar, starts_at=timedelta(seconds=2), title="De demo-toon", sort_order=0
    )
    page.goto(webinar.url)
    page.get_by_role("link", name="De opname bekijken").click()
    video = page.locator("video[data-recording]")
    expect(video).to_be_visible()
    _wait_until(
        page,
        "() => document.querySelector('video').textTracks.length === 1 && "
        "document.querySelector('video').readyState >= 1",
    )
    assert page.evaluate("document.querySelector('video').textTracks[0].mode") == "showing"
    page.get_by_role("link", name="0:00:02").click()
    _wait_until(page, "() => document.querySelector('video').currentTime >= 2")
