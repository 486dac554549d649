"""Meetings belong to the Coöperatieplatform's groups: its people and groups are ours too."""

import io
import math
import struct
import wave
from datetime import timedelta

import pytest
from django.utils import timezone

from cooperation.meetings import services as meetings
from cooperation.models import Group
from tests.cooperation.conftest import *  # noqa: F403
from tests.cooperation.conftest import add_member, upload
from tests.cooperation.samples import pdf
from tests.factories import UserFactory

VTT = b"WEBVTT\n\n00:00:00.000 --> 00:00:01.000\nWelkom bij de vergadering.\n"


def wav(seconds: float = 0.5, rate: int = 8000) -> bytes:
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(
            b"".join(
                struct.pack("<h", int(4000 * math.sin(2 * math.pi * 440 * i / rate)))
                for i in range(int(seconds * rate))
            )
        )
    return buffer.getvalue()


@pytest.fixture
def member(db):
    return UserFactory(email="lid@bibliotheek.test", display_name="Lies Lid")


@pytest.fixture
def committee(make_group, steering_secretary, member):
    """A members-only steering committee: the secretary owns it, `member` is a member."""
    group = make_group(
        Group.Visibility.MEMBERS, owner=steering_secretary, name="Stuurgroep Netwerk"
    )
    add_member(group, member)
    return group


@pytest.fixture
def make_meeting(steering_secretary):
    def make(group, *, title="Stuurgroepvergadering", days=7, by=None, **fields):
        start = timezone.now().replace(microsecond=0) + timedelta(days=days)
        return meetings.meeting_create(
            group=group,
            by=by or steering_secretary,
            title=title,
            starts_at=start,
            ends_at=start + timedelta(hours=2),
            **fields,
        )

    return make


@pytest.fixture
def full_meeting(committee, make_meeting, steering_secretary, django_capture_on_commit_callbacks):
    """A past meeting with a presentation, a recording with captions, and minutes approved at
    the next meeting; nothing published yet."""
    meeting = make_meeting(
        committee, title="Sessie maart", days=-14, agenda_source="1. Begroting kwartaal"
    )
    following = make_meeting(committee, title="Sessie april", days=7)
    with django_capture_on_commit_callbacks(execute=True):
        meetings.presentation_upload(
            meeting=meeting,
            by=steering_secretary,
            uploaded=upload("sheets.pdf", pdf("Sheets over het jaarplan"), "application/pdf"),
            title="Sheets jaarplan",
        )
    meetings.recording_set(
        meeting=meeting, by=steering_secretary, uploaded=upload("opname.wav", wav(), "audio/wav")
    )
    meetings.captions_set(
        meeting=meeting, by=steering_secretary, uploaded=upload("opname.vtt", VTT, "text/vtt")
    )
    meetings.minutes_save(meeting=meeting, by=steering_secretary, minutes_source="Verslag.")
    meetings.minutes_propose(meeting=meeting, by=steering_secretary)
    meetings.minutes_approve(meeting=meeting, at_meeting=following, by=steering_secretary)
    meeting.refresh_from_db()
    return meeting


def publish_all(meeting, by):
    return meetings.meeting_publish(
        meeting=meeting, by=by, presentations=True, minutes=True, recording=True
    )
