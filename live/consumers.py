"""The room socket: /ws/live/<kind>/<pk>/?after=<last id>. Thin: it asks live/permissions.py on
connect (and again whenever live/access.py says its decision may be out of date), hands each frame
to a service and relays the room's group events. Frames and errors are described in docs/live.md."""

from __future__ import annotations

import logging
from urllib.parse import parse_qs

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from django.conf import settings
from django.core.cache import cache
from django.utils import translation
from django.utils.translation import gettext as _

from live import selectors, services
from live.access import SocketAccess, access_now
from live.permissions import access_for
from live.relay import CLOSE_RECONNECT, RoomRelay
from live.services import LiveError

logger = logging.getLogger(__name__)

CLOSE_FORBIDDEN = 4403
# At most one presence broadcast per room per this many seconds (a webinar start brings hundreds of
# connects at once); clients also ask for the count with their heartbeat, so it settles.
PRESENCE_BROADCAST_SECONDS = 2


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


class RoomConsumer(AsyncJsonWebsocketConsumer):
    room = None
    access = None
    relay = None

    # --- Connection -------------------------------------------------------------------------

    async def connect(self):
        self.user = self.scope["user"]
        # The session this socket speaks for: a log-out of that session closes it.
        session = self.scope.get("session")
        self.session = services.session_digest(getattr(session, "session_key", None))
        self.language = getattr(self.user, "preferred_language", None) or settings.LANGUAGE_CODE
        kwargs = self.scope["url_route"]["kwargs"]
        self.kind, self.target_pk = kwargs["kind"], kwargs["pk"]
        opened = await self._open_room()
        if opened is None:
            # Refused before accept: the browser sees a failed handshake (403), learns nothing.
            await self.close(code=CLOSE_FORBIDDEN)
            return
        self.room, self.access, welcome = opened
        self.access_check = SocketAccess(self)
        self.relay = await RoomRelay.join(self.channel_layer, self.room.group_name, self)
        if self.user.is_authenticated:
            await self.channel_layer.group_add(
                self.room.user_group_name(self.user.pk), self.channel_name
            )
        await self.accept()
        await self.send_json(welcome)
        self.relay.receive_frames(self)
        # Receiving the room's frames before reading: whatever commits from now on arrives as a
        # broadcast, and whatever committed before is in this catch-up; the client drops the
        # overlap by id.
        query = parse_qs(self.scope.get("query_string", b"").decode())
        after = _int((query.get("after") or [None])[0])
        if after is not None:
            await self._catch_up(after)
        await self._announce_presence()

    @database_sync_to_async
    def _open_room(self):
        access = access_for(self.user, self.kind, self.target_pk)
        if not access.can_read:
            return None
        room = services.room_get_or_create(kind=self.kind, target_pk=self.target_pk)
        services.presence_join(room=room, user=self.user, channel_name=self.channel_name)
        with translation.override(self.language):
            welcome = {
                "type": "welcome",
                "room": selectors.room_state_frame(room, access.target),
                "you": {
                    "id": self.user.pk if self.user.is_authenticated else None,
                    "can_post": access.can_post,
                    "can_moderate": access.can_moderate,
                },
                "presence": selectors.presence_count(room),
            }
        return room, access, welcome

    async def disconnect(self, code):
        if self.room is None:
            return
        try:
            if self.relay is not None:
                await self.relay.leave(self)
            if self.user.is_authenticated:
                await self.channel_layer.group_discard(
                    self.room.user_group_name(self.user.pk), self.channel_name
                )
        except Exception:  # the layer is away (Redis down); its subscriptions went with it
            logger.warning("live: leaving %s while the channel layer is away", self.room.group_name)
        await database_sync_to_async(services.presence_leave)(channel_name=self.channel_name)
        try:
            await self._announce_presence()
        except Exception:
            logger.warning("live: presence in %s not announced: no channel layer", self.room.pk)

    # --- Frames from the client ---------------------------------------------------------------

    async def receive_json(self, content, **kwargs):
        frame_type = content.get("type") if isinstance(content, dict) else None
        # Only whoever may be here now acts or reads here; a heartbeat trusts the last answer.
        if not await self.access_check.confirm(afresh=frame_type != "ping"):
            return  # access ended: the socket is closing (live/access.py)
        handler = self.HANDLERS.get(frame_type)
        if handler is None:
            await self._error("unknown_type", _("Unknown frame type."))
            return
        try:
            with translation.override(self.language):
                await handler(self, content)
        except LiveError as error:
            with translation.override(self.language):
                await self._error(error.code, str(error.message), ref=content.get("ref"))
        except Exception:
            logger.exception(
                "live: frame %r in %s:%s failed", frame_type, self.kind, self.target_pk
            )
            with translation.override(self.language):
                await self._error("server_error", _("Something went wrong; please try again."))

    async def receive(self, text_data=None, bytes_data=None, **kwargs):
        try:
            await super().receive(text_data=text_data, bytes_data=bytes_data, **kwargs)
        except ValueError:  # not JSON
            with translation.override(self.language):
                await self._error("bad_frame", _("Frames must be JSON objects."))

    async def _error(self, code: str, message: str, ref=None):
        frame = {"type": "error", "code": code, "message": message}
        if ref is not None:
            frame["ref"] = ref
        await self.send_json(frame)

    async def on_message(self, content):
        await database_sync_to_async(services.message_post)(
            room=self.room, user=self.user, body=content.get("body"), target=self.access.target
        )
        if content.get("ref") is not None:
            await self.send_json({"type": "ack", "ref": content["ref"]})

    async def on_catch_up(self, content):
        after = _int(content.get("after"))
        if after is None:
            raise LiveError("bad_frame", _("Give the id of the last message you have."))
        await self._catch_up(after)

    async def on_question(self, content):
        await database_sync_to_async(services.question_ask)(
            room=self.room, user=self.user, body=content.get("body")
        )

    async def on_vote(self, content):
        await database_sync_to_async(services.question_vote)(
            room=self.room, user=self.user, question_id=_int(content.get("question"))
        )

    async def on_answer(self, content):
        await database_sync_to_async(services.question_answer)(
            room=self.room,
            actor=self.user,
            question_id=_int(content.get("question")),
            answer=content.get("answer") or "",
            answered=content.get("answered", True) is not False,
        )
        if content.get("ref") is not None:
            await self.send_json({"type": "ack", "ref": content["ref"]})

    async def on_hide(self, content):
        await database_sync_to_async(services.message_hide)(
            room=self.room, actor=self.user, message_id=_int(content.get("message"))
        )

    async def on_mute(self, content):
        await database_sync_to_async(services.user_mute)(
            room=self.room,
            actor=self.user,
            user_id=_int(content.get("user")),
            minutes=_int(content.get("minutes")),
        )

    async def on_room_state(self, content):
        await database_sync_to_async(services.room_set_state)(
            room=self.room,
            actor=self.user,
            state=content.get("state"),
            slow_mode_seconds=_int(content.get("slow_mode_seconds")),
        )

    async def on_ping(self, content):
        """The client's heartbeat: keeps the presence row fresh and answers with the count."""
        count = await database_sync_to_async(self._touch)()
        await self.send_json({"type": "pong", "presence": count})

    def _touch(self) -> int:
        services.presence_touch(channel_name=self.channel_name)
        # A thousand sockets ping every 25 s: they share one count per room for a moment.
        return cache.get_or_set(
            f"live:presence-count:{self.room.pk}",
            lambda: selectors.presence_count(self.room),
            PRESENCE_BROADCAST_SECONDS,
        )

    HANDLERS = {
        "message": on_message,
        "catch_up": on_catch_up,
        "question": on_question,
        "vote": on_vote,
        "answer": on_answer,
        "hide": on_hide,
        "mute": on_mute,
        "room_state": on_room_state,
        "ping": on_ping,
    }

    async def _catch_up(self, after: int):
        frame = await database_sync_to_async(self._catch_up_frame)(after)
        await self.send_json(frame)

    def _catch_up_frame(self, after: int) -> dict:
        messages, complete = selectors.messages_after(self.room, after)
        return {
            "type": "catch_up",
            "after": after,
            "messages": [selectors.message_frame(message) for message in messages],
            "hidden": selectors.hidden_ids_since(self.room, after),
            "complete": complete,
        }

    async def _announce_presence(self):
        if not await database_sync_to_async(cache.add)(
            f"live:presence:{self.room.pk}", 1, PRESENCE_BROADCAST_SECONDS
        ):
            return
        count = await database_sync_to_async(selectors.presence_count)(self.room)
        await self.channel_layer.group_send(
            self.room.group_name, services.frame_event({"type": "presence", "count": count})
        )

    # --- Events from the channel layer --------------------------------------------------------

    async def live_frame(self, event):
        """A frame sent to this socket's own channel (the room's frames come through RoomRelay)."""
        await self.send(text_data=event["text"])

    async def live_muted(self, event):
        with translation.override(self.language):
            await self.send_json(
                {
                    "type": "muted",
                    "until": event["until"],
                    "message": _("A moderator has muted you in this room."),
                }
            )

    async def live_revoke(self, event):
        """The person may no longer be here (access ended, a log-out): closed out at once."""
        with translation.override(self.language):
            await self._error("access_revoked", _("You no longer have access to this room."))
        await self.close(code=CLOSE_FORBIDDEN)

    async def live_reconnect(self, event):
        """The person's password changed: reconnect, so the session is checked again."""
        await self.close(code=CLOSE_RECONNECT)

    async def live_session_ended(self, event):
        """The session this socket was opened with has logged out."""
        if self.session is not None and event.get("session") == self.session:
            await self.live_revoke(event)

    async def live_recheck(self, event):
        """Access may have changed: ask again now, so a person who lost it hears so at once."""
        await self.access_check.confirm(afresh=True)

    async def access_again(self) -> bool:
        """The person and their access read afresh (for live/access.py): True while they may
        read the room. The page is told when what they may do there changed."""
        shown = (self.access.can_post, self.access.can_moderate)
        self.user, self.access = await database_sync_to_async(access_now)(
            self.user, self.kind, self.target_pk
        )
        if not self.access.can_read:
            return False
        if (self.access.can_post, self.access.can_moderate) != shown:
            await self.send_json(
                {
                    "type": "access",
                    "can_post": self.access.can_post,
                    "can_moderate": self.access.can_moderate,
                }
            )
        return True
