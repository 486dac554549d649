"""E-mail about notifications (django-tasks). Each task is idempotent: a notification is mailed
once, and only if the person may still see what it is about when the mail is written."""

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override
from django_tasks import task


def _site_url(path: str) -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


@task()
def send_immediate_emails(event_id: int) -> int:
    """Mails each person told about the event who wants it at once; returns how many were sent."""
    from notifications import kinds
    from notifications.models import Notification
    from notifications.selectors import may_see_event

    sent = 0
    with transaction.atomic():
        pending = (
            Notification.objects.select_for_update(skip_locked=True)
            .filter(event_id=event_id, email=Notification.Email.PENDING)
            .select_related("recipient", "event__actor", "event__target_type")
        )
        for notification in pending:
            person, event = notification.recipient, notification.event
            if not person.is_active or not may_see_event(person, event):
                notification.email = Notification.Email.NONE
                notification.save(update_fields=["email"])
                continue
            kind = kinds.get_kind(event.kind)
            with override(person.preferred_language or settings.LANGUAGE_CODE):
                line = kind.describe(event)
                send_mail(
                    subject=_("[Kennisplein] %(line)s") % {"line": line},
                    message=f"{line}\n\n{_site_url(kind.url(event.target))}\n",
                    from_email=None,
                    recipient_list=[person.email],
                )
            notification.email = Notification.Email.SENT
            notification.emailed_at = timezone.now()
            notification.save(update_fields=["email", "emailed_at"])
            sent += 1
    return sent
