"""What the meeting and news pages read: querysets already filtered by permissions.py and
prefetched for the page, so a list costs the same few queries however long it gets."""

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from cooperation import permissions as group_rules
from cooperation.meetings import permissions
from cooperation.meetings.models import ActionItem, Decision, Meeting, NewsItem, Publication
from cooperation.models import Document, Group


def meetings_of(user, group: Group) -> tuple[QuerySet[Meeting], QuerySet[Meeting]]:
    """(upcoming, past) meetings of a group the person may read."""
    meetings = (
        permissions.meetings_visible_to(user).filter(group=group).select_related("publication")
    )
    now = timezone.now()
    return (
        meetings.filter(ends_at__gte=now).order_by("starts_at"),
        meetings.filter(ends_at__lt=now).order_by("-starts_at"),
    )


def meeting_for(user, group: Group, pk: int) -> Meeting:
    """One meeting of the group, or 404 (also when it belongs to another group)."""
    return get_object_or_404(
        permissions.meetings_visible_to(user).select_related("group", "minutes_approved_in"),
        group=group,
        pk=pk,
    )


def meeting_page(meeting: Meeting) -> dict:
    participations = meeting.participations.select_related("user")
    return {
        "participations": participations,
        "decisions": meeting.decisions.all(),
        "action_items": meeting.action_items.select_related("owner", "meeting__group"),
        "presentations": meeting.presentations.filter(trashed_at__isnull=True).select_related(
            "current_version"
        ),
        "publication": meeting_publication(meeting),
        "approved_here": Meeting.objects.filter(minutes_approved_in=meeting).order_by("starts_at"),
    }


def meeting_publication(meeting: Meeting) -> Publication | None:
    return Publication.objects.filter(meeting=meeting).first()


def library_choices(group: Group, meeting: Meeting) -> QuerySet[Document]:
    """Library documents that could become presentations of the meeting."""
    return (
        Document.objects.filter(group=group, trashed_at__isnull=True)
        .exclude(meetings=meeting)
        .order_by("title")
    )


def decision_register(user, group: Group, *, year: int | None = None) -> dict:
    """Open action items across all the group's meetings, and its decisions (newest first)."""
    meetings = permissions.meetings_visible_to(user).filter(group=group)
    decisions = Decision.objects.filter(meeting__in=meetings).select_related("meeting")
    done = ActionItem.objects.filter(meeting__in=meetings, done_at__isnull=False)
    if year:
        decisions = decisions.filter(meeting__starts_at__year=year)
        done = done.filter(meeting__starts_at__year=year)
    years = sorted(
        {moment.year for moment in meetings.values_list("starts_at", flat=True)}, reverse=True
    )
    return {
        "open_items": ActionItem.objects.filter(meeting__in=meetings, done_at__isnull=True)
        .select_related("meeting__group", "owner")
        .order_by("due_date", "created_at"),
        "done_items": done.select_related("meeting__group", "owner").order_by("-done_at")[:50],
        "decisions": decisions.order_by("-meeting__starts_at", "number"),
        "years": years,
    }


def published_for(user, *, group_id: int | None = None, year: int | None = None):
    """The public Presentaties page: published meetings, newest first. A group filter only
    for groups the person may know of (a secret group's items are listed, but cannot be
    narrowed down to, by name, for outsiders)."""
    publications = (
        permissions.publications_visible_to(user)
        .select_related("meeting__group")
        .prefetch_related(
            Prefetch(
                "meeting__presentations",
                queryset=Document.objects.filter(trashed_at__isnull=True).select_related(
                    "current_version"
                ),
            )
        )
        .order_by("-meeting__starts_at")
    )
    if group_id is not None:
        visible = group_rules.groups_visible_to(user).filter(pk=group_id)
        publications = publications.filter(meeting__group__in=visible)
    if year is not None:
        publications = publications.filter(meeting__starts_at__year=year)
    return publications


def published_filters(user) -> dict:
    """The groups (that the person may know of) and years that have published material."""
    published = permissions.publications_visible_to(user)
    groups = group_rules.groups_visible_to(user).filter(
        pk__in=published.values("meeting__group_id")
    )
    years = sorted(
        {moment.year for moment in published.values_list("meeting__starts_at", flat=True)},
        reverse=True,
    )
    return {"groups": groups.order_by("name"), "years": years}


def publication_for(user, meeting_pk: int) -> Publication:
    publication = get_object_or_404(
        permissions.publications_visible_to(user).select_related("meeting__group"),
        meeting_id=meeting_pk,
    )
    return publication


def meeting_for_file(pk: int) -> Meeting:
    return get_object_or_404(Meeting.objects.select_related("group", "publication"), pk=pk)


def news_list(user, *, group: Group | None = None) -> QuerySet[NewsItem]:
    items = permissions.news_visible_to(user).select_related("group", "author")
    if group is not None:
        items = items.filter(group=group)
    return items.order_by("-published_at")


def news_drafts(user, group: Group) -> QuerySet[NewsItem]:
    if not permissions.can_write_news(user, group):
        return NewsItem.objects.none()
    return NewsItem.objects.filter(group=group, published_at__isnull=True).order_by("-updated_at")


def news_for(user, slug: str) -> NewsItem:
    item = get_object_or_404(NewsItem.objects.select_related("group", "author"), slug=slug)
    if not permissions.can_view_news(user, item):
        raise Http404
    return item


def news_links(user, item: NewsItem) -> dict:
    """The meetings and documents a news item links to, as far as the reader may follow them."""
    meetings = []
    for meeting in item.meetings.select_related("group", "publication"):
        if permissions.can_view_meeting(user, meeting):
            meetings.append((meeting, meeting.get_absolute_url()))
        elif permissions.can_view_publication(user, meeting):
            meetings.append((meeting, meeting.publication.get_absolute_url()))
    documents = [
        document
        for document in item.documents.filter(trashed_at__isnull=True).select_related("group")
        if group_rules.can_download(user, document)
    ]
    return {"linked_meetings": meetings, "linked_documents": documents}
