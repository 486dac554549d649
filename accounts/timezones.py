"""The reader's time zone: every page, e-mail, notification, digest and export shows times in the
zone of whoever reads it (Europe/Brussels unless they chose another on their profile).

Pages get it from `TimeZoneMiddleware` (accounts/middleware.py); whatever renders for someone
outside their request (mails, digests, exports in background tasks) wraps the rendering in
`for_reader(person)`."""

from contextlib import contextmanager
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

# Offered first on the profile: the network's own and its neighbours'.
COMMON = (
    "Europe/Brussels",
    "Europe/Amsterdam",
    "Europe/Luxembourg",
    "Europe/Paris",
    "Europe/Berlin",
    "Europe/London",
    "UTC",
)


@cache
def all_zones() -> tuple[str, ...]:
    """IANA's zones by region, without the legacy aliases (US/Eastern, Etc/GMT+1, …)."""
    regions = (
        "Africa/",
        "America/",
        "Antarctica/",
        "Asia/",
        "Atlantic/",
        "Australia/",
        "Europe/",
        "Indian/",
        "Pacific/",
    )
    return tuple(sorted(zone for zone in available_timezones() if zone.startswith(regions)))


def choices() -> list:
    def label(zone: str) -> str:
        return zone.replace("_", " ")

    return [
        (pgettext_lazy("time zones", "Common"), [(zone, label(zone)) for zone in COMMON]),
        (_("All time zones"), [(zone, label(zone)) for zone in all_zones()]),
    ]


def validate_time_zone(value: str) -> None:
    if value not in all_zones() and value not in COMMON:
        raise ValidationError(_("Choose a time zone from the list."), code="invalid_time_zone")


def zone_of(person) -> ZoneInfo:
    """The zone `person` reads times in; the platform's for anyone without a valid choice (a
    visitor, None)."""
    name = getattr(person, "time_zone", "") or settings.TIME_ZONE
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo(settings.TIME_ZONE)


@contextmanager
def for_reader(person):
    """Renders times for `person` (None: the platform's zone), e.g. around an e-mail's text."""
    with timezone.override(zone_of(person)):
        yield
