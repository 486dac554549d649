"""The registry of room kinds. `live/` imports no other app: each app that has rooms registers a
policy for its kind (from its AppConfig.ready), and every permission question `live/` asks goes
through that policy, which in turn calls the app's own permissions module.

    # learning/apps.py
    def ready(self):
        from live.policies import register_room_kind
        from learning.live import WebinarRoomPolicy
        register_room_kind("webinar", WebinarRoomPolicy())
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Protocol, runtime_checkable


@runtime_checkable
class RoomPolicy(Protocol):
    """What a room kind tells `live/`. `target` is whatever get_target returns (a page, a group):
    an object with a `pk`, whose `str(target.pk)` is the one key of its room (live/permissions.py
    refuses every other spelling of the address). get_target answers None, never raises, for a
    pk that names nothing; `integer_pk` below reads an integer key without tripping on one.

    opens_at/closes_at: None means always open. Before opens_at nobody posts; after closes_at the
    room is read-only (kept as a transcript).

    access_models (optional): every model whose rows the rules above read, each with its concern,
    `live.access.person("user_id")` or `live.access.rooms(lambda row: [target keys])`, so that a
    change made anywhere ends access in open sockets at once (live/access.py). The user model
    needs no entry: live/ watches it for every kind."""

    has_questions: bool

    def get_target(self, pk: str) -> Any | None: ...

    def can_read(self, user, target) -> bool: ...

    def can_post(self, user, target) -> bool: ...

    def can_moderate(self, user, target) -> bool: ...

    def opens_at(self, target) -> datetime | None: ...

    def closes_at(self, target) -> datetime | None: ...

    def title(self, target) -> str: ...

    def url(self, target) -> str: ...


# The largest primary key a database integer column (BigAutoField) holds.
_MAX_PK = 2**63 - 1


def integer_pk(pk: str) -> int | None:
    """The integer an address's pk spells in its one spelling, `str(n)`: ASCII digits, no sign,
    no leading zero, no space, within the database's range. None for anything else ("07", "+7",
    "٧", "７", "⁷", "7 "), so no policy asks the database about a value it cannot hold."""
    if not (isinstance(pk, str) and pk.isascii() and pk.isdigit() and len(pk) <= 19):
        return None
    value = int(pk)
    return value if str(value) == pk and 0 < value <= _MAX_PK else None


class UnknownRoomKind(LookupError):
    pass


_policies: dict[str, RoomPolicy] = {}


def register_room_kind(kind: str, policy: RoomPolicy) -> None:
    """Registers (or replaces, e.g. on autoreload) the policy of one kind of room."""
    if not kind.isidentifier() or len(kind) > 40:
        raise ValueError(f"A room kind is a short identifier, not {kind!r}.")
    missing = [
        name
        for name in (
            "get_target",
            "can_read",
            "can_post",
            "can_moderate",
            "opens_at",
            "closes_at",
            "title",
            "url",
        )
        if not callable(getattr(policy, name, None))
    ]
    if missing or not hasattr(policy, "has_questions"):
        raise TypeError(f"The policy for {kind!r} lacks {missing or ['has_questions']}.")
    _policies[kind] = policy
    from live.access import watch

    for model, concern in getattr(policy, "access_models", {}).items():
        watch(model, concern, kind=kind)


def unregister_room_kind(kind: str) -> None:
    _policies.pop(kind, None)


def policy_for(kind: str) -> RoomPolicy:
    try:
        return _policies[kind]
    except KeyError:
        raise UnknownRoomKind(kind) from None


def registered_kinds() -> list[str]:
    return sorted(_policies)
