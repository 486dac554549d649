"""Telling people what happened. Feature apps call `publish` from their services, inside their
transaction; e-mail goes out after the commit."""

from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from notifications import kinds
from notifications.models import EmailPreference, Event, Frequency, Notification


def email_frequencies(users: Iterable, kind: kinds.Kind) -> dict[int, str]:
    """Each person's chosen frequency for a kind, or the kind's default."""
    users = list(users)
    chosen = dict(
        EmailPreference.objects.filter(user__in=users, kind=kind.key).values_list(
            "user_id", "frequency"
        )
    )
    return {user.pk: chosen.get(user.pk, kind.default_email) for user in users}


_EMAIL_FOR_FREQUENCY = {
    Frequency.IMMEDIATE: Notification.Email.PENDING,
    Frequency.DAILY: Notification.Email.DIGEST,
    Frequency.NEVER: Notification.Email.NONE,
}


@transaction.atomic
def publish(key: str, *, target, actor=None, group=None, recipients: Iterable = ()) -> Event:
    """Records that `actor` did `key` to `target` (in `group`, for its activity stream) and tells
    each recipient who may see the target. The actor is never told of their own deed."""
    kind = kinds.get_kind(key)
    event = Event.objects.create(
        kind=key,
        actor=actor,
        group=group,
        target_type=ContentType.objects.get_for_model(target),
        target_id=target.pk,
    )
    people = {
        person.pk: person
        for person in recipients
        if person.is_active
        and (actor is None or person.pk != actor.pk)
        and kind.may_see(person, target)
    }
    frequencies = email_frequencies(people.values(), kind)
    Notification.objects.bulk_create(
        Notification(recipient=person, event=event, email=_EMAIL_FOR_FREQUENCY[frequencies[pk]])
        for pk, person in people.items()
    )
    if any(frequency == Frequency.IMMEDIATE for frequency in frequencies.values()):
        from notifications.tasks import send_immediate_emails

        transaction.on_commit(lambda: send_immediate_emails.enqueue(event.pk))
    return event


def mark_read(user, notification_ids: Iterable[int] | None = None) -> int:
    """Marks the person's notifications read: the given ones (others' ids are ignored), or all."""
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if notification_ids is not None:
        unread = unread.filter(pk__in=list(notification_ids))
    return unread.update(read_at=timezone.now())


def set_email_frequency(user, key: str, frequency: str) -> None:
    kinds.get_kind(key)  # an unknown kind is an error, not a silent row
    EmailPreference.objects.update_or_create(
        user=user, kind=key, defaults={"frequency": Frequency(frequency)}
    )
