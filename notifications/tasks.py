"""E-mail about notifications (django-tasks). Each task is idempotent: a notification is mailed
once, and only if the person may still see what it is about when the mail is written.

Two workers running the same task at once mail each notification once: an event's e-mails are
claimed row by row with select_for_update(skip_locked=True), a person's digest as a whole with a
transaction-scoped advisory lock on PostgreSQL; SQLite serialises writers anyway."""

from django.core import mail
from django.db import connection, transaction
from django.utils import timezone
from django_tasks import task

from notifications import emails, kinds
from notifications.models import Event, Notification
from notifications.selectors import attach_targets

Email = Notification.Email


# The first key of the digest's advisory lock; the second is the person's id.
DIGEST_LOCK = 0x6B70_6467  # "kpdg"


def _claim(queryset):
    # of=("self",): lock the notification rows only, not the people and events joined to them.
    return queryset.select_for_update(skip_locked=True, of=("self",))


def _claim_digest_of(recipient_id: int) -> bool:
    """True when this transaction may write the person's digest. Claiming their rows one by one
    would let two workers each take part of them and send two half digests."""
    if connection.vendor != "postgresql":
        return True
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_xact_lock(%s, %s)", [DIGEST_LOCK, recipient_id])
        return cursor.fetchone()[0]


@task()
def send_immediate_emails(event_id: int) -> int:
    """Mails each person told about the event who wants it at once; returns how many were sent."""
    event = Event.objects.select_related("actor", "group").filter(pk=event_id).first()
    if event is None:
        return 0
    try:
        kind = kinds.get_kind(event.kind)
    except kinds.UnknownKind:
        kind = None
    attach_targets([event])
    with transaction.atomic():
        pending = list(
            _claim(Notification.objects.filter(event=event, email=Email.PENDING)).select_related(
                "recipient"
            )
        )
        people = [n.recipient for n in pending if n.recipient.is_active]
        if kind and event.target is not None and people and kind.prepare is not None:
            kind.prepare(people, [event.target])
        messages = []
        for notification in pending:
            person = notification.recipient
            if (
                kind is None
                or event.target is None
                or not person.is_active
                or not kind.may_see(person, event.target)
            ):
                notification.email = Email.NONE
                continue
            messages.append(emails.immediate_email(person, event))
            notification.email, notification.emailed_at = Email.SENT, timezone.now()
        if messages:
            with mail.get_connection() as connection:
                connection.send_messages(messages)
        Notification.objects.bulk_update(pending, ["email", "emailed_at"])
    return len(messages)


@task()
def send_digests() -> int:
    """The daily digest: one e-mail per person with every notification waiting for it that they
    may still see, grouped by kind. Returns how many e-mails were sent. Run daily (see
    docs/notifications.md); running it again sends nothing new."""
    recipients = (
        Notification.objects.filter(email=Email.DIGEST)
        .values_list("recipient_id", flat=True)
        .distinct()
        .order_by("recipient_id")
    )
    return sum(_send_digest(recipient_id) for recipient_id in list(recipients))


def _send_digest(recipient_id: int) -> int:
    from notifications.selectors import visible_events

    with transaction.atomic():
        if not _claim_digest_of(recipient_id):
            return 0  # another worker is writing it
        # All of the person's rows, waiting for none but a moment's write such as marking read.
        waiting = list(
            Notification.objects.filter(recipient_id=recipient_id, email=Email.DIGEST)
            .select_for_update(of=("self",))
            .select_related("recipient", "event__actor", "event__group")
        )
        if not waiting:
            return 0  # another worker sent it
        person = waiting[0].recipient
        # Read on the site already: the digest is for what the person has not seen.
        unread = [n for n in waiting if n.read_at is None]
        shown = (
            {e.pk for e in visible_events(person, [n.event for n in unread])}
            if person.is_active
            else set()
        )
        lines = [n for n in unread if n.event_id in shown]
        now = timezone.now()
        for notification in waiting:
            sent = notification.event_id in shown and notification.read_at is None
            notification.email = Email.SENT if sent else Email.NONE
            notification.emailed_at = now if sent else None
        if lines:
            emails.digest_email(person, [n.event for n in lines]).send()
        Notification.objects.bulk_update(waiting, ["email", "emailed_at"])
    return 1 if lines else 0
