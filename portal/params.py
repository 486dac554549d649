"""What a visitor writes in a URL parameter, or in a form field that no Django form reads: read in
one place, so that no spelling of it can crash a page.

Browsers, shared links and hand-typed addresses carry anything. `str.isdigit()` accepts digits of
other scripts that `int()` refuses ("①", "²") or reads ("١٢"); `int()` refuses numbers of more than
4,300 digits, and the database refuses keys beyond its integer column; a year lookup fails for years
outside the calendar. Each reader returns the value it reads, or None when the parameter is absent
or is not such a value: links the site makes never carry one, and a mistyped address shows the page
as if the parameter were not there, rather than an error.
"""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme

# The largest key a database integer column (BigAutoField) holds.
MAX_ID = 2**63 - 1
# The years a filter may name: the platform's archive, with room to spare, and never a year the
# database's date functions cannot reach in any time zone.
YEARS = range(1900, 2201)


def number(value, *, minimum: int = 0, maximum: int = MAX_ID) -> int | None:
    """A whole number in ASCII digits ("12"; not "١٢", "①", "+12", "12.0" or 10**30), within
    [minimum, maximum]; None for anything else."""
    if not isinstance(value, str) or not (value.isascii() and value.isdigit()):
        return None
    if len(value) > len(str(maximum)):  # int() of 10,000 digits is refused, and slow before that
        return None
    result = int(value)
    return result if minimum <= result <= maximum else None


def object_id(value) -> int | None:
    """The key of a row: a positive number the database can hold."""
    return number(value, minimum=1)


def year(value) -> int | None:
    return number(value, minimum=YEARS.start, maximum=YEARS.stop - 1)


def text(value, *, max_length: int) -> str:
    """Words a visitor typed (a search, a name to mention): at most `max_length` characters, and
    without NUL, which no PostgreSQL text can hold (a query with one fails)."""
    return value.replace("\x00", "")[:max_length] if isinstance(value, str) else ""


def local_url(request: HttpRequest, value, *, default: str) -> str:
    """Where to send the person back to: `value` when it is an address on this site, else
    `default`. Never a view name (redirect("١٢") would look one up and fail), nor a control
    character in a header."""
    if (
        isinstance(value, str)
        and value.startswith("/")
        and not any(ord(character) < 32 or character == "\x7f" for character in value)
        and url_has_allowed_host_and_scheme(
            value, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    ):
        return value
    return default
