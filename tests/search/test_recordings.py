"""What was said in a webinar is findable with its recording: a hit in the captions links to the
moment of its cue (the player starts there), answered questions and the chat are found too, and
the text follows moderation. Who finds it is in test_leaks.py."""

import pytest
from django.urls import reverse

from live import services as live_services
from live.models import Message, Room
from search.captions import parse_webvtt
from tests.factories import UserFactory


@pytest.fixture
def recorded(make_recorded_webinar):
    return make_recorded_webinar(
        title="Leesplezier bij peuters",
        captions=[(0, "Welkom allemaal"), (12, "Eerst de praktijk"), (83, "Over het prentenboek")],
        chat=["Wat een mooi voorleesmoment"],
        answered=[("Mogen we de slides delen?", "Ja, met bronvermelding")],
    )


def _hits(client, query):
    return list(client.get(reverse("search:search"), {"q": query}).context["page"])


def test_a_hit_in_the_captions_links_to_the_moment_of_its_cue(client, recorded, member):
    client.force_login(member)
    [hit] = _hits(client, "prentenboek")
    assert hit.kind == "recording"
    assert hit.title == "Leesplezier bij peuters"
    assert hit.url == f"{recorded.url}?t=83#recording"
    assert hit.place == "op 1:23"
    page = client.get(reverse("search:search"), {"q": "prentenboek"}).content.decode()
    assert f'href="{recorded.url}?t=83#recording"' in page
    assert "<mark>prentenboek</mark>" in page


def test_the_recording_page_starts_the_player_at_the_linked_moment(client, recorded, member):
    client.force_login(member)
    page = client.get(f"{recorded.url}?t=83").content.decode()
    assert f'/leren/webinar/{recorded.pk}/opname/#t=83"' in page
    assert 'data-start="83"' in page
    assert 'data-start="' not in client.get(recorded.url).content.decode()


def test_answered_questions_and_chat_are_found_with_the_recording(client, recorded, member):
    client.force_login(member)
    for query in ("bronvermelding", "voorleesmoment"):
        [hit] = _hits(client, query)
        assert hit.kind == "recording"
        assert hit.url == f"{recorded.url}#recording"
        assert hit.place == ""


def test_a_message_hidden_after_publication_is_no_longer_found(
    client, recorded, member, django_capture_on_commit_callbacks
):
    client.force_login(member)
    assert len(_hits(client, "voorleesmoment")) == 1
    room = Room.objects.get(kind="webinar", target_pk=str(recorded.pk))
    moderator = UserFactory(email="host@kennisplein.test", is_staff=True, is_superuser=True)
    message = Message.objects.get(room=room)
    with django_capture_on_commit_callbacks(execute=True):
        live_services.message_hide(room=room, actor=moderator, message_id=message.pk)
    assert _hits(client, "voorleesmoment") == []
    assert len(_hits(client, "prentenboek")) == 1  # the rest is still there


def test_removing_the_recording_removes_its_text(
    client, recorded, member, django_capture_on_commit_callbacks
):
    client.force_login(member)
    recorded.recording = ""
    with django_capture_on_commit_callbacks(execute=True):
        recorded.save_revision().publish()
    assert _hits(client, "prentenboek") == []


def test_webvtt_cues_lose_their_markup():
    cues = parse_webvtt(
        "WEBVTT\n\nNOTE een notitie\n\n1\n00:01:23.500 --> 00:01:25.000 align:start\n"
        "<v Anna>Dag &amp; <i>welkom</i></v>\ntweede regel\n\n01:02:03.000 --> 01:02:04.000\nSlot\n"
    )
    assert cues == [(83.5, "Dag & welkom tweede regel"), (3723.0, "Slot")]
