"""The registry of personal data. `privacy/` knows no feature app: each app that holds something
about a person describes it in its own `<app>/privacy.py` (found by PrivacyConfig.ready, the way
Django finds admin.py), and everything the privacy rights need asks the registry:

- the export ("My data") writes one JSON file per entry, with the entry's documented keys, and the
  files the entry lists;
- erasure ("Delete my account") runs every entry's `erase` in one transaction, in `erase_order`;
- the scheduled retention task runs every entry's `anonymise` with the cut-off from its setting;
- the privacy page lists every entry: what is kept, why, for how long.

    # api/privacy.py
    from privacy.registry import PersonalData, register

    register(PersonalData(
        key="api_tokens",
        label=_("Personal access tokens"),
        what=_("The name, scope and dates of each token (never the token itself)."),
        why=_("So that you can see and revoke the programs that act for you."),
        kept=lambda: _("Until you revoke the token or delete your account."),
        fields={"name": _("the name you gave the token"), "created": _("when it was made")},
        export=lambda user: [{"name": t.name, "created": t.created} for t in user.api_tokens.all()],
        erase=lambda user, erasure: user.api_tokens.all().delete(),
    ))
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import IO, Any

from django.utils.translation import gettext


@dataclass(frozen=True)
class ExportFile:
    """A stored file that goes into the export under `files/<path>`."""

    path: str
    open: Callable[[], IO[bytes]]


@dataclass
class Erasure:
    """What every entry's `erase` gets: who is erased, by whom, and what the account said before
    it was scrubbed (entries that rewrite mentions need the old name)."""

    user: Any
    by: Any
    now: datetime
    display_name: str
    emails: list[str]


@dataclass(frozen=True)
class PersonalData:
    key: str  # file name in the export: <key>.json; an identifier
    label: Any  # "Registrations for webinars" (lazy, translated when shown)
    what: Any  # what is kept
    why: Any  # the purpose
    kept: Callable[[], str]  # how long, in the active language (reads the settings when asked)
    # The keys of each exported item and what they mean: the export documents itself.
    fields: dict[str, Any] = field(default_factory=dict)
    # export(user) -> the items (JSON-serialisable dicts), only of this person, none of others.
    export: Callable[[Any], list[dict]] | None = None
    # files(user) -> the stored files that go with the items.
    files: Callable[[Any], Iterable[ExportFile]] | None = None
    # erase(user, erasure): removes or anonymises the person's rows (inside the transaction).
    erase: Callable[[Any, Erasure], None] | None = None
    erase_order: int = 100
    # consequences(user) -> lines the person (or editor) reads before confirming the deletion,
    # e.g. "Your seat for “X” goes to the first person waiting." (in the active language).
    consequences: Callable[[Any], list[str]] | None = None
    # anonymise(now) -> rows anonymised: the retention rule, run daily by a scheduled command.
    anonymise: Callable[[datetime], int] | None = None
    order: int = 100  # place on the privacy page and in the export


_entries: dict[str, PersonalData] = {}


def as_long_as_the_account() -> str:
    """The `kept` of data that lives exactly as long as the account."""
    return gettext("As long as you have an account.")


def register(entry: PersonalData) -> None:
    """Registers (or replaces, e.g. on autoreload) one kind of personal data."""
    if not entry.key.isidentifier():
        raise ValueError(f"A personal data key is an identifier, not {entry.key!r}.")
    _entries[entry.key] = entry


def all_entries() -> list[PersonalData]:
    return sorted(_entries.values(), key=lambda entry: (entry.order, entry.key))
