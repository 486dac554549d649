"""How an open socket's right to its room ends, whatever path took it away: the rule, in one place.

A socket asks live/permissions.py when it opens. A right can end later through a service (a member
removed on the site), but just as well through the Wagtail admin's forms, formsets and bulk
actions, a cascade, a management command or a queryset update, none of which calls a service. So:

1. A frame of the person that acts in the room or reads from it (a message, a question, a vote, a
   moderator's action, a catch-up) is handled only after the socket has asked again: the person
   read afresh (deleted or deactivated means no access), then the room's policy. Whatever path
   took a right away, nobody uses it once the change has committed. That costs a few queries per
   such frame, which people send by hand.
2. The room's frames go out to every socket of the room, hundreds for one message in a webinar, so
   there the socket relies on a *decision*: the last answer, trusted only while nothing says it
   may be wrong. An expired decision is asked again before the frame goes out; the room's frames
   that arrive meanwhile wait, in order, and are delivered or dropped by the answer. The browser's
   heartbeat relies on the decision too.
3. A decision expires after LIVE_ACCESS_RECHECK_SECONDS at most (a little less, at random, so
   sockets that opened together do not ask together). This is the floor: a change no code sees,
   such as a raw SQL update, ends access within that time once the room or the person says
   anything (browsers ping every 25 seconds).
4. A change that may end someone's access expires the decisions it concerns at once. Every save,
   delete (cascades included) and many-to-many change of a model that a room's rules read is
   watched: the user model by live/ itself, the others as each room kind declares them in its
   policy's `access_models` (live/policies.py); so is every bulk action of the Wagtail admin,
   which updates rows without signals (live/wagtail_hooks.py). A row's concern says whose sockets
   it may touch: its person's (an account, a membership, a registration) or its rooms' (a group's
   visibility, a webinar's audience). Once the change commits, each room concerned gets a
   re-check event in the stream of its frames, which a server process relays in order
   (live/relay.py): a frame that follows the re-check never reaches a socket on its old decision.
5. A socket that may no longer read its room gets an `access_revoked` error and is closed with 4403:
   the page says access has ended and does not reconnect. A socket whose rights changed otherwise
   (posting, moderating) gets an `access` frame with the new ones.

Why not one counter of all changes, read before every frame: then each registration or membership
anywhere would make every socket of every room ask again at once, which a webinar with a thousand
people cannot afford. A change concerns one person's sockets, or one room's.
"""

from __future__ import annotations

import asyncio
import logging
import random
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import models
from django.db.models.signals import m2m_changed, post_save, pre_delete

from live.permissions import NO_ACCESS, access_for
from live.relay import CLOSE_RECONNECT

logger = logging.getLogger(__name__)


# --- Which changes concern which sockets ---------------------------------------------------------


@dataclass(frozen=True)
class Person:
    """A row that carries one person's rights: its change concerns that person's sockets."""

    field: str  # the attribute holding the person's id: "user_id", or "pk" on the user model


@dataclass(frozen=True)
class Rooms:
    """A row that the rules of a kind's rooms read: its change concerns the sockets of the rooms
    whose target keys `targets(row)` gives, or of every room of the kind when it is None."""

    targets: Callable[[models.Model], Iterable] | None = None


def person(field: str) -> Person:
    return Person(field)


def rooms(targets: Callable[[models.Model], Iterable] | None = None) -> Rooms:
    return Rooms(targets)


# model -> {room kind (None for a person's concern, which spans every kind): concern}
_watched: dict[type[models.Model], dict[str | None, Person | Rooms]] = {}


def watch(model: type[models.Model], concern: Person | Rooms, *, kind: str | None = None) -> None:
    """Changes of `model` (and of its subclasses: a page type's rows are saved under either) may
    end someone's access; `concern` says whose. Called when the apps are ready."""
    # A person's concern spans every kind: kept once, however many kinds name it.
    key = None if isinstance(concern, Person) else kind
    for watched in {model, *(other for other in apps.get_models() if issubclass(other, model))}:
        _watched.setdefault(watched, {})[key] = concern
        uid = f"live_access_{watched._meta.label}"
        post_save.connect(_saved, sender=watched, dispatch_uid=uid)
        # Before the delete: its cascade removes the Presence rows that name the sockets.
        pre_delete.connect(_deleting, sender=watched, dispatch_uid=uid)
        for field in watched._meta.many_to_many:
            through = field.remote_field.through
            m2m_changed.connect(_m2m_changed, sender=through, dispatch_uid=f"{uid}_{field.name}")


def watch_people() -> None:
    """The user model: every room's rule starts with the person (active, staff, their roles)."""
    watch(get_user_model(), person("pk"))


def watched_models() -> frozenset[type[models.Model]]:
    """The models whose changes reach open sockets (the route walk finds the admin's views of
    them)."""
    return frozenset(_watched)


def rows_changed(rows: Iterable[models.Model]) -> None:
    """The sockets `rows` concern ask again once the transaction commits; for paths that send no
    signal of their own (a bulk action's queryset update)."""
    sockets = set()
    for row in rows:
        sockets |= _sockets_concerned(row)
    _recheck_after_commit(sockets)


def _sockets_concerned(row: models.Model) -> set[tuple[int, int | None]]:
    """(room id, person id or None for everyone in the room) of the open sockets `row` concerns."""
    from live.models import Presence, Room

    sockets = set()
    for kind, concern in _watched.get(type(row), {}).items():
        if isinstance(concern, Person):
            person_id = getattr(row, concern.field, None)
            if person_id is not None:
                present = Presence.objects.filter(user_id=person_id).values_list("room_id")
                sockets |= {(room_id, person_id) for (room_id,) in present.distinct()}
            continue
        open_rooms = Room.objects.filter(kind=kind, presences__isnull=False)
        if concern.targets is not None:
            keys = [str(key) for key in concern.targets(row)]
            open_rooms = open_rooms.filter(target_pk__in=keys)
        sockets |= {(room_id, None) for room_id in open_rooms.values_list("pk", flat=True)}
    return sockets


def _recheck_after_commit(sockets: set[tuple[int, int | None]]) -> None:
    from live.services import room_sockets_recheck

    everyone = {room_id for room_id, person_id in sockets if person_id is None}
    for room_id, person_id in sockets:
        if person_id is None or room_id not in everyone:
            room_sockets_recheck(room_id, person_id)


def _saved(sender, instance, raw=False, update_fields=None, **kwargs):
    # Django writes last_login at every log-in: it gives and takes no right, and during a
    # webinar's start hundreds of people log in.
    if raw or (update_fields is not None and set(update_fields) <= {"last_login"}):
        return
    _recheck_after_commit(_sockets_concerned(instance))


def _deleting(sender, instance, **kwargs):
    _recheck_after_commit(_sockets_concerned(instance))


def _m2m_changed(sender, instance, action, reverse, model, pk_set, **kwargs):
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if reverse and pk_set is None:
        # A clear from the other side does not say whose rows it changed: every open room asks.
        from live.models import Room

        open_rooms = Room.objects.filter(presences__isnull=False).values_list("pk", flat=True)
        _recheck_after_commit({(room_id, None) for room_id in open_rooms.distinct()})
        return
    # From the other side, a concern reads only the row's key (a person's id).
    rows = [model(pk=pk) for pk in pk_set] if reverse else [instance]
    rows_changed(rows)


# --- One socket's decision -----------------------------------------------------------------------


def access_now(user, kind: str, target_pk: str) -> tuple:
    """The socket's person as the database has them now, and their access to the room: none for
    an account deleted or deactivated since the socket opened."""
    if user.is_authenticated:
        person = get_user_model()._default_manager.filter(pk=user.pk, is_active=True).first()
        if person is None:
            return user, NO_ACCESS
        user = person
    return user, access_for(user, kind, target_pk)


def _lifetime() -> float:
    return settings.LIVE_ACCESS_RECHECK_SECONDS * random.uniform(0.75, 1.0)


class SocketAccess:
    """One socket's decision about its room, kept by the rule above. The consumer gives
    `access_again()` (asks afresh; True while its person may read the room) and
    `live_revoke(event)` (tells the person and closes the socket)."""

    def __init__(self, consumer):
        self.consumer = consumer
        self.expires_at = time.monotonic() + _lifetime()
        self.ended = False
        self.waiting: list[dict] = []  # room frames that came while the decision was asked for
        self.asking: asyncio.Future | None = None
        self.stale = False  # expired while being asked: the answer under way may predate it

    def expire(self) -> None:
        self.expires_at = 0.0
        self.stale = self.asking is not None

    def _trusted(self) -> bool:
        return self.asking is None and time.monotonic() < self.expires_at

    def takes(self, event: dict) -> bool:
        """Whether a room event that is no frame is for this socket. A re-check expires the
        decision here, as the relay meets it in the room's stream, before any later frame."""
        if event.get("type") != "live.recheck":
            return True
        if event.get("user") not in (None, self.consumer.user.pk):
            return False
        self.expire()
        return True

    async def deliver(self, message: dict) -> None:
        """A room frame (a `websocket.send` message), sent only on a trusted decision."""
        if self.ended:
            return
        if self._trusted():
            await self.consumer.base_send(message)
            return
        self.waiting.append(message)
        self._ask()

    async def confirm(self, *, afresh: bool = False) -> bool:
        """Before a frame of the person is handled: whether they may still be in the room, asked
        again when `afresh` (rule 1) or when the decision is not trusted (rule 2)."""
        if self.ended:
            return False
        if afresh:
            self.expire()
        if self._trusted():
            return True
        return await asyncio.shield(self._ask())

    def _ask(self) -> asyncio.Future:
        if self.asking is None:
            self.asking = asyncio.ensure_future(self._ask_again())
        return self.asking

    async def _ask_again(self) -> bool:
        while True:
            self.stale = False
            try:
                allowed = await self.consumer.access_again()
            except Exception:
                logger.exception("live: asking a socket's access again failed")
                allowed = None  # unknown: the browser reconnects, and its connect asks
            if not (allowed and self.stale):  # else a change came meanwhile: ask once more
                break
        try:
            if allowed:
                self.expires_at = time.monotonic() + _lifetime()
                while self.waiting:  # frames that come during a send join the end of the line
                    await self.consumer.base_send(self.waiting.pop(0))
            else:
                self.ended = True
                self.waiting.clear()
        except Exception:  # the socket went away meanwhile; its disconnect cleans up
            logger.warning("live: frames held for an access check could not be sent")
            self.waiting.clear()
        finally:
            self.asking = None
        if allowed is None:
            await self.consumer.close(code=CLOSE_RECONNECT)
        elif not allowed:
            await self.consumer.live_revoke({})
        return bool(allowed)
