"""What a person is shown. Access may have ended since an event happened (a person left the
group, a document was trashed), so every line is checked again with the kind's rule when shown."""

from notifications import kinds
from notifications.models import Event, Notification


def may_see_event(user, event: Event) -> bool:
    """True when the event's kind is known, its target still exists and the person may see it."""
    try:
        kind = kinds.get_kind(event.kind)
    except kinds.UnknownKind:
        return False
    target = event.target
    return target is not None and kind.may_see(user, target)


def notifications_for(user, *, limit: int = 20, unread_only: bool = False) -> list[Notification]:
    """The person's latest notifications whose target they may still see, newest first."""
    queryset = Notification.objects.filter(recipient=user).select_related(
        "event__actor", "event__target_type", "event__group"
    )
    if unread_only:
        queryset = queryset.filter(read_at__isnull=True)
    shown = []
    # Read in pages: a few stale lines (target gone, access ended) must not shorten the list.
    for notification in queryset.iterator(chunk_size=limit * 2):
        if may_see_event(user, notification.event):
            shown.append(notification)
            if len(shown) == limit:
                break
    return shown


def unread_count(user, *, cap: int = 99) -> int:
    """How many unread notifications the bell shows (at most `cap`; shown as "99+")."""
    return len(notifications_for(user, limit=cap + 1, unread_only=True))
