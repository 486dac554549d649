"""The personal data of live rooms (privacy/registry.py): chat messages, questions, votes and
mutes.

What was said stays with the room (a webinar's transcript and FAQ are shown with its recording):
erasure and the retention rule move messages and questions to one stand-in, "voormalig
deelnemer", and drop the links that still name someone (mentions, votes, the target person of a
moderation action). Counts stay: a question keeps its number of votes. Erasure also closes the
person's open sockets and writes @mentions of them in others' messages as "@voormalig lid"."""

from datetime import datetime, timedelta

from django.conf import settings
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from live import services
from live.formatting import render_chat_html
from live.models import Message, ModerationAction, Mute, Presence, Question, QuestionVote
from live.permissions import get_target
from live.policies import UnknownRoomKind, policy_for
from privacy.anonymous import chat_stand_in, former_member_name, mentions_replaced, stand_in_ids
from privacy.registry import PersonalData, register


def _room_titles():
    """room -> its title (what the person saw above the chat), read once per room."""
    titles = {}

    def title(room) -> str | None:
        if room.pk not in titles:
            target = get_target(room.kind, room.target_pk)
            try:
                titles[room.pk] = policy_for(room.kind).title(target) if target else None
            except UnknownRoomKind:
                titles[room.pk] = None
        return titles[room.pk]

    return title


def _messages(user) -> list[dict]:
    title = _room_titles()
    return [
        {
            "room": title(message.room),
            "room_kind": message.room.kind,
            "text": message.body,
            "written_at": message.created,
            "hidden": message.hidden,
        }
        for message in Message.objects.filter(author=user).select_related("room").order_by("id")
    ]


def _questions(user) -> list[dict]:
    title = _room_titles()
    return [
        {
            "room": title(question.room),
            "question": question.body,
            "asked_at": question.created,
            "votes": question.vote_count,
            "answered": question.answered,
            "hidden": question.hidden,
        }
        for question in Question.objects.filter(author=user).select_related("room").order_by("id")
    ]


def _votes(user) -> list[dict]:
    title = _room_titles()
    return [
        {
            "room": title(vote.question.room),
            "question_id": vote.question_id,
            "voted_at": vote.created,
        }
        for vote in QuestionVote.objects.filter(user=user)
        .select_related("question__room")
        .order_by("created")
    ]


def _mutes(user) -> list[dict]:
    title = _room_titles()
    return [
        {"room": title(mute.room), "since": mute.created, "until": mute.until}
        for mute in Mute.objects.filter(user=user).select_related("room").order_by("created")
    ]


def _erase_chat(user, erasure) -> None:
    services.user_sockets_close(user=user)  # reads the presence rows: before they go
    Presence.objects.filter(user=user).delete()
    former = former_member_name()
    for message in Message.objects.filter(mentions=user).select_related("room"):
        others = [person.display_name for person in message.mentions.exclude(pk=user.pk)]
        message.body = mentions_replaced(message.body, erasure.display_name, former)
        message.body_html = render_chat_html(message.body, others)
        # A save, not an update: a webinar's searchable transcript is written again (search/).
        message.save(update_fields=["body", "body_html"])
    Message.mentions.through.objects.filter(user=user).delete()
    Message.objects.filter(author=user).update(author=chat_stand_in())
    ModerationAction.objects.filter(target_user=user).update(target_user=None)


def _retention_days() -> int:
    return settings.PRIVACY_CHAT_RETENTION_DAYS


def _anonymise_old_chat(now: datetime) -> int:
    cutoff = now - timedelta(days=_retention_days())
    stand_in = chat_stand_in()
    messages = Message.objects.filter(created__lt=cutoff).exclude(author__in=stand_in_ids())
    questions = Question.objects.filter(created__lt=cutoff).exclude(author__in=stand_in_ids())
    Message.mentions.through.objects.filter(message__created__lt=cutoff).delete()
    QuestionVote.objects.filter(question__created__lt=cutoff).delete()
    ModerationAction.objects.filter(target_message__created__lt=cutoff).update(target_user=None)
    ModerationAction.objects.filter(target_question__created__lt=cutoff).update(target_user=None)
    Mute.objects.filter(created__lt=cutoff).delete()
    return messages.update(author=stand_in) + questions.update(author=stand_in)


def _chat_kept() -> str:
    return gettext(
        "%(days)d days. Then your messages and questions are anonymised: the transcript and "
        "the questions beside a recording stay, attributed to “former participant”."
    ) % {"days": _retention_days()}


register(
    PersonalData(
        key="chat_messages",
        label=_("Chat messages"),
        what=_("What you wrote in the chat of webinars and groups, and when."),
        why=_(
            "So that everyone in the room reads along; after a webinar the chat is shown with "
            "its recording."
        ),
        kept=_chat_kept,
        fields={
            "room": _("the webinar or group whose chat it is"),
            "room_kind": _("webinar, group or thread"),
            "text": _("what you wrote"),
            "written_at": _("when you wrote it"),
            "hidden": _("whether a moderator hid it"),
        },
        export=_messages,
        erase=_erase_chat,
        erase_order=40,
        anonymise=_anonymise_old_chat,
        order=60,
    )
)

register(
    PersonalData(
        key="chat_questions",
        label=_("Questions in webinars"),
        what=_("The questions you asked in webinars, their votes and whether they were answered."),
        why=_("So that the speakers answer them; answered questions are shown with the recording."),
        kept=_chat_kept,
        fields={
            "room": _("the webinar"),
            "question": _("what you asked"),
            "asked_at": _("when you asked it"),
            "votes": _("how many people voted for it"),
            "answered": _("whether it was answered"),
            "hidden": _("whether a moderator hid it"),
        },
        export=_questions,
        erase=lambda user, erasure: Question.objects.filter(author=user).update(
            author=chat_stand_in()
        ),
        erase_order=40,
        order=61,
    )
)

register(
    PersonalData(
        key="question_votes",
        label=_("Votes for questions"),
        what=_("Which questions you voted for."),
        why=_("So that you vote once per question; the most voted questions come first."),
        kept=_chat_kept,
        fields={
            "room": _("the webinar"),
            "question_id": _("the number of the question"),
            "voted_at": _("when you voted"),
        },
        export=_votes,
        erase=lambda user, erasure: QuestionVote.objects.filter(user=user).delete(),
        erase_order=40,
        order=62,
    )
)

register(
    PersonalData(
        key="chat_mutes",
        label=_("Mutes in chats"),
        what=_("When a moderator muted you in a room, and until when."),
        why=_("To keep chats civil."),
        kept=_chat_kept,
        fields={
            "room": _("the webinar or group"),
            "since": _("when you were muted"),
            "until": _("until when (empty: for the rest of the session)"),
        },
        export=_mutes,
        erase=lambda user, erasure: Mute.objects.filter(user=user).delete(),
        erase_order=40,
        order=63,
    )
)
