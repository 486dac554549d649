"""The search in a real Chromium: a hit in a recording's captions opens the recording at the
moment of the matching cue."""

from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from learning.demo import _index, _tone_wav
from learning.models import Audience, WebinarPage
from tests.e2e.test_learning_in_browser import _wait_until

pytestmark = pytest.mark.django_db(transaction=True)

CAPTIONS = """WEBVTT

00:00:00.000 --> 00:00:03.000
Welkom bij deze opname.

00:00:06.000 --> 00:00:08.000
Nu over de kraanvogeltrek boven de bibliotheek.
"""


def test_a_caption_hit_starts_the_recording_at_its_cue(page, home_page):
    start = timezone.now() - timedelta(days=2)
    webinar = WebinarPage(
        title="Vogels in de bibliotheek",
        slug="vogels",
        start=start,
        end=start + timedelta(hours=1),
        audience=Audience.EVERYONE,
        recording_audience=Audience.EVERYONE,
    )
    webinar.recording.save("vogels.wav", ContentFile(_tone_wav(10)), save=False)
    webinar.captions.save("vogels.vtt", ContentFile(CAPTIONS.encode()), save=False)
    webinar = _index(home_page).add_child(instance=webinar)
    webinar.save_revision().publish()  # the recording's text is indexed once it is published

    page.goto("/zoeken/?q=kraanvogeltrek")
    page.get_by_role("link", name="Vogels in de bibliotheek").click()
    page.wait_for_url("**/vogels/?t=6#recording")
    _wait_until(page, "() => document.querySelector('video').readyState >= 1")
    _wait_until(page, "() => Math.abs(document.querySelector('video').currentTime - 6) < 0.5")
