"""E-mails about webinars, rendered in the recipient's language and time zone of the webinar."""

from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import timezone, translation

from learning.calendar import build_calendar
from learning.models import WebinarPage
from portal.links import page_url

# kind -> calendar method or None (changes to a webinar are notifications: notification_kinds.py)
KINDS = {
    "confirmed": "REQUEST",
    "waiting": None,
    "promoted": "REQUEST",
    "cancelled_by_person": "CANCEL",
    "reminder_day": None,
    "reminder_hour": None,
}


def webinar_url(webinar: WebinarPage) -> str:
    return page_url(webinar)


def webinar_email(
    *, user, webinar: WebinarPage, kind: str, extra: dict | None = None
) -> EmailMessage:
    method = KINDS[kind]
    url = webinar_url(webinar)
    zone = ZoneInfo(webinar.time_zone)
    with (
        translation.override(user.preferred_language or settings.LANGUAGE_CODE),
        timezone.override(zone),
    ):
        context = {
            "user": user,
            "webinar": webinar,
            "url": url,
            "local_start": webinar.start.astimezone(zone),
            "local_end": webinar.end.astimezone(zone),
            **(extra or {}),
        }
        subject = render_to_string(f"learning/email/{kind}_subject.txt", context)
        body = render_to_string(f"learning/email/{kind}.txt", context)
    message = EmailMessage(
        subject=settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + " ".join(subject.split()),
        body=body,
        to=[user.email],
    )
    if method:
        message.attach(
            "webinar.ics",
            build_calendar([(webinar, url)], method=method),
            f"text/calendar; charset=utf-8; method={method}",
        )
    return message


def registrants_message_email(
    *, user, webinar: WebinarPage, subject: str, body: str
) -> EmailMessage:
    with translation.override(user.preferred_language or settings.LANGUAGE_CODE):
        text = render_to_string(
            "learning/email/message.txt",
            {"user": user, "webinar": webinar, "body": body, "url": webinar_url(webinar)},
        )
    return EmailMessage(
        subject=settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + " ".join(subject.split()),
        body=text,
        to=[user.email],
    )
