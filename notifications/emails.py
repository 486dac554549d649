"""The e-mails about notifications, written in the recipient's language. Every e-mail says why
it came, links to the settings, and carries a one-click unsubscribe link for its own kind (RFC 8058
headers too, so mail programs offer an "unsubscribe" button)."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import ngettext, override

from accounts.timezones import for_reader
from notifications import kinds, services
from notifications.models import Event
from portal.links import absolute_url


def language_of(person) -> str:
    return person.preferred_language or settings.LANGUAGE_CODE


def unsubscribe_url(person, key: str) -> str:
    token = services.unsubscribe_token(person, key)
    return absolute_url(reverse("notifications:unsubscribe", kwargs={"token": token}))


def _message(
    person, *, subject: str, body: str, unsubscribe: str, reply_to: str | None = None
) -> EmailMessage:
    return EmailMessage(
        subject=settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + " ".join(subject.split()),
        body=body,
        to=[person.email],
        reply_to=[reply_to] if reply_to else None,
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
        },
    )


def _attach(message: EmailMessage, kind: kinds.Kind, event: Event) -> None:
    if kind.attachments is not None:
        for filename, content, mimetype in kind.attachments(event):
            message.attach(filename, content, mimetype)


def immediate_email(person, event: Event) -> EmailMessage:
    """One event, mailed at once. The event's target must be attached and visible to them."""
    kind = kinds.get_kind(event.kind)
    reply_to = kind.reply_to(person, event) if kind.reply_to else None
    with override(language_of(person)), for_reader(person):
        line = kind.describe(event)
        unsubscribe = unsubscribe_url(person, kind.key)
        body = render_to_string(
            "notifications/email/notification.txt",
            {
                "line": line,
                "details": kind.details(event) if kind.details else "",
                "url": absolute_url(kind.url(event.target)),
                "kind": kind,
                "settings_url": absolute_url(reverse("notifications:settings")),
                "unsubscribe_url": unsubscribe,
                "reply_hint": str(kind.reply_hint) if reply_to else "",
            },
        )
        message = _message(
            person, subject=line, body=body, unsubscribe=unsubscribe, reply_to=reply_to
        )
    _attach(message, kind, event)
    return message


def digest_email(person, events: list[Event]) -> EmailMessage:
    """The daily digest: every event of the day the person may see, grouped by kind."""
    order = {kind.key: position for position, kind in enumerate(kinds.all_kinds())}
    groups: dict[str, list[Event]] = {}
    for event in sorted(events, key=lambda e: (order.get(e.kind, 0), e.created_at, e.pk)):
        groups.setdefault(event.kind, []).append(event)
    with override(language_of(person)), for_reader(person):
        sections = []
        for key, of_kind in groups.items():
            kind = kinds.get_kind(key)
            sections.append(
                {
                    "label": kind.label,
                    "lines": [
                        (kind.describe(event), absolute_url(kind.url(event.target)))
                        for event in of_kind
                    ],
                    "unsubscribe_url": unsubscribe_url(person, key),
                }
            )
        unsubscribe = unsubscribe_url(person, services.DIGEST)
        body = render_to_string(
            "notifications/email/digest.txt",
            {
                "sections": sections,
                "settings_url": absolute_url(reverse("notifications:settings")),
                "unsubscribe_url": unsubscribe,
            },
        )
        subject = ngettext(
            "Your daily summary: %(count)s new notification",
            "Your daily summary: %(count)s new notifications",
            len(events),
        ) % {"count": len(events)}
        message = _message(person, subject=subject, body=body, unsubscribe=unsubscribe)
    for event in events:
        _attach(message, kinds.get_kind(event.kind), event)
    return message
