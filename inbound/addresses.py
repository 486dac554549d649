"""Reply addresses: `antwoord+<token>@<INBOUND_EMAIL_DOMAIN>`, one per person and thread.

The token holds the person's id, the thread's id and the day it was issued, followed by a
truncated HMAC-SHA256 (keyed from SECRET_KEY with a salt of its own, so no other signed value of
the platform can be passed off as one). It is written in lowercase base32 because the local part
of an address is limited to 64 characters and some mail servers lowercase it on the way: the
letters a-z and digits 2-7 survive any change of case. The ids and the day are unsigned LEB128
varints, so today's small ids make a 23-character token and even 64-bit ids stay within 50.

Nothing is stored: the address itself says whom and where, the HMAC says we made it, and the day
says whether it is still valid (INBOUND_EMAIL_TOKEN_DAYS)."""

import base64
import binascii
import datetime
from dataclasses import dataclass

from django.conf import settings
from django.utils.crypto import constant_time_compare, salted_hmac

_SALT = "inbound.reply-address"
# 80 bits: far beyond guessing through a mail server, short enough for the local part.
_MAC_BYTES = 10
_EPOCH = datetime.date(2020, 1, 1)
# Room the token may take in the 64-character local part: three 64-bit varints and the MAC.
MAX_TOKEN_LENGTH = 50


class UnknownAddress(ValueError):
    """Not one of our reply addresses (another local part or domain, or not a token at all)."""


class ForgedToken(ValueError):
    """Shaped like a token, but we did not make it (or it was altered)."""


@dataclass(frozen=True)
class ReplyAddress:
    user_id: int
    thread_id: int
    issued: datetime.date

    def expired(self, today: datetime.date | None = None) -> bool:
        today = today or datetime.datetime.now(datetime.UTC).date()
        return (today - self.issued).days > settings.INBOUND_EMAIL_TOKEN_DAYS


def enabled() -> bool:
    return bool(settings.INBOUND_EMAIL_DOMAIN)


def _varint(number: int) -> bytes:
    out = bytearray()
    while True:
        byte, number = number & 0x7F, number >> 7
        out.append(byte | (0x80 if number else 0))
        if not number:
            return bytes(out)


def _read_varints(data: bytes) -> list[int]:
    numbers, number, shift = [], 0, 0
    for byte in data:
        number |= (byte & 0x7F) << shift
        shift += 7
        if shift > 70:
            raise UnknownAddress("varint too long")
        if not byte & 0x80:
            numbers.append(number)
            number, shift = 0, 0
    if shift:
        raise UnknownAddress("truncated varint")
    return numbers


def _mac(payload: bytes, secret) -> bytes:
    return salted_hmac(_SALT, payload, secret=secret, algorithm="sha256").digest()[:_MAC_BYTES]


def make_token(*, user_id: int, thread_id: int, issued: datetime.date | None = None) -> str:
    issued = issued or datetime.datetime.now(datetime.UTC).date()
    payload = _varint(user_id) + _varint(thread_id) + _varint((issued - _EPOCH).days)
    raw = payload + _mac(payload, settings.SECRET_KEY)
    return base64.b32encode(raw).decode("ascii").rstrip("=").lower()


def read_token(token: str) -> ReplyAddress:
    """The person, thread and day of a token in any case; UnknownAddress or ForgedToken."""
    token = token.strip().upper()
    if not token or len(token) > MAX_TOKEN_LENGTH or not token.isalnum():
        raise UnknownAddress("not a token")
    try:
        raw = base64.b32decode(token + "=" * (-len(token) % 8))
    except (binascii.Error, ValueError):
        raise UnknownAddress("not base32") from None
    payload, mac = raw[:-_MAC_BYTES], raw[-_MAC_BYTES:]
    if len(payload) < 3:
        raise UnknownAddress("too short")
    # The previous keys too, so that rotating SECRET_KEY (with SECRET_KEY_FALLBACKS) does not
    # break the addresses in e-mails already sent.
    keys = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    if not any(constant_time_compare(mac, _mac(payload, key)) for key in keys):
        raise ForgedToken("bad signature")
    numbers = _read_varints(payload)
    if len(numbers) != 3:
        raise ForgedToken("bad payload")
    user_id, thread_id, day = numbers
    return ReplyAddress(user_id, thread_id, _EPOCH + datetime.timedelta(days=day))


def reply_address(*, user, thread) -> str | None:
    """The address at which `user` answers in `thread`, or None when replying is switched off."""
    if not enabled():
        return None
    token = make_token(user_id=user.pk, thread_id=thread.pk)
    return f"{settings.INBOUND_EMAIL_LOCAL_PART}+{token}@{settings.INBOUND_EMAIL_DOMAIN}"


def parse_address(address: str) -> ReplyAddress:
    """The token of one of our reply addresses (`antwoord+<token>@domain`, any case; the domain
    may be left out, as a mail server passing only the local part does)."""
    address = (address or "").strip().strip("<>").strip()
    local, at, domain = address.rpartition("@")
    if not at:
        local, domain = address, ""
    if domain and domain.lower() != settings.INBOUND_EMAIL_DOMAIN:
        raise UnknownAddress("another domain")
    prefix, plus, token = local.partition("+")
    if not plus or prefix.lower() != settings.INBOUND_EMAIL_LOCAL_PART:
        raise UnknownAddress("another local part")
    return read_token(token)


def is_ours(address: str) -> bool:
    """Shaped like one of our reply addresses (its token may still be forged or expired): how the
    recipient is picked from the headers when the mail server does not name it."""
    local, _at, domain = (address or "").strip().strip("<>").rpartition("@")
    return (
        enabled()
        and domain.lower() == settings.INBOUND_EMAIL_DOMAIN
        and local.lower().startswith(settings.INBOUND_EMAIL_LOCAL_PART + "+")
    )
