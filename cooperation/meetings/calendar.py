"""Calendar files (RFC 5545) for meetings: one invite per meeting, and the events that the
Leerplatform's personal calendar feed adds for the person's groups.

As with webinars, the online link is never written into a calendar: LOCATION is the place (or
the meeting page) and URL the meeting page, where members find the link."""

from datetime import timedelta

import icalendar
from django.utils import timezone

from cooperation.meetings import permissions
from cooperation.meetings.models import Meeting
from cooperation.models import Membership
from portal.links import absolute_url
from portal.markup import markdown_to_text

PRODID = "-//Kennisplein//Coöperatieplatform//NL"
FEED_PAST_DAYS = 30


def meeting_event(meeting: Meeting) -> icalendar.Event:
    url = absolute_url(meeting.get_absolute_url())
    event = icalendar.Event()
    event.add("uid", f"meeting-{meeting.pk}@kennisplein")
    event.add("dtstamp", timezone.now())
    event.add("dtstart", timezone.localtime(meeting.starts_at))
    event.add("dtend", timezone.localtime(meeting.ends_at))
    event.add("summary", f"{meeting.title} ({meeting.group.name})")
    agenda = markdown_to_text(meeting.agenda_source).strip()
    event.add("description", "\n\n".join(part for part in (agenda, url) if part))
    event.add("location", meeting.place or url)
    event.add("url", url)
    event.add("sequence", meeting.calendar_sequence)
    event.add("status", "CONFIRMED")
    return event


def meeting_calendar(meeting: Meeting) -> bytes:
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", meeting.title)
    calendar.add_component(meeting_event(meeting))
    calendar.add_missing_timezones()
    return calendar.to_ical()


def meeting_events_for_feed(*, user) -> list[icalendar.Event]:
    """The meetings of the person's own groups (that they may see), from a month ago on: what
    the Leerplatform's personal calendar feed adds beside the person's webinars."""
    my_groups = Membership.objects.filter(user=user).values("group_id")
    meetings = (
        permissions.meetings_visible_to(user)
        .filter(
            group__in=my_groups,
            ends_at__gt=timezone.now() - timedelta(days=FEED_PAST_DAYS),
        )
        .select_related("group")
        .order_by("starts_at")
    )
    return [meeting_event(meeting) for meeting in meetings]
