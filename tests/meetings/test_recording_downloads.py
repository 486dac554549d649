"""The recording and its captions can be downloaded visibly, with their sizes, by whoever may
watch them; the file doors still ask every time (test_security.py walks them as outsiders)."""

from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils import translation

from tests.meetings.conftest import publish_all


def test_members_see_download_links_with_sizes(client, full_meeting, member):
    client.force_login(member)
    page = client.get(full_meeting.get_absolute_url()).content.decode()
    recording = reverse("meetings:recording", args=[full_meeting.pk])
    captions = reverse("meetings:captions", args=[full_meeting.pk])
    assert f'<a href="{recording}" download>Opname downloaden</a>' in page
    assert f'<a href="{captions}" download>Ondertiteling downloaden (WebVTT)</a>' in page
    with translation.override("nl"):
        size = filesizeformat(full_meeting.recording_size)
    assert f"({size})" in page  # the recording's size beside its link
    assert b"".join(client.get(captions).streaming_content).startswith(b"WEBVTT")


def test_the_public_page_offers_the_downloads_once_the_recording_is_published(
    client, full_meeting, steering_secretary
):
    public = reverse("meetings:public_detail", args=[full_meeting.pk])
    recording = reverse("meetings:recording", args=[full_meeting.pk])
    assert client.get(public).status_code == 404
    assert client.get(recording).status_code == 302  # log in first: not for everyone yet
    publish_all(full_meeting, steering_secretary)
    page = client.get(public).content.decode()
    assert "Opname downloaden" in page and "Ondertiteling downloaden (WebVTT)" in page
    assert client.get(recording).status_code == 200
