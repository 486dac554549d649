"""What the room pages, the consumer and other apps read. Frames are plain dicts, built here so the
consumer never touches the ORM itself."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.db.models import Count, Q
from django.utils import timezone

from live.models import Message, Presence, Question, Room
from live.permissions import Access, access_for
from live.policies import policy_for

PAGE_SIZE = 100
CATCH_UP_LIMIT = 500
# A socket refreshes its presence row every 30 s (the client's heartbeat); rows older than this are
# left behind by a process that died.
PRESENCE_STALE = timedelta(seconds=90)


def _author_name(user) -> str:
    return user.display_name or user.email.split("@")[0]


def message_frame(message: Message, author=None) -> dict:
    author = author or message.author
    return {
        "type": "message",
        "id": message.pk,
        "author": {"id": author.pk, "name": _author_name(author)},
        "html": message.body_html,
        "created": message.created.isoformat(),
    }


def question_frame(question: Question) -> dict:
    return {
        "type": "question",
        "id": question.pk,
        "author": {"id": question.author_id, "name": _author_name(question.author)},
        "body": question.body,
        "votes": question.vote_count,
        "answered": question.answered,
        "answer": question.answer,
        "hidden": question.hidden,
        "created": question.created.isoformat(),
    }


def room_state_frame(room: Room, target) -> dict:
    from live.services import room_effective_state

    return {
        "type": "room_state",
        "state": room_effective_state(room, target),
        "slow_mode_seconds": room.slow_mode_seconds,
    }


def visible_messages(room: Room):
    return room.messages.filter(hidden=False).select_related("author")


def messages_page(room: Room, *, before: int | None = None, limit: int = PAGE_SIZE):
    """The `limit` visible messages before id `before` (or the newest), oldest first, and whether
    older ones exist."""
    queryset = visible_messages(room)
    if before is not None:
        queryset = queryset.filter(pk__lt=before)
    page = list(queryset.order_by("-id")[: limit + 1])
    has_older = len(page) > limit
    return list(reversed(page[:limit])), has_older


def messages_after(room: Room, after: int, *, limit: int = CATCH_UP_LIMIT):
    """What a reconnecting client missed: visible messages with id > after, oldest first, at most
    `limit` (the client asks again from the last one when `complete` is false)."""
    page = list(visible_messages(room).filter(pk__gt=after).order_by("id")[: limit + 1])
    return page[:limit], len(page) <= limit


def hidden_ids_since(room: Room, after: int, *, window: int = CATCH_UP_LIMIT) -> list[int]:
    """Ids of messages hidden among the last `window` messages up to `after`: a client that was away
    may still show them."""
    return list(
        room.messages.filter(hidden=True, pk__lte=after)
        .order_by("-id")
        .values_list("id", flat=True)[:window]
    )


def questions_for_room(room: Room):
    return (
        room.questions.filter(hidden=False).select_related("author").order_by("-vote_count", "id")
    )


def presence_count(room: Room) -> int:
    """People present: distinct logged-in people plus anonymous sockets, across all processes."""
    rows = Presence.objects.filter(room=room, seen__gte=timezone.now() - PRESENCE_STALE)
    counts = rows.aggregate(
        people=Count("user", distinct=True), anonymous=Count("pk", filter=Q(user__isnull=True))
    )
    return counts["people"] + counts["anonymous"]


@dataclass
class RoomPanel:
    """Everything room_panel.html shows for one person; other apps put it in their page context:
    `context["live_room"] = room_panel_for(kind="webinar", target_pk=page.pk, user=request.user)`.
    """

    room: Room
    kind: str
    target: Any
    access: Access
    title: str
    url: str
    state: str
    has_questions: bool
    messages: list = field(default_factory=list)
    has_older: bool = False
    questions: list = field(default_factory=list)
    presence: int = 0

    @property
    def oldest_id(self) -> int | None:
        return self.messages[0].pk if self.messages else None

    @property
    def last_id(self) -> int:
        if self.room.pk is None:
            return 0
        last = self.room.messages.order_by("-id").values_list("id", flat=True).first()
        return last or 0

    @property
    def dom_id(self) -> str:
        return f"{self.kind}-{self.room.target_pk}"

    @property
    def can_write(self) -> bool:
        return self.access.can_post and self.state == Room.State.OPEN

    @property
    def socket_path(self) -> str:
        return f"/ws/live/{self.kind}/{self.room.target_pk}/"


def room_panel_for(
    *, kind: str, target_pk, user, before: int | None = None, target=None
) -> RoomPanel | None:
    """The room of (kind, target_pk) as `user` sees it, or None when they may not read it."""
    from live.services import room_effective_state

    access = access_for(user, kind, str(target_pk), target=target)
    if not access.can_read:
        return None
    policy = policy_for(kind)
    # Reading a page writes nothing: a room without a row yet is shown empty, and the first
    # socket that connects creates it.
    room = _room(kind, target_pk) or Room(kind=kind, target_pk=str(target_pk))
    saved = room.pk is not None
    messages, has_older = messages_page(room, before=before) if saved else ([], False)
    return RoomPanel(
        room=room,
        kind=kind,
        target=access.target,
        access=access,
        title=policy.title(access.target),
        url=policy.url(access.target),
        state=room_effective_state(room, access.target),
        has_questions=policy.has_questions,
        messages=messages,
        has_older=has_older,
        questions=list(questions_for_room(room)) if saved and policy.has_questions else [],
        presence=presence_count(room) if saved else 0,
    )


# --- For the recording page (learning) and search ------------------------------------------------


def _room(kind: str, target_pk) -> Room | None:
    return Room.objects.filter(kind=kind, target_pk=str(target_pk)).first()


def faq_for(kind: str, pk) -> list[Question]:
    """The answered questions of a room, most voted first: the FAQ beside a recording. The caller
    shows it only to whoever may see the target (the recording page's own permission check)."""
    room = _room(kind, pk)
    if room is None:
        return []
    return list(
        room.questions.filter(answered=True, hidden=False)
        .select_related("author")
        .order_by("-vote_count", "id")
    )


def transcript_for(kind: str, pk) -> list[Message]:
    """The whole visible chat of a room, oldest first (hidden messages left out)."""
    room = _room(kind, pk)
    if room is None:
        return []
    return list(visible_messages(room).order_by("id"))


def searchable_text_for(kind: str, pk) -> str:
    """The FAQ and the transcript as plain text, for the owning page's search index."""
    parts = [f"{question.body}\n{question.answer}" for question in faq_for(kind, pk)]
    parts += [message.body for message in transcript_for(kind, pk)]
    return "\n".join(parts)
