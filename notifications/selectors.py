"""What a person is shown. Access may have ended since an event happened (a person left the
group, a document was trashed), so every line is checked again with the kind's rule when shown.

Lists read their events in pages and load the targets of a page in bulk (one query per type of
target, with the kind's select_related paths), then let each kind prepare its rule for all of
them at once, so a list of 10 or 100 lines costs a handful of queries whatever its kinds."""

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.contrib.contenttypes.prefetch import GenericPrefetch
from django.db.models import QuerySet, prefetch_related_objects

from cooperation.permissions import member_group_ids
from notifications import kinds
from notifications.models import Event, Notification

# A list never reads more than this many events per line it shows (at least SCAN_MINIMUM): an
# outsider looking at a members-only group must not make the page walk its whole history.
SCAN_FACTOR = 5
SCAN_MINIMUM = 100


def _known_kind(event: Event) -> kinds.Kind | None:
    try:
        return kinds.get_kind(event.kind)
    except kinds.UnknownKind:
        return None


def attach_targets(events: list[Event]) -> None:
    """Loads the targets of many events in one query per type of target. A target that no
    longer exists is None."""
    related: dict[int, set[str]] = defaultdict(set)
    for event in events:
        kind = _known_kind(event)
        related[event.target_type_id].update(kind.related if kind else ())
    if not related:
        return
    from django.contrib.contenttypes.models import ContentType

    querysets = []
    for type_id, paths in related.items():
        model = ContentType.objects.get_for_id(type_id).model_class()
        if model is not None:
            querysets.append(model._base_manager.select_related(*sorted(paths)))
    prefetch_related_objects(events, GenericPrefetch("target", querysets))


def visible_events(user, events: list[Event]) -> list[Event]:
    """The events (targets attached) whose target still exists and which the person may see."""
    attach_targets(events)
    by_kind: dict[str, list[Event]] = defaultdict(list)
    for event in events:
        if event.target is not None and _known_kind(event) is not None:
            by_kind[event.kind].append(event)
    # Kinds of one app share its prepare: one call (one query) for all their targets.
    targets_to_prepare: dict = defaultdict(list)
    for key, of_kind in by_kind.items():
        prepare = kinds.get_kind(key).prepare
        if prepare is not None:
            targets_to_prepare[prepare].extend(event.target for event in of_kind)
    for prepare, targets in targets_to_prepare.items():
        prepare([user], targets)
    return [
        event
        for event in events
        if event.kind in by_kind
        and event.target is not None
        and kinds.get_kind(event.kind).may_see(user, event.target)
    ]


def may_see_event(user, event: Event) -> bool:
    """True when the event's kind is known, its target still exists and the person may see it."""
    return bool(visible_events(user, [event]))


def _pages(queryset: QuerySet, *, size: int, scan: int) -> Iterator[list]:
    """The rows of the queryset in pages of `size`, at most `scan` rows in all."""
    for offset in range(0, scan, size):
        page = list(queryset[offset : min(offset + size, scan)])
        if not page:
            return
        yield page
        if len(page) < size:
            return


def _first_visible(user, queryset: QuerySet, limit: int, event_of=lambda row: row) -> list:
    size = max(limit, 20)
    shown = []
    for page in _pages(queryset, size=size, scan=max(limit * SCAN_FACTOR, SCAN_MINIMUM)):
        visible = {event.pk for event in visible_events(user, [event_of(row) for row in page])}
        shown.extend(row for row in page if event_of(row).pk in visible)
        if len(shown) >= limit:
            break
    return shown[:limit]


# --- The bell ---------------------------------------------------------------------------------


def notifications_for(user, *, limit: int = 20, unread_only: bool = False) -> list[Notification]:
    """The person's latest notifications whose target they may still see, newest first."""
    queryset = Notification.objects.filter(recipient=user).select_related(
        "event__actor", "event__target_type", "event__group"
    )
    if unread_only:
        queryset = queryset.filter(read_at__isnull=True)
    return _first_visible(user, queryset, limit, event_of=lambda notification: notification.event)


def unread_count(user, *, cap: int = 99) -> int:
    """How many unread notifications the bell shows (at most cap + 1; shown as "99+"). One query
    when nothing is unread; otherwise one more per type of target and kind that prepares."""
    queryset = Notification.objects.filter(recipient=user, read_at__isnull=True).select_related(
        "event"
    )
    return len(
        _first_visible(user, queryset, cap + 1, event_of=lambda notification: notification.event)
    )


def notification_for(user, pk: int) -> Notification | None:
    """One of the person's own notifications, if they may still see what it is about."""
    notification = (
        Notification.objects.filter(recipient=user, pk=pk).select_related("event").first()
    )
    if notification is None or not may_see_event(user, notification.event):
        return None
    return notification


# --- Activity streams -------------------------------------------------------------------------


def _events() -> QuerySet[Event]:
    return Event.objects.select_related("actor", "group", "target_type").order_by(
        "-created_at", "-id"
    )


def group_activity(group, user, *, limit: int = 10) -> list[Event]:
    """The latest events of a group that the person may see (its front page)."""
    return _first_visible(user, _events().filter(group=group), limit)


def activity_for(user, *, limit: int = 10) -> list[Event]:
    """The latest events across the person's groups ("activity in my groups")."""
    group_ids = member_group_ids(user)
    if not group_ids:
        return []
    return _first_visible(user, _events().filter(group_id__in=group_ids), limit)


@dataclass(frozen=True)
class Line:
    """One event as a page shows it: its text and link in the active language."""

    event: Event
    text: str
    url: str
    notification: Notification | None = None


def as_lines(events: Iterable[Event]) -> list[Line]:
    """Events whose targets are attached (as the lists above return them), ready to show."""
    shown = []
    for event in events:
        kind = kinds.get_kind(event.kind)
        shown.append(Line(event, kind.describe(event), kind.url(event.target)))
    return shown


def notification_lines(notifications: Iterable[Notification]) -> list[Line]:
    shown = []
    for notification in notifications:
        kind = kinds.get_kind(notification.event.kind)
        event = notification.event
        shown.append(Line(event, kind.describe(event), kind.url(event.target), notification))
    return shown
