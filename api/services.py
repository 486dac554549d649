"""What the API's own rows do: personal access tokens are made, checked and revoked here.

A token reads `kp_<key>_<secret>`: `kp_` says what it is (secret scanners and people recognise it),
the key finds its row, and only the SHA-256 hash of the whole token is stored. The secret has 256
bits of entropy, so a plain hash (no salt, no slow hash) cannot be reversed or guessed."""

import hashlib
import hmac
import re
import secrets
from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from api.models import AccessToken

TOKEN_PREFIX = "kp_"  # noqa: S105 - a recognisable prefix, not a secret
KEY = re.compile(r"[0-9a-f]{12}")
# last_used_at is written at most this often per token: not one UPDATE per API call.
LAST_USED_PRECISION = timedelta(minutes=1)


def _hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


# Compared against when no row has the key, so that an unknown key costs the same work.
_NO_HASH = _hash("kp_nothing_here")


@transaction.atomic
def token_create(
    *, user, name: str, scope: str, expires_at: datetime | None = None
) -> tuple[AccessToken, str]:
    """Makes a token; returns the row and the token itself, which is never stored or shown again."""
    if scope not in AccessToken.Scope.values:
        raise ValueError(f"Unknown scope {scope!r}")
    key = secrets.token_hex(6)
    raw = f"{TOKEN_PREFIX}{key}_{secrets.token_urlsafe(32)}"
    token = AccessToken.objects.create(
        user=user,
        name=name.strip()[:100],
        key=key,
        token_hash=_hash(raw),
        scope=scope,
        expires_at=expires_at,
    )
    return token, raw


@transaction.atomic
def token_revoke(*, token: AccessToken, by) -> AccessToken:
    """Only the token's own person revokes it; it stops working at once."""
    if token.user_id != by.pk:
        raise PermissionDenied
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


def token_authenticate(raw: str, *, now: datetime | None = None) -> AccessToken | None:
    """The usable token `raw` is, with its person; None for anything else (malformed, unknown,
    revoked, expired, or a person who has been deactivated)."""
    now = now or timezone.now()
    key = raw[len(TOKEN_PREFIX) :].split("_", 1)[0] if raw.startswith(TOKEN_PREFIX) else ""
    token = (
        AccessToken.objects.select_related("user").filter(key=key).first()
        if KEY.fullmatch(key)
        else None
    )
    # compare_digest: the time taken does not tell how much of a guessed token was right.
    matches = hmac.compare_digest(_hash(raw), token.token_hash if token else _NO_HASH)
    if token is None or not matches:
        return None
    if not token.is_usable(now) or not token.user.is_active:
        return None
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_PRECISION:
        AccessToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token
