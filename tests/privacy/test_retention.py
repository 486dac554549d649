"""The daily retention task anonymises chat and registrations older than their configured period,
and only those; transcripts, the FAQ, counts and the reports stay as they were."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.utils import timezone

from accounts.models import Organisation
from learning.models import Audience, Registration
from live import services as live
from live.models import Message, ModerationAction, Question, QuestionVote
from privacy.models import FormerAccount
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _retention() -> str:
    out = StringIO()
    call_command("apply_privacy_retention", stdout=out)
    return out.getvalue()


def _days_ago(days: int):
    return timezone.now() - timedelta(days=days)


@pytest.fixture
def people(library):
    other_library = Organisation.objects.create(name="Bibliotheek Brugge")
    return {
        "ann": UserFactory(display_name="Ann Archief", library=library),
        "bob": UserFactory(display_name="Bob Boek", library=library),
        "cas": UserFactory(display_name="Cas Catalogus", library=other_library),
        "dirk": UserFactory(display_name="Dirk Zonderbieb"),
    }


def test_old_registrations_are_anonymised_and_the_reports_count_the_same(
    client, editor, people, make_webinar
):
    old = make_webinar(title="Oud webinar", starts_in=-timedelta(days=800))
    older = make_webinar(title="Ouder webinar", starts_in=-timedelta(days=900))
    recent = make_webinar(title="Recent webinar", starts_in=-timedelta(days=10))
    for webinar in (old, older):
        for name in ("ann", "bob", "cas", "dirk"):
            Registration.objects.create(
                webinar=webinar,
                user=people[name],
                status="registered",
                attended=name != "dirk",
                watched_recording_at=timezone.now() if name == "ann" else None,
                registered_by=people["bob"] if name == "ann" else None,
            )
    kept = Registration.objects.create(
        webinar=recent, user=people["ann"], status="registered", attended=True
    )
    client.force_login(editor)
    report_before = client.get("/leren/netwerk/?formaat=csv").content
    assert b"Bibliotheek Gent,5,5,5,2" in report_before

    assert "registrations: 8" in _retention()

    assert client.get("/leren/netwerk/?formaat=csv").content == report_before
    for webinar in (old, older):
        registrations = Registration.objects.filter(webinar=webinar).select_related("user")
        assert registrations.count() == 4
        assert {r.user.display_name for r in registrations} == {"Voormalig deelnemer"}
        assert not any(r.registered_by_id for r in registrations)
        assert sorted(r.attended for r in registrations) == [False, True, True, True]
    # The stand-ins are shared between webinars: a few per library, not one per registration.
    assert FormerAccount.objects.filter(kind="stand_in").count() == 4
    kept.refresh_from_db()
    assert kept.user == people["ann"]
    client.force_login(people["ann"])
    mine = client.get("/leren/mijn/").content.decode()
    assert "Recent webinar" in mine and "Oud webinar" not in mine
    # Running it again finds nothing more to do.
    assert "registrations: 0" in _retention()


def test_old_chat_is_anonymised_and_the_recording_keeps_its_transcript_and_faq(
    client, people, make_webinar, editor
):
    ann, bob = people["ann"], people["bob"]
    webinar = make_webinar(
        title="Webinar met opname",
        starts_in=-timedelta(days=400),
        audience=Audience.EVERYONE,
        recording_audience=Audience.EVERYONE,
    )
    from django.core.files.base import ContentFile

    webinar.recording.save("opname.mp4", ContentFile(b"opname"))
    webinar.save_revision().publish()
    room = live.room_get_or_create(kind="webinar", target_pk=webinar.pk)
    old = Message.objects.create(
        room=room, author=ann, body="Oude vraag aan @Bob Boek", body_html="Oude vraag"
    )
    old.mentions.add(bob)
    new = Message.objects.create(room=room, author=ann, body="Nieuw bericht", body_html="Nieuw")
    question = Question.objects.create(
        room=room, author=ann, body="Hoe archiveren we?", answered=True, answer="Zo.", vote_count=1
    )
    QuestionVote.objects.create(question=question, user=bob)
    recent_question = Question.objects.create(room=room, author=bob, body="En nu?")
    action = ModerationAction.objects.create(
        room=room, actor=editor, action="hide_message", target_message=old, target_user=ann
    )
    Message.objects.filter(pk=old.pk).update(created=_days_ago(400))
    Question.objects.filter(pk=question.pk).update(created=_days_ago(400))
    Message.objects.filter(pk=new.pk).update(created=_days_ago(100))
    page_before = client.get(webinar.url).content.decode()
    assert "Ann Archief" in page_before

    assert "chat_messages: 2" in _retention()  # one message and one question

    old.refresh_from_db()
    new.refresh_from_db()
    question.refresh_from_db()
    recent_question.refresh_from_db()
    assert old.author.display_name == "Voormalig deelnemer"
    assert not old.mentions.exists()
    assert new.author == ann
    assert (question.author.display_name, question.vote_count) == ("Voormalig deelnemer", 1)
    assert not QuestionVote.objects.filter(question=question).exists()
    assert recent_question.author == bob
    action.refresh_from_db()
    assert action.target_user is None and action.actor == editor
    assert Message.objects.filter(room=room).count() == 2
    page = client.get(webinar.url).content.decode()
    assert "Voormalig deelnemer" in page  # the transcript keeps the old message
    assert "Oude vraag" in page and "Nieuw" in page
    assert "Hoe archiveren we?" in page  # the FAQ keeps the answered question
    assert "Chat tijdens het webinar (2)" in page
    assert "chat_messages: 0" in _retention()


def test_the_periods_come_from_the_settings(settings, people, make_webinar):
    settings.PRIVACY_CHAT_RETENTION_DAYS = 30
    room = live.room_get_or_create(kind="group", target_pk="1")
    older = Message.objects.create(room=room, author=people["ann"], body="a", body_html="a")
    younger = Message.objects.create(room=room, author=people["ann"], body="b", body_html="b")
    Message.objects.filter(pk=older.pk).update(created=_days_ago(40))
    Message.objects.filter(pk=younger.pk).update(created=_days_ago(20))
    _retention()
    assert Message.objects.get(pk=older.pk).author != people["ann"]
    assert Message.objects.get(pk=younger.pk).author == people["ann"]


@pytest.mark.parametrize("value", ["0", "twee jaar", "-5"])
def test_a_bad_period_stops_the_start_with_a_message(monkeypatch, value):
    from portal.settings import _days

    monkeypatch.setenv("PRIVACY_CHAT_RETENTION_DAYS", value)
    with pytest.raises(ImproperlyConfigured, match="PRIVACY_CHAT_RETENTION_DAYS is a whole number"):
        _days("PRIVACY_CHAT_RETENTION_DAYS", "365")
