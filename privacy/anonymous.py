"""The names and rows that stand in for people whose data was anonymised.

Names are stored in the platform's language (Dutch), like any name a person types: every page,
e-mail, export, report and search result then shows the same words without knowing about this."""

import re
import uuid

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import translation
from django.utils.translation import gettext

from privacy.models import FormerAccount

# RFC 2606: .invalid never resolves, so no mail to a scrubbed address can reach anyone.
PLACEHOLDER_DOMAIN = "kennisplein.invalid"


def former_member_name() -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return gettext("Former member")


def former_participant_name() -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return gettext("Former participant")


def placeholder_email(prefix: str) -> str:
    """A unique address that belongs to nobody (the user table wants a unique one)."""
    return f"{prefix}-{uuid.uuid4().hex}@{PLACEHOLDER_DOMAIN}"


def _stand_in_create(library_id: int | None):
    User = get_user_model()
    user = User(
        email=placeholder_email("voormalig-deelnemer"),
        display_name=former_participant_name(),
        library_id=library_id,
        is_active=False,
    )
    user.set_unusable_password()
    user.save()
    FormerAccount.objects.create(user=user, kind=FormerAccount.Kind.STAND_IN)
    return user


def stand_ins(*, library_id: int | None, count: int, excluding=()) -> list:
    """`count` different stand-ins of this library (or of no library), none of them among the
    user ids in `excluding`; made when the pool has too few."""
    User = get_user_model()
    pool = list(
        User.objects.filter(former_account__kind=FormerAccount.Kind.STAND_IN, library_id=library_id)
        .exclude(pk__in=list(excluding))
        .order_by("pk")[:count]
    )
    while len(pool) < count:
        pool.append(_stand_in_create(library_id))
    return pool


def chat_stand_in():
    """The one "voormalig deelnemer" that anonymised chat messages and questions are moved to."""
    return stand_ins(library_id=None, count=1)[0]


def stand_in_ids():
    """The user ids of all stand-ins, as a subquery."""
    return FormerAccount.objects.filter(kind=FormerAccount.Kind.STAND_IN).values("user_id")


def mentions_replaced(text: str, name: str, replacement: str) -> str:
    """`text` with every @mention of `name` (whole name, any case) written as @`replacement`."""
    if not name or "@" not in text:
        return text
    pattern = re.compile(rf"(?<![\w@])@{re.escape(name)}(?!\w)", re.IGNORECASE)
    return pattern.sub(lambda match: f"@{replacement}", text)
