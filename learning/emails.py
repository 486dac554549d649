"""E-mails about webinars, rendered in the recipient's language and time zone. The calendar
invite keeps the webinar's own zone: calendar programs show it in their owner's."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import timezone, translation

from accounts.timezones import for_reader
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
    with (
        translation.override(user.preferred_language or settings.LANGUAGE_CODE),
        for_reader(user),
    ):
        context = {
            "user": user,
            "webinar": webinar,
            "url": url,
            "local_start": timezone.localtime(webinar.start),
            "local_end": timezone.localtime(webinar.end),
            "zone": timezone.get_current_timezone_name(),
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
    with translation.override(user.preferred_language or settings.LANGUAGE_CODE), for_reader(user):
        text = render_to_string(
            "learning/email/message.txt",
            {"user": user, "webinar": webinar, "body": body, "url": webinar_url(webinar)},
        )
    return EmailMessage(
        subject=settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + " ".join(subject.split()),
        body=text,
        to=[user.email],
    )
