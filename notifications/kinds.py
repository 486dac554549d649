"""The registry of kinds of notification. `notifications/` imports no feature app: each app that
tells people about something registers its kinds (from its AppConfig.ready), and every question
`notifications/` asks about a target (may this person see it? what is it called? where is it?)
goes through the kind, which in turn calls the app's own permissions module.

    # cooperation/discussions/apps.py
    def ready(self):
        from notifications.kinds import Kind, register_kind
        register_kind(Kind(
            key="reply",
            label=_("Replies in threads I follow"),
            may_see=lambda user, post: permissions.can_view_post(user, post),
            describe=lambda event: _("%(actor)s replied in “%(title)s”") % {...},
            url=lambda post: post.get_absolute_url(),
        ))
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from notifications.models import Event

IMMEDIATE = "immediate"
DAILY = "daily"
NEVER = "never"


@dataclass(frozen=True)
class Kind:
    key: str
    # Shown on the profile's e-mail settings, e.g. "Mentions of me".
    label: Any
    # may_see(user, target): the owning app's permission rule. Asked when the event happens,
    # and again whenever the notification is shown or mailed: access can end in between.
    may_see: Callable[[Any, Any], bool]
    # describe(event): one line in the active language, e.g. "Ann replied in “Budget 2027”".
    describe: Callable[[Event], str]
    # url(target): where the notification leads (a path on this site).
    url: Callable[[Any], str]
    default_email: str = IMMEDIATE
    # Place on the e-mail settings page and in the digest (lower first).
    order: int = 100
    # True for kinds that only make a group's activity stream ("Ann joined"): nobody is told,
    # and the e-mail settings page does not list them.
    activity_only: bool = False
    # True for kinds that speak to their recipient ("Ann mentioned you"): they stay out of the
    # activity streams, which everyone in the group reads and where the post is already shown
    # as its reply or new thread.
    personal: bool = False
    # False for kinds whose e-mail the owning app sends itself, as part of the action (a seat
    # from the waiting list comes with its calendar invite): the bell only, and no e-mail setting.
    emailed: bool = True
    # select_related paths of the target that may_see, describe and url read (e.g. ("group",)),
    # so that a list of many lines reads each type of target in one query.
    related: tuple[str, ...] = ()
    # prepare(users, targets): called once before may_see is asked of many (user, target) pairs,
    # to read what the rule needs in one query (e.g. the people's roles in the groups); the
    # owning app's permissions module provides it. Optional.
    prepare: Callable[[list, list], None] | None = None
    # details(event): more text for the e-mail, below the line (in the active language).
    details: Callable[[Event], str] | None = None
    # attachments(event): [(filename, content, mimetype)] for the e-mail, e.g. a calendar update.
    attachments: Callable[[Event], list[tuple[str, bytes, str]]] | None = None
    # reply_to(person, event): an address at which this person answers by replying to the
    # e-mail (the discussions' reply-by-e-mail address), or None; reply_hint says so in the
    # e-mail's text. Only the immediate e-mail carries it (a digest is about many things).
    reply_to: Callable[[Any, Event], str | None] | None = None
    reply_hint: Any = ""


class UnknownKind(LookupError):
    pass


_kinds: dict[str, Kind] = {}


def register_kind(kind: Kind) -> None:
    """Registers (or replaces, e.g. on autoreload) one kind of notification."""
    if not kind.key.isidentifier() or len(kind.key) > 40:
        raise ValueError(f"A notification kind is a short identifier, not {kind.key!r}.")
    if kind.default_email not in (IMMEDIATE, DAILY, NEVER):
        raise ValueError(f"Unknown e-mail frequency {kind.default_email!r}.")
    _kinds[kind.key] = kind


def get_kind(key: str) -> Kind:
    try:
        return _kinds[key]
    except KeyError:
        raise UnknownKind(key) from None


def all_kinds() -> list[Kind]:
    return sorted(_kinds.values(), key=lambda kind: (kind.order, kind.key))


def personal_keys() -> list[str]:
    return [kind.key for kind in all_kinds() if kind.personal]


def emailed_kinds() -> list[Kind]:
    """The kinds a person is told about, each with its own e-mail setting."""
    return [kind for kind in all_kinds() if not kind.activity_only and kind.emailed]
