"""A recording's slides are a Wagtail document; at its URL it is served to whoever may watch the
recording, and to the editors who manage documents, not to anyone holding the link."""

from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model
from wagtail.models import Collection

from learning.models import Audience
from portal.pdf import pdf
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def recorded(make_webinar):
    def make(recording_audience):
        webinar = make_webinar(
            title="Terugkijken", starts_in=-timedelta(days=3), audience="everyone", publish=False
        )
        webinar.recording_audience = recording_audience
        webinar.recording.save("t.wav", ContentFile(b"RIFF"), save=False)
        root = Collection.get_first_root_node() or Collection.add_root(name="Root")
        webinar.slides = get_document_model().objects.create(
            title="Dia's", file=ContentFile(pdf("Dia's"), name="dias.pdf"), collection=root
        )
        webinar.save_revision().publish()
        return webinar

    return make


def test_members_only_slides_are_refused_to_a_visitor_with_the_link(client, recorded, editor):
    webinar = recorded(Audience.MEMBERS)
    url = webinar.slides.url

    assert client.get(url).status_code == 404
    client.force_login(UserFactory())  # a member of the network may watch the recording
    assert url in client.get(webinar.url).content.decode()
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    client.force_login(editor)
    assert client.get(url).status_code == 200


def test_the_slides_of_a_public_recording_are_public(client, recorded):
    webinar = recorded(Audience.EVERYONE)
    assert client.get(webinar.slides.url).status_code == 200


def test_the_webinar_page_links_the_slides_once_without_repeating_their_title(client, recorded):
    webinar = recorded(Audience.EVERYONE)  # the slides' title is "Dia's"
    page = client.get(webinar.url).content.decode()
    assert "Download de dia’s</a>" in page
    assert "Dia’s: Dia's" not in page and "Dia’s: Dia&#x27;s" not in page
