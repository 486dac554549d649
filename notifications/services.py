"""Telling people what happened. Feature apps call `publish` from their services, inside their
transaction; e-mail goes out after the commit."""

from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.core import signing
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
def publish(
    key: str, *, target, actor=None, group=None, recipients: Iterable = (), data: dict | None = None
) -> Event:
    """Records that `actor` did `key` to `target` (in `group`, for its activity stream) and tells
    each recipient who may see the target. The actor is never told of their own deed. `data`
    holds what the kind's describe needs beyond the target (small, JSON)."""
    kind = kinds.get_kind(key)
    event = Event.objects.create(
        kind=key,
        actor=actor,
        group=group,
        target_type=ContentType.objects.get_for_model(target),
        target_id=target.pk,
        data=data or {},
    )
    if kind.activity_only:
        return event
    candidates = {
        person.pk: person
        for person in recipients
        if person.is_active and (actor is None or person.pk != actor.pk)
    }
    if candidates and kind.prepare is not None:
        kind.prepare(list(candidates.values()), [target])
    people = {pk: person for pk, person in candidates.items() if kind.may_see(person, target)}
    if kind.emailed:
        frequencies = email_frequencies(people.values(), kind)
    else:
        frequencies = dict.fromkeys(people, Frequency.NEVER)
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


def email_settings(user) -> dict[str, str]:
    """The person's frequency for every kind they can be told about (their choice or the
    kind's default), for the settings page."""
    chosen = dict(user.email_preferences.values_list("kind", "frequency"))
    return {kind.key: chosen.get(kind.key, kind.default_email) for kind in kinds.emailed_kinds()}


@transaction.atomic
def set_email_frequency(user, key: str, frequency: str) -> None:
    kinds.get_kind(key)  # an unknown kind is an error, not a silent row
    EmailPreference.objects.update_or_create(
        user=user, kind=key, defaults={"frequency": Frequency(frequency)}
    )
    if frequency == Frequency.NEVER:
        # "Never" also holds back what is already waiting for the next digest.
        Notification.objects.filter(
            recipient=user,
            event__kind=key,
            email__in=[Notification.Email.PENDING, Notification.Email.DIGEST],
        ).update(email=Notification.Email.NONE)


# --- One-click unsubscribe (RFC 8058) ---------------------------------------------------------

# What an unsubscribe link of the daily digest names instead of a kind: every kind the person
# gets in the digest. Not an identifier, so never the key of a kind.
DIGEST = "daily-digest"
_UNSUBSCRIBE_SALT = "notifications.unsubscribe"


def unsubscribe_token(user, key: str) -> str:
    """A signed token naming the person and one kind of e-mail (or DIGEST). It does not expire:
    an e-mail's link must keep working however late it is clicked, and it can do nothing but
    switch that kind of e-mail off."""
    return signing.dumps({"user": user.pk, "kind": key}, salt=_UNSUBSCRIBE_SALT, compress=True)


def unsubscribe_target(token: str):
    """(person, kind key) the token was made for, or None for a forged, altered or stale token
    (an unknown person or kind)."""
    from django.contrib.auth import get_user_model

    try:
        payload = signing.loads(token, salt=_UNSUBSCRIBE_SALT)
        user_id, key = int(payload["user"]), str(payload["kind"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None
    user = get_user_model().objects.filter(pk=user_id).first()
    if user is None:
        return None
    if key != DIGEST:
        try:
            kinds.get_kind(key)
        except kinds.UnknownKind:
            return None
    return user, key


def kinds_of_unsubscribe(user, key: str) -> list[kinds.Kind]:
    """The kinds an unsubscribe link switches off: the one it names, or for the digest every
    kind the person now gets in the digest."""
    if key != DIGEST:
        return [kinds.get_kind(key)]
    chosen = email_settings(user)
    return [kind for kind in kinds.emailed_kinds() if chosen[kind.key] == Frequency.DAILY]


@transaction.atomic
def unsubscribe(user, key: str) -> list[kinds.Kind]:
    """Switches e-mail about the kind (or the digest's kinds) off; the bell keeps telling.
    Returns the kinds switched off."""
    switched = kinds_of_unsubscribe(user, key)
    for kind in switched:
        set_email_frequency(user, kind.key, Frequency.NEVER)
    return switched
