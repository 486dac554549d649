"""Who may do what in a room: every answer comes from the policy registered for the room's kind
(live/policies.py). The consumer, the views and the services all ask here."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from live.policies import UnknownRoomKind, policy_for


@dataclass(frozen=True)
class Access:
    """What one person may do in one room, asked once per page or socket."""

    target: Any
    can_read: bool
    can_post: bool
    can_moderate: bool


NO_ACCESS = Access(target=None, can_read=False, can_post=False, can_moderate=False)


def room_key(target) -> str:
    """The one spelling of the target's part of its room's address (and of Room.target_pk)."""
    return str(target.pk)


def get_target(kind: str, target_pk: str):
    """The object the room of (kind, target_pk) belongs to, or None when the kind or the object
    does not exist, or when target_pk is not the object's own key but another spelling of it."""
    try:
        target = policy_for(kind).get_target(str(target_pk))
    except UnknownRoomKind:
        return None
    # One room, one key: "07", "٧" or "７" may find the object 7 too, but a room keyed by them
    # would have a state of its own (mute, slow mode, closed) and miss every access re-check sent
    # to the room "7". Only the object's own key opens its room.
    if target is None or room_key(target) != str(target_pk):
        return None
    return target


def access_for(user, kind: str, target_pk: str, target=None) -> Access:
    try:
        policy = policy_for(kind)
    except UnknownRoomKind:
        return NO_ACCESS
    if target is None:
        target = get_target(kind, target_pk)
    elif room_key(target) != str(target_pk):
        return NO_ACCESS
    if target is None or not policy.can_read(user, target):
        return NO_ACCESS
    can_moderate = bool(user.is_authenticated and policy.can_moderate(user, target))
    return Access(
        target=target,
        can_read=True,
        can_post=bool(user.is_authenticated and (can_moderate or policy.can_post(user, target))),
        can_moderate=can_moderate,
    )


def can_read(user, kind: str, target_pk: str) -> bool:
    return access_for(user, kind, target_pk).can_read


def can_post(user, kind: str, target_pk: str) -> bool:
    return access_for(user, kind, target_pk).can_post


def can_moderate(user, kind: str, target_pk: str) -> bool:
    return access_for(user, kind, target_pk).can_moderate
