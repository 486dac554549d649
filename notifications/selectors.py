"""What a person is shown. Access may have ended since an event happened (a person left the
group, a document was trashed), so every line is checked again with the kind's rule when shown.

Lists read their events in pages and load the targets of a page in bulk (one query per type of
target, with the kind's select_related paths), then let each kind prepare its rule for all of
them at once, so a list of 10 or 100 lines costs a handful of queries whatever its kinds."""

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet

from cooperation.permissions import member_group_ids
from notifications import kinds
from notifications.models import Event, Notification

# A list never reads more than this many events per line it shows (at least SCAN_MINIMUM): an
# outsider looking at a members-only group must not make the page walk its whole history.
SCAN_FACTOR = 5
SCAN_MINIMUM = 100


def _known_kind(key: str) -> kinds.Kind | None:
    try:
        return kinds.get_kind(key)
    except kinds.UnknownKind:
        return None


# A target is named by (content type id, primary key); an event by its kind and target.
TargetKey = tuple[int, int]


def _load_targets(keys: Iterable[tuple[str, int, int]]) -> dict[TargetKey, object]:
    """The targets of many (kind, type id, target id), one query per type of target, each with
    the select_related paths its kinds ask for. A target that no longer exists is missing."""
    wanted: dict[int, set[int]] = defaultdict(set)
    related: dict[int, set[str]] = defaultdict(set)
    for key, type_id, target_id in keys:
        wanted[type_id].add(target_id)
        kind = _known_kind(key)
        related[type_id].update(kind.related if kind else ())
    targets: dict[TargetKey, object] = {}
    for type_id, ids in wanted.items():
        model = ContentType.objects.get_for_id(type_id).model_class()
        if model is None:
            continue
        found = model._base_manager.select_related(*sorted(related[type_id])).in_bulk(ids)
        targets.update(((type_id, pk), target) for pk, target in found.items())
    return targets


def _visible_keys(
    user, keys: Iterable[tuple[str, int, int]]
) -> tuple[set[tuple[str, int, int]], dict[TargetKey, object]]:
    """Which (kind, type id, target id) the person may see (the target exists, the kind is known
    and its rule says yes), and the targets loaded. Kinds of one app share its prepare: one call
    for all their targets."""
    keys = set(keys)
    targets = _load_targets(keys)
    checks = []
    to_prepare: dict = defaultdict(list)
    for key, type_id, target_id in keys:
        kind, target = _known_kind(key), targets.get((type_id, target_id))
        if kind is not None and target is not None:
            checks.append(((key, type_id, target_id), kind, target))
            if kind.prepare is not None:
                to_prepare[kind.prepare].append(target)
    for prepare, of_app in to_prepare.items():
        prepare([user], of_app)
    return {name for name, kind, target in checks if kind.may_see(user, target)}, targets


def _key(event: Event) -> tuple[str, int, int]:
    return (event.kind, event.target_type_id, event.target_id)


_TARGET = Event._meta.get_field("target")


def attach_targets(events: list[Event]) -> None:
    """Loads the targets of many events in one query per type of target (None when gone)."""
    targets = _load_targets(_key(event) for event in events)
    for event in events:
        _TARGET.set_cached_value(event, targets.get((event.target_type_id, event.target_id)))


def visible_events(user, events: list[Event]) -> list[Event]:
    """The events (targets attached) whose target still exists and which the person may see."""
    visible, targets = _visible_keys(user, (_key(event) for event in events))
    for event in events:
        _TARGET.set_cached_value(event, targets.get((event.target_type_id, event.target_id)))
    return [event for event in events if _key(event) in visible]


def may_see_event(user, event: Event) -> bool:
    """True when the event's kind is known, its target still exists and the person may see it."""
    return bool(visible_events(user, [event]))


def _pages(rows, *, size: int, scan: int) -> Iterator[list]:
    """The rows (a queryset, or anything sliced the same way) in pages of `size`, at most `scan`
    rows in all."""
    for offset in range(0, scan, size):
        page = list(rows[offset : min(offset + size, scan)])
        if not page:
            return
        yield page
        if len(page) < size:
            return


def _first_visible(user, rows, limit: int, event_of=lambda row: row) -> list:
    size = max(limit, 20)
    shown = []
    for page in _pages(rows, size=size, scan=max(limit * SCAN_FACTOR, SCAN_MINIMUM)):
        visible = {event.pk for event in visible_events(user, [event_of(row) for row in page])}
        shown.extend(row for row in page if event_of(row).pk in visible)
        if len(shown) >= limit:
            break
    return shown[:limit]


# --- The bell ---------------------------------------------------------------------------------


def notifications_for(user, *, limit: int = 20, unread_only: bool = False) -> list[Notification]:
    """The person's latest notifications whose target they may still see, newest first."""
    queryset = Notification.objects.filter(recipient=user).select_related("event__actor")
    if unread_only:
        queryset = queryset.filter(read_at__isnull=True)
    return _first_visible(user, queryset, limit, event_of=lambda notification: notification.event)


def unread_count(user, *, cap: int = 99) -> int:
    """How many unread notifications the bell shows (at most cap + 1; shown as "99+"). One query
    when nothing is unread; otherwise one more per type of target and one per app whose kinds
    prepare their rule. Reads plain values, no model objects: it runs on every page."""
    rows = Notification.objects.filter(recipient=user, read_at__isnull=True).values_list(
        "event__kind", "event__target_type_id", "event__target_id"
    )
    limit = cap + 1
    count = 0
    for page in _pages(rows, size=limit, scan=limit * SCAN_FACTOR):
        visible, _targets = _visible_keys(user, page)
        count += sum(1 for row in page if row in visible)
        if count >= limit:
            return limit
    return count


def notification_for(user, pk: int) -> Notification | None:
    """One of the person's own notifications, if they may still see what it is about."""
    notification = (
        Notification.objects.filter(recipient=user, pk=pk).select_related("event").first()
    )
    if notification is None or not may_see_event(user, notification.event):
        return None
    return notification


# --- Activity streams -------------------------------------------------------------------------


class _NewestEvents:
    """Pages of events, newest first, read in two steps: the ids from the (group, newest) index
    alone, then those rows with their actors. Sorting the joined rows of a long history would
    cost more than the whole page."""

    def __init__(self, events: QuerySet[Event]):
        self.ids = events.order_by("-created_at", "-id").values_list("pk", flat=True)

    def __getitem__(self, page: slice) -> list[Event]:
        ids = list(self.ids[page])
        found = Event.objects.select_related("actor").in_bulk(ids)
        return [found[pk] for pk in ids if pk in found]


def _stream(**where) -> _NewestEvents:
    """A group stream's events: not those addressed to one person ("mentioned you")."""
    return _NewestEvents(Event.objects.filter(**where).exclude(kind__in=kinds.personal_keys()))


def group_activity(group, user, *, limit: int = 10) -> list[Event]:
    """The latest events of a group that the person may see (its front page)."""
    return _first_visible(user, _stream(group=group), limit)


def activity_for(user, *, limit: int = 10) -> list[Event]:
    """The latest events across the person's groups ("activity in my groups")."""
    group_ids = member_group_ids(user)
    if not group_ids:
        return []
    return _first_visible(user, _stream(group_id__in=group_ids), limit)


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
