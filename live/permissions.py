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


def get_target(kind: str, target_pk: str):
    """The object the room belongs to, or None when the kind or the object does not exist."""
    try:
        return policy_for(kind).get_target(str(target_pk))
    except UnknownRoomKind:
        return None


def access_for(user, kind: str, target_pk: str, target=None) -> Access:
    try:
        policy = policy_for(kind)
    except UnknownRoomKind:
        return NO_ACCESS
    target = target if target is not None else policy.get_target(str(target_pk))
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
