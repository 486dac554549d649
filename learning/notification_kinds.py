"""The Leerplatform's kinds of notification (registered in LearningConfig.ready): a published
webinar's time or link changed, or it was cancelled. Registered people are told; the e-mail keeps
carrying the calendar update (.ics) it always carried. And a seat from the waiting list, under the
bell beside the e-mail the registration sends with its invite. Who may see it is asked of
permissions.py."""

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from learning import permissions
from learning.calendar import build_calendar
from learning.emails import webinar_url
from notifications.kinds import IMMEDIATE, Kind, register_kind

# event.data["change"]: what registrants are told about.
TIME, CANCELLED, LINK = "time", "cancelled", "link"
_CALENDAR_METHOD = {TIME: "REQUEST", CANCELLED: "CANCEL"}


def _describe(event) -> str:
    title = {"title": event.target.title}
    change = event.data.get("change")
    if change == CANCELLED:
        return _("Cancelled: %(title)s") % title
    if change == TIME:
        return _("New time: %(title)s") % title
    return _("New link to join: %(title)s") % title


def _details(event) -> str:
    webinar, change = event.target, event.data.get("change")
    if change == CANCELLED:
        return _(
            "We are sorry: this webinar has been cancelled. The attached update removes it "
            "from your calendar."
        )
    parts = []
    if change == TIME:
        parts.append(
            _(
                "The time of this webinar has changed. The attached invite updates your "
                "calendar. The new time is:"
            )
        )
        parts.append(
            _("%(start)s–%(end)s (%(zone)s)")
            % {
                # The reader's zone: the e-mail is rendered in it (notifications/emails.py).
                "start": date_format(timezone.localtime(webinar.start), "l j F Y, H:i"),
                "end": date_format(timezone.localtime(webinar.end), "H:i"),
                "zone": timezone.get_current_timezone_name(),
            }
        )
    if change == LINK or event.data.get("link"):
        parts.append(
            _(
                "The link to join has changed. The “Join now” button on the webinar page takes "
                "you to the new one from 15 minutes before the start."
            )
        )
    return "\n".join(parts)


def _attachments(event) -> list[tuple[str, bytes, str]]:
    method = _CALENDAR_METHOD.get(event.data.get("change"))
    if method is None:
        return []  # the live link is never in a calendar (learning/calendar.py)
    webinar = event.target
    calendar = build_calendar([(webinar, webinar_url(webinar))], method=method)
    return [("webinar.ics", calendar, f"text/calendar; charset=utf-8; method={method}")]


def _describe_seat(event) -> str:
    return _("A seat freed up for you: you are registered for %(title)s") % {
        "title": event.target.title
    }


def register() -> None:
    register_kind(
        Kind(
            key="webinar_changed",
            label=gettext_lazy("Changes to webinars I registered for"),
            may_see=permissions.can_view,
            describe=_describe,
            url=lambda webinar: webinar.get_url() or "/",
            default_email=IMMEDIATE,
            order=60,
            related=("calendar_state",),
            details=_details,
            attachments=_attachments,
        )
    )
    register_kind(
        Kind(
            key="waiting_list_seat",
            label=gettext_lazy("A seat for me from the waiting list"),
            may_see=permissions.can_view,
            describe=_describe_seat,
            url=lambda webinar: webinar.get_url() or "/",
            order=61,
            personal=True,
            # Its e-mail is the registration's own, with the calendar invite (learning/emails.py).
            emailed=False,
        )
    )
