"""Pien, whose data the privacy tests export and delete, and Otto, who is in every place she is,
so that the tests can tell that nothing of his leaks into her export or goes with her account."""

from dataclasses import dataclass
from datetime import timedelta

import pytest
from allauth.mfa.models import Authenticator
from allauth.socialaccount.models import SocialAccount
from allauth.usersessions.models import UserSession
from django.core.files.base import ContentFile
from django.utils import timezone

from api import services as api
from cooperation import services as cooperation
from cooperation.discussions import services as discussions
from cooperation.meetings import services as meetings
from cooperation.meetings.models import NewsItem, Participant
from cooperation.models import Group, Invitation, JoinRequest
from inbound.models import InboundMessage
from learning import services as learning
from learning.models import Audience, Registration
from live import services as live
from live.models import Message, Mute, Question, QuestionVote
from notifications.models import EmailPreference
from tests.cooperation.conftest import *  # noqa: F403
from tests.cooperation.conftest import add_member, upload
from tests.factories import UserFactory
from tests.learning.conftest import *  # noqa: F403
from webhooks.models import Webhook

PIEN_NAME, OTTO_NAME = "Pien Privé", "Otto Ander"
# Words only Pien's (or only Otto's) content carries.
PIEN_WORDS = ["pienonderwerp", "pientekst", "pienbestand", "pienchat", "pienvraag", "pienactie"]
OTTO_WORDS = ["ottoantwoord", "ottobestand", "ottochat", "ottovraag", "ottoactie"]


@pytest.fixture
def pien(library):
    return UserFactory(email="pien@bibliotheek.test", display_name=PIEN_NAME, library=library)


@pytest.fixture
def otto(library):
    return UserFactory(email="otto@bibliotheek.test", display_name=OTTO_NAME, library=library)


@dataclass
class Story:
    group: Group
    thread: object
    upcoming: object  # a webinar with one seat: Pien has it, Otto waits
    past: object  # a webinar both attended, with its chat and questions
    otto_message: object
    pien_question: object


def _past_webinar(make_webinar):
    webinar = make_webinar(
        title="Webinar over archieven",
        starts_in=-timedelta(days=3),
        audience=Audience.EVERYONE,
        recording_audience=Audience.EVERYONE,
    )
    webinar.recording.save("opname.mp4", ContentFile(b"opname"))
    webinar.save_revision().publish()
    webinar.refresh_from_db()
    return webinar


@pytest.fixture
def story(pien, otto, group_owner, make_group, make_webinar, django_capture_on_commit_callbacks):
    """Pien and Otto side by side in a group, its library, a thread, a meeting, two webinars and
    a webinar's chat; Pien also has her own settings, feed, log-ins and requests."""
    group = make_group(Group.Visibility.MEMBERS, name="Werkgroep Privacy")
    add_member(group, pien)
    add_member(group, otto)
    other = make_group(Group.Visibility.MEMBERS, name="Werkgroep Elders")
    JoinRequest.objects.create(group=other, user=pien, message="Mag ik erbij? pienverzoek")
    Invitation.objects.create(group=other, email=pien.email, invited_by=group_owner)
    with django_capture_on_commit_callbacks(execute=True):
        cooperation.document_upload(
            group=group,
            uploaded=upload("pien.txt", b"pienbestand inhoud\n", "text/plain"),
            title="Notities pienbestand",
            by=pien,
        )
        cooperation.document_upload(
            group=group,
            uploaded=upload("otto.txt", b"ottobestand inhoud\n", "text/plain"),
            title="Notities ottobestand",
            by=otto,
        )
        thread = discussions.thread_create(
            group=group, author=pien, title="Pienonderwerp", body="pientekst eerste versie"
        )
        pien_post = thread.posts.get()
        discussions.post_edit(post=pien_post, by=pien, body="pientekst opening")
        discussions.post_reply(thread=thread, author=otto, body=f"ottoantwoord voor @{PIEN_NAME}")
    meeting = meetings.meeting_create(
        group=group,
        by=group_owner,
        title="Overleg voorjaar",
        starts_at=timezone.now() - timedelta(days=1),
        ends_at=timezone.now() - timedelta(days=1) + timedelta(hours=1),
    )
    Participant.objects.filter(meeting=meeting, user=pien).update(attendance="present")
    meetings.action_item_add(meeting=meeting, by=group_owner, text="pienactie", owner=pien)
    meetings.action_item_add(meeting=meeting, by=group_owner, text="ottoactie", owner=otto)
    NewsItem.objects.create(group=group, title="Nieuws van Pien", slug="pien", author=pien)

    upcoming = make_webinar(title="Webinar over lezen", capacity=1)
    learning.registration_create(webinar=upcoming, user=pien)
    learning.registration_create(webinar=upcoming, user=otto)
    past = _past_webinar(make_webinar)
    for person in (pien, otto):
        Registration.objects.create(
            webinar=past, user=person, status=Registration.Status.REGISTERED, attended=True
        )
    room = live.room_get_or_create(kind="webinar", target_pk=past.pk)
    Message.objects.create(
        room=room, author=pien, body="pienchat hallo", body_html="pienchat hallo"
    )
    otto_message = Message.objects.create(
        room=room,
        author=otto,
        body=f"ottochat dag @{PIEN_NAME}",
        body_html=f"ottochat dag <strong>@{PIEN_NAME}</strong>",
    )
    otto_message.mentions.add(pien)
    pien_question = Question.objects.create(
        room=room, author=pien, body="pienvraag over archieven", answered=True, answer="Ja."
    )
    otto_question = Question.objects.create(room=room, author=otto, body="ottovraag", vote_count=1)
    QuestionVote.objects.create(question=otto_question, user=pien)
    QuestionVote.objects.create(question=pien_question, user=otto)
    Question.objects.filter(pk=pien_question.pk).update(vote_count=1)
    group_room = live.room_get_or_create(kind="group", target_pk=group.pk)
    Mute.objects.create(room=group_room, user=pien, created_by=group_owner)

    EmailPreference.objects.create(user=pien, kind="reply", frequency="daily")
    learning.calendar_feed_get(user=pien)
    Authenticator.objects.create(user=pien, type="totp", data={"secret": "PIENGEHEIM"})
    SocialAccount.objects.create(user=pien, provider="openid_connect", uid="pien-bij-bib")
    api.token_create(user=pien, name="pienscript", scope="read")
    Webhook.objects.create(
        name="Pienkoppeling", url="https://pien.example.org/haak", events=[], owner=pien
    )
    UserSession.objects.create(
        user=pien, ip="192.0.2.7", session_key="piensessie", user_agent="Firefox (pien)"
    )
    for person, subject in ((pien, "Re: pienonderwerp"), (otto, "Re: ottoantwoord")):
        InboundMessage.objects.create(
            outcome=InboundMessage.Outcome.POSTED,
            reason=InboundMessage.Reason.POSTED,
            sender=person.email,
            subject=subject,
            message_id=f"<{person.pk}@mail.test>",
            user=person,
            thread=thread,
        )
    return Story(
        group=group,
        thread=thread,
        upcoming=upcoming,
        past=past,
        otto_message=otto_message,
        pien_question=pien_question,
    )
