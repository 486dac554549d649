"""A reply address must fit in the 64 characters of an address's local part (RFC 5321)."""

import re

from django.conf import settings
from django.core.checks import Error, register

from inbound.addresses import MAX_TOKEN_LENGTH


@register()
def check_local_part(app_configs=None, **kwargs):
    local = settings.INBOUND_EMAIL_LOCAL_PART
    room = 64 - 1 - MAX_TOKEN_LENGTH
    if re.fullmatch(r"[a-z0-9][a-z0-9._-]*", local) and len(local) <= room:
        return []
    return [
        Error(
            f"INBOUND_EMAIL_LOCAL_PART must be 1 to {room} characters of a-z, 0-9, '.', '_' "
            f"or '-' (no '+'), not {local!r}: the token follows it in the 64-character local part.",
            id="inbound.E001",
        )
    ]
