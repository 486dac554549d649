"""Calendar files (RFC 5545) for webinars: one invite, the public feed and personal feeds.

The live link is never written here: LOCATION and URL point at the webinar page, where a
registered person finds the "join now" button."""

from collections.abc import Iterable
from email.utils import parseaddr
from zoneinfo import ZoneInfo

import icalendar
from django.conf import settings
from django.utils import timezone

from learning.models import WebinarPage

PRODID = "-//Kennisplein//Leerplatform//NL"


def _sequence(webinar: WebinarPage) -> int:
    state = getattr(webinar, "calendar_state", None)
    return state.sequence if state else 0


def webinar_event(webinar: WebinarPage, *, url: str, cancelled: bool = False) -> icalendar.Event:
    zone = ZoneInfo(webinar.time_zone)
    event = icalendar.Event()
    event.add("uid", webinar.calendar_uid)
    event.add("dtstamp", timezone.now())
    event.add("dtstart", webinar.start.astimezone(zone))
    event.add("dtend", webinar.end.astimezone(zone))
    event.add("summary", webinar.title)
    event.add("description", "\n\n".join(part for part in (webinar.summary, url) if part))
    event.add("location", url)
    event.add("url", url)
    event.add("sequence", _sequence(webinar))
    event.add("status", "CANCELLED" if cancelled or webinar.cancelled else "CONFIRMED")
    organiser_name, organiser_address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    organiser = icalendar.vCalAddress(f"mailto:{organiser_address}")
    organiser.params["cn"] = icalendar.vText(organiser_name or "Kennisplein")
    event.add("organizer", organiser)
    return event


def build_calendar(
    webinars: Iterable[tuple[WebinarPage, str]],
    *,
    method: str | None = None,
    name: str = "Kennisplein",
    extra_events: Iterable[icalendar.Event] = (),
) -> bytes:
    """A VCALENDAR with one VEVENT per (webinar, page URL), the `extra_events` (e.g. meetings of
    the person's groups) and the VTIMEZONEs they use."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    if method:
        calendar.add("method", method)
    for webinar, url in webinars:
        calendar.add_component(webinar_event(webinar, url=url, cancelled=method == "CANCEL"))
    for event in extra_events:
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()
