"""What people do in a room. Every action checks permission through live/permissions.py, runs in a
transaction and announces itself to the room's open sockets only after commit."""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
import os
from collections.abc import Callable
from datetime import timedelta

from asgiref.sync import SyncToAsync, async_to_sync
from channels.layers import get_channel_layer
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from live import selectors
from live.formatting import mentioned_names, render_chat_html
from live.models import (
    Message,
    ModerationAction,
    Mute,
    Presence,
    Question,
    QuestionVote,
    Room,
)
from live.permissions import access_for
from live.policies import policy_for

logger = logging.getLogger(__name__)

MAX_LENGTH = getattr(settings, "LIVE_MESSAGE_MAX_LENGTH", 2000)
FLOOD_MESSAGES = getattr(settings, "LIVE_FLOOD_MESSAGES", 5)
FLOOD_SECONDS = getattr(settings, "LIVE_FLOOD_SECONDS", 10)


class LiveError(Exception):
    """A refused action: `code` for programs, `message` (lazy, translated when sent) for people."""

    def __init__(self, code: str, message):
        super().__init__(code)
        self.code = code
        self.message = message


# --- Broadcasting -------------------------------------------------------------------------------


def _send(group: str, event: dict, *, method: str = "group_send") -> None:
    """Sends `event` to a channel-layer group (or, with method="send", to one socket's channel)."""
    layer = get_channel_layer()
    if layer is None:
        return
    loop = _server_loop()
    if loop is not None:
        # In the server the broadcast is handed to the event loop and the action returns at once:
        # waiting for Redis here held the one thread that every socket's database work shares
        # (half of a message's cost in the fan-out benchmark, docs/live.md).
        loop.call_soon_threadsafe(_enqueue, method, group, event)
        return
    try:
        async_to_sync(getattr(layer, method))(group, event)
    except Exception:
        # The row is committed and a reconnecting client will fetch it; a broadcast that failed
        # (Redis briefly away) must not turn the user's action into an error.
        logger.exception("live: broadcast to %s failed", group)


def _server_loop() -> asyncio.AbstractEventLoop | None:
    """The event loop this thread works for, when it runs a consumer's database_sync_to_async."""
    loop = getattr(SyncToAsync.threadlocal, "main_event_loop", None)
    if loop is None or loop.is_closed() or not loop.is_running():
        return None
    if getattr(SyncToAsync.threadlocal, "main_event_loop_pid", None) != os.getpid():
        return None
    return loop


# One outbox per event loop, sent one event at a time: broadcasts leave in the order their
# transactions committed (a room's messages commit in id order), as they did when each waited.
_outboxes: dict[asyncio.AbstractEventLoop, asyncio.Queue] = {}


def _enqueue(method: str, group: str, event: dict) -> None:
    loop = asyncio.get_running_loop()
    outbox = _outboxes.get(loop)
    if outbox is None:
        for stale in [other for other in _outboxes if other.is_closed()]:
            del _outboxes[stale]
        outbox = _outboxes[loop] = asyncio.Queue()
        outbox.sender = loop.create_task(_send_outbox(outbox))  # referenced, so never collected
    outbox.put_nowait((method, group, event))


async def _send_outbox(outbox: asyncio.Queue) -> None:
    layer = get_channel_layer()
    while True:
        method, group, event = await outbox.get()
        try:
            await getattr(layer, method)(group, event)
        except Exception:
            logger.exception("live: broadcast to %s failed", group)
            # Stored but not sent: the sockets reconnect and fetch it (live.relay.LayerWatch).
            from live.relay import RoomRelay

            await RoomRelay.close_all_sockets()


def frame_event(frame: dict) -> dict:
    """The channel-layer event that relays `frame` to sockets. Encoded once here, not once per
    socket: in a webinar one message goes out to hundreds of them."""
    return {"type": "live.frame", "text": json.dumps(frame, separators=(",", ":"))}


def broadcast(room: Room, frame: dict) -> None:
    """Sends `frame` to every open socket of `room` once the current transaction commits."""
    event = frame_event(frame)
    transaction.on_commit(lambda: _send(room.group_name, event))


def _send_to_user(room: Room, user_id: int, event: dict) -> None:
    transaction.on_commit(lambda: _send(room.user_group_name(user_id), event))


# --- Mentions: other apps hook in here (notifications come with a later issue) ------------------

_mention_handlers: list[Callable[[Message, list], None]] = []


def register_mention_handler(handler: Callable[[Message, list], None]) -> None:
    """`handler(message, users)` runs after commit for each message that mentions people."""
    if handler not in _mention_handlers:
        _mention_handlers.append(handler)


def _notify_mentions(message: Message, users: list) -> None:
    for handler in list(_mention_handlers):
        try:
            handler(message, users)
        except Exception:
            logger.exception("live: mention handler %r failed", handler)


# --- Rooms --------------------------------------------------------------------------------------


def room_get_or_create(*, kind: str, target_pk: str) -> Room:
    room, _created = Room.objects.get_or_create(kind=kind, target_pk=str(target_pk))
    return room


def room_effective_state(room: Room, target) -> str:
    """The room's state as people experience it now: the moderators' switch, within the time window
    of its target (a webinar's room opens before the start and turns read-only after the end)."""
    if room.state == Room.State.CLOSED:
        return Room.State.CLOSED
    policy = policy_for(room.kind)
    now = timezone.now()
    closes_at = policy.closes_at(target)
    if closes_at is not None and now >= closes_at:
        return Room.State.READ_ONLY
    opens_at = policy.opens_at(target)
    if opens_at is not None and now < opens_at:
        return "not_open"
    return room.state


def _require(condition: bool, code: str = "forbidden") -> None:
    if not condition:
        raise LiveError(code, _("You may not do that in this room."))


def _active_mute(room: Room, user) -> Mute | None:
    now = timezone.now()
    return (
        Mute.objects.filter(room=room, user=user)
        .filter(Q(until__isnull=True) | Q(until__gt=now))
        .first()
    )


def _check_may_write(room: Room, user, access, *, rate_limited: bool = True) -> None:
    """The checks shared by messages and questions, in the order a person can act upon them."""
    _require(access.can_post)
    state = room_effective_state(room, access.target)
    if state == Room.State.CLOSED:
        raise LiveError("room_closed", _("This room is closed."))
    if state == "not_open":
        raise LiveError("room_not_open", _("This room is not open yet."))
    if state == Room.State.READ_ONLY:
        raise LiveError("read_only", _("This room is read-only: nobody can write in it now."))
    if _active_mute(room, user):
        raise LiveError("muted", _("A moderator has muted you in this room."))
    if not rate_limited or access.can_moderate:
        return  # hosts and moderators announce; they are not rate-limited
    _check_flood(Message, user, access)
    now = timezone.now()
    if room.slow_mode_seconds:
        last = (
            Message.objects.filter(room=room, author=user)
            .order_by("-id")
            .values_list("created", flat=True)
            .first()
        )
        if last is not None:
            wait = room.slow_mode_seconds - (now - last).total_seconds()
            if wait > 0:
                raise LiveError(
                    "slow_mode",
                    ngettext_lazy(
                        "Slow mode is on: you can write again in %(seconds)d second.",
                        "Slow mode is on: you can write again in %(seconds)d seconds.",
                        "seconds",
                    )
                    % {"seconds": max(1, round(wait))},
                )


def _check_flood(model, user, access) -> None:
    """At most FLOOD_MESSAGES messages (or questions, counted apart) per person in FLOOD_SECONDS,
    in all rooms together; moderators are exempt."""
    if access.can_moderate:
        return
    since = timezone.now() - timedelta(seconds=FLOOD_SECONDS)
    # Counted in the database, so the limit holds however many server processes serve the person.
    if model.objects.filter(author=user, created__gte=since).count() >= FLOOD_MESSAGES:
        raise LiveError(
            "flood",
            ngettext_lazy(
                "Slow down: at most %(count)d messages in %(seconds)d seconds.",
                "Slow down: at most %(count)d messages in %(seconds)d seconds.",
                FLOOD_MESSAGES,
            )
            % {"count": FLOOD_MESSAGES, "seconds": FLOOD_SECONDS},
        )


def _clean_body(body) -> str:
    body = (body if isinstance(body, str) else "").strip()
    if not body:
        raise LiveError("empty", _("Write something first."))
    if len(body) > MAX_LENGTH:
        raise LiveError(
            "too_long",
            _("A message can be at most %(max)d characters long; yours has %(length)d.")
            % {"max": MAX_LENGTH, "length": len(body)},
        )
    return body


def _mention_candidates(room: Room, user):
    """People who may be meant by @Name: those present in the room or who wrote in it."""
    User = get_user_model()
    present = Presence.objects.filter(room=room, user__isnull=False).values("user_id")
    writers = Message.objects.filter(room=room).values("author_id")
    return User.objects.filter(Q(id__in=present) | Q(id__in=writers), is_active=True).exclude(
        pk=user.pk
    )


@transaction.atomic
def message_post(*, room: Room, user, body: str, target=None) -> Message:
    """Stores a chat message and broadcasts it once committed; raises LiveError when refused.
    `target`: the room's target object when the caller holds it (a socket keeps the one it got on
    connect, refreshed on every access re-check); the policy's permission checks run regardless."""
    body = _clean_body(body)
    # Lock the room row: messages of one room then commit in id order, so a client that has seen
    # id N and asks for after=N never misses a lower id committed a moment later (PostgreSQL hands
    # out sequence values before commit). It also makes the flood and slow-mode checks exact.
    room = Room.objects.select_for_update().get(pk=room.pk)
    access = access_for(user, room.kind, room.target_pk, target=target)
    _check_may_write(room, user, access)

    mentioned = []
    if "@" in body:
        policy = policy_for(room.kind)
        candidates = {person.display_name: person for person in _mention_candidates(room, user)}
        names = mentioned_names(body, candidates)
        mentioned = [
            candidates[name] for name in names if policy.can_read(candidates[name], access.target)
        ]
    message = Message.objects.create(
        room=room,
        author=user,
        body=body,
        body_html=render_chat_html(body, [person.display_name for person in mentioned]),
    )
    if mentioned:
        message.mentions.set(mentioned)
        transaction.on_commit(lambda: _notify_mentions(message, mentioned))
    broadcast(room, selectors.message_frame(message, author=user))
    return message


@transaction.atomic
def message_hide(*, room: Room, actor, message_id: int) -> Message:
    access = access_for(actor, room.kind, room.target_pk)
    _require(access.can_moderate)
    message = Message.objects.select_for_update().filter(room=room, pk=message_id).first()
    if message is None:
        raise LiveError("not_found", _("That message does not exist (any more)."))
    if not message.hidden:
        message.hidden, message.hidden_by, message.hidden_at = True, actor, timezone.now()
        message.save(update_fields=["hidden", "hidden_by", "hidden_at"])
        ModerationAction.objects.create(
            room=room,
            actor=actor,
            action=ModerationAction.Action.HIDE_MESSAGE,
            target_message=message,
            target_user=message.author,
        )
        broadcast(room, {"type": "hidden", "id": message.pk})
    return message


@transaction.atomic
def user_mute(*, room: Room, actor, user_id: int, minutes: int | None = None) -> Mute:
    """Mutes a person in this room for `minutes`, or for the rest of the session: until the target
    closes (a webinar's end), or for good in a room without an end (a group)."""
    access = access_for(actor, room.kind, room.target_pk)
    _require(access.can_moderate)
    User = get_user_model()
    person = User.objects.filter(pk=user_id).first()
    if person is None:
        raise LiveError("not_found", _("That person does not exist."))
    if person.pk == actor.pk or access_for(person, room.kind, room.target_pk).can_moderate:
        raise LiveError("cannot_mute", _("Moderators cannot be muted."))
    if minutes:
        until = timezone.now() + timedelta(minutes=int(minutes))
    else:
        until = policy_for(room.kind).closes_at(access.target)
    mute, _created = Mute.objects.update_or_create(
        room=room, user=person, defaults={"until": until, "created_by": actor}
    )
    ModerationAction.objects.create(
        room=room,
        actor=actor,
        action=ModerationAction.Action.MUTE,
        target_user=person,
        detail=f"until {until.isoformat()}" if until else "rest of session",
    )
    _send_to_user(
        room,
        person.pk,
        {"type": "live.muted", "until": until.isoformat() if until else None},
    )
    return mute


@transaction.atomic
def room_set_state(
    *, room: Room, actor, state: str | None = None, slow_mode_seconds: int | None = None
) -> Room:
    access = access_for(actor, room.kind, room.target_pk)
    _require(access.can_moderate)
    room = Room.objects.select_for_update().get(pk=room.pk)
    if state is not None and state not in Room.State.values:
        raise LiveError("invalid", _("Unknown room state."))
    if state is not None and state != room.state:
        room.state = state
        room.save(update_fields=["state"])
        ModerationAction.objects.create(
            room=room, actor=actor, action=ModerationAction.Action.STATE, detail=state
        )
    if slow_mode_seconds is not None:
        seconds = max(0, min(int(slow_mode_seconds), 3600))
        if seconds != room.slow_mode_seconds:
            room.slow_mode_seconds = seconds
            room.save(update_fields=["slow_mode_seconds"])
            ModerationAction.objects.create(
                room=room,
                actor=actor,
                action=ModerationAction.Action.SLOW_MODE,
                detail=str(seconds),
            )
    broadcast(room, selectors.room_state_frame(room, access.target))
    return room


@transaction.atomic
def question_ask(*, room: Room, user, body: str) -> Question:
    access = access_for(user, room.kind, room.target_pk)
    if not policy_for(room.kind).has_questions:
        raise LiveError("no_questions", _("This room has no questions."))
    body = _clean_body(body)
    room = Room.objects.select_for_update().get(pk=room.pk)
    # Slow mode is for the chat; a flood of questions is refused all the same.
    _check_may_write(room, user, access, rate_limited=False)
    _check_flood(Question, user, access)
    question = Question.objects.create(room=room, author=user, body=body)
    broadcast(room, selectors.question_frame(question))
    return question


@transaction.atomic
def question_vote(*, room: Room, user, question_id: int) -> Question:
    """One upvote per person per question; voting twice changes nothing."""
    access = access_for(user, room.kind, room.target_pk)
    _require(access.can_post)
    question = Question.objects.filter(room=room, pk=question_id, hidden=False).first()
    if question is None:
        raise LiveError("not_found", _("That question does not exist (any more)."))
    try:
        with transaction.atomic():
            QuestionVote.objects.create(question=question, user=user)
    except IntegrityError:
        raise LiveError("already_voted", _("You have already voted for this question.")) from None
    Question.objects.filter(pk=question.pk).update(vote_count=F("vote_count") + 1)
    question.refresh_from_db()
    broadcast(room, selectors.question_frame(question))
    return question


@transaction.atomic
def question_answer(
    *, room: Room, actor, question_id: int, answer: str = "", answered: bool = True
) -> Question:
    """Marks a question answered (with an optional written answer, shown in the FAQ afterwards)."""
    access = access_for(actor, room.kind, room.target_pk)
    _require(access.can_moderate)
    question = Question.objects.select_for_update().filter(room=room, pk=question_id).first()
    if question is None:
        raise LiveError("not_found", _("That question does not exist (any more)."))
    answer = (answer if isinstance(answer, str) else "").strip()
    if len(answer) > MAX_LENGTH:
        raise LiveError("too_long", _("The answer is too long."))
    question.answered = bool(answered)
    question.answer = answer
    question.answered_by = actor if answered else None
    question.answered_at = timezone.now() if answered else None
    question.save(update_fields=["answered", "answer", "answered_by", "answered_at"])
    ModerationAction.objects.create(
        room=room,
        actor=actor,
        action=ModerationAction.Action.ANSWER,
        target_question=question,
        target_user=question.author,
        detail="answered" if answered else "reopened",
    )
    broadcast(room, selectors.question_frame(question))
    return question


# --- Access changes (called by the apps that own membership) ------------------------------------


def room_access_revoke(kind: str, target_pk, user) -> None:
    """Tells the open sockets of `user` in the room of (kind, target_pk) to check their access
    again; those that may no longer read the room are closed. For rules that read something no
    watched model holds (live/access.py watches rows); cheap when nobody is connected."""
    room = Room.objects.filter(kind=kind, target_pk=str(target_pk)).first()
    if room is not None:
        room_sockets_recheck(room.pk, user.pk)


def room_sockets_recheck(room_id: int, user_id: int | None = None) -> None:
    """Once the current transaction commits, the room's open sockets (or only those of
    `user_id`) ask for their access again. The event travels in the room's own stream, so each
    socket stops trusting its old decision before any frame sent after it (live/access.py)."""
    event = {"type": "live.recheck"}
    if user_id is not None:
        event["user"] = user_id
    group = Room(pk=room_id).group_name
    transaction.on_commit(lambda: _send(group, event))


def _send_to_sockets_of(user, event: dict) -> None:
    """`event` to each open socket of `user` in every room (found by their `Presence` rows,
    across server processes), once the current transaction commits."""
    channels = list(Presence.objects.filter(user=user).values_list("channel_name", flat=True))
    for channel in channels:
        transaction.on_commit(lambda channel=channel: _send(channel, event, method="send"))


def user_sockets_close(*, user) -> None:
    """Closes every open socket of `user` in every room, once the current transaction commits (an
    account deactivated: live/signals.py). Each gets an `access_revoked` error frame and close code
    4403; reconnecting fails, as the session no longer logs anyone in."""
    _send_to_sockets_of(user, {"type": "live.revoke"})


def user_sockets_reconnect(*, user) -> None:
    """Every open socket of `user` closes with code 4012, on which browsers reconnect at once
    with the cookie they now hold (a new password: live/signals.py). A session the new password
    ended logs nobody in any more, so its sockets come back without the person, or not at all;
    the session that changed the password comes back as it was and catches up."""
    _send_to_sockets_of(user, {"type": "live.reconnect"})


def session_digest(session_key: str | None) -> str | None:
    """How a socket and a log-out name a session to each other over the channel layer (a hash:
    session keys are credentials, and the layer's messages pass through Redis)."""
    return hashlib.sha256(session_key.encode()).hexdigest() if session_key else None


def session_sockets_close(*, user, session_key: str | None) -> None:
    """Closes the sockets `user` opened with the session `session_key` (a log-out): each gets an
    `access_revoked` error frame and close code 4403. Sockets of the person's other sessions
    (another device still logged in) stay open, as those sessions do."""
    digest = session_digest(session_key)
    if digest is None:
        return
    _send_to_sockets_of(user, {"type": "live.session_ended", "session": digest})


# --- Presence -----------------------------------------------------------------------------------


def presence_join(*, room: Room, user, channel_name: str) -> None:
    Presence.objects.update_or_create(
        channel_name=channel_name,
        defaults={
            "room": room,
            "user": user if user.is_authenticated else None,
            "seen": timezone.now(),
        },
    )


def presence_touch(*, channel_name: str) -> None:
    Presence.objects.filter(channel_name=channel_name).update(seen=timezone.now())


def presence_leave(*, channel_name: str) -> None:
    Presence.objects.filter(channel_name=channel_name).delete()
