"""What the API reads, and what webhook payloads are built from. Every queryset starts from the
permission module of its app (learning/permissions.py, cooperation/permissions.py,
cooperation/meetings/permissions.py) or from a selector the pages use, so the API never shows
more than the web; here they only get the filters and prefetching of the API's lists."""

from datetime import datetime

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from cooperation import permissions as group_rules
from cooperation import selectors as group_selectors
from cooperation.meetings import permissions as meeting_rules
from cooperation.meetings import selectors as meeting_selectors
from cooperation.meetings.models import Meeting, Publication
from cooperation.models import Document, Group
from learning import permissions as learning_rules
from learning.models import Registration, Series, WebinarPage, WebinarSpeaker

REGISTERED = Registration.Status.REGISTERED


class NotVisible(LookupError):
    """What was asked for does not exist for this person (the API answers 404)."""


class NotAllowed(LookupError):
    """The person may know it exists, but not read this part of it (the API answers 403)."""


# --- Leerplatform -------------------------------------------------------------------------------


def _webinars_for_listing(queryset: QuerySet) -> QuerySet:
    return (
        queryset.select_related("series")
        .prefetch_related(
            Prefetch(
                "webinar_speakers",
                queryset=WebinarSpeaker.objects.select_related("speaker").order_by("sort_order"),
            ),
            "topics",
        )
        .annotate(seats_taken=Count("registrations", filter=Q(registrations__status=REGISTERED)))
    )


def webinars_for(
    user, *, when: str | None = None, series: str | None = None, now: datetime | None = None
) -> QuerySet[WebinarPage]:
    """Webinars the person may see; `when` is "upcoming" (not yet ended) or "past"."""
    now = now or timezone.now()
    webinars = learning_rules.visible_to(user)
    if when == "upcoming":
        webinars = webinars.filter(end__gt=now).order_by("start", "pk")
    elif when == "past":
        webinars = webinars.filter(end__lte=now).order_by("-start", "-pk")
    else:
        webinars = webinars.order_by("start", "pk")
    if series:
        webinars = webinars.filter(series__slug=series)
    return _webinars_for_listing(webinars)


def webinar_for(user, webinar_id: int) -> WebinarPage:
    webinar = _webinars_for_listing(WebinarPage.objects.filter(pk=webinar_id)).first()
    if webinar is None or not learning_rules.can_view(user, webinar):
        raise NotVisible
    return webinar


def series_list() -> QuerySet[Series]:
    # Series are a public listing, as on the Leerplatform page (learning has no rule for them).
    return Series.objects.order_by("title", "pk")


def series_for(series_id: int) -> Series:
    series = Series.objects.filter(pk=series_id).first()
    if series is None:
        raise NotVisible
    return series


def series_sessions(user, series: Series) -> list[WebinarPage]:
    """The webinars of a series that the person may see, in order."""
    return list(_webinars_for_listing(learning_rules.visible_to(user).filter(series=series)))


def registrations_of(user, *, status: str | None = None) -> QuerySet[Registration]:
    """The person's own registrations, for webinars they may still see (as on "My learning")."""
    registrations = Registration.objects.filter(
        user=user, webinar__in=learning_rules.visible_to(user)
    )
    if status:
        registrations = registrations.filter(status=status)
    return registrations.select_related("webinar").order_by("-queued_at", "-pk")


def registration_of(user, registration_id: int) -> Registration:
    registration = registrations_of(user).filter(pk=registration_id).first()
    if registration is None:
        raise NotVisible
    return registration


def registrants_of(user, webinar_id: int) -> QuerySet[Registration]:
    """Everyone registered for a webinar (also waiting and cancelled), for its hosts and editors."""
    webinar = webinar_for(user, webinar_id)
    if not learning_rules.can_view_registrations(user, webinar):
        raise NotAllowed
    return (
        Registration.objects.filter(webinar=webinar)
        .select_related("user__library", "webinar")
        .order_by("queued_at", "pk")
    )


# --- Coöperatieplatform -------------------------------------------------------------------------


def groups_for(user) -> QuerySet[Group]:
    """The groups whose existence the person may know, with their member count (the directory)."""
    return group_selectors.group_directory(user).order_by("name", "pk")


def group_for(user, slug: str) -> Group:
    group = Group.objects.filter(slug=slug).annotate(member_count=Count("memberships")).first()
    if group is None or not group_rules.can_see_group(user, group):
        raise NotVisible
    return group


def _readable_group(user, slug: str) -> Group:
    group = group_for(user, slug)
    if not group_rules.can_view_group(user, group):
        raise NotAllowed
    return group


def _documents(queryset: QuerySet) -> QuerySet[Document]:
    return queryset.select_related("group", "folder", "current_version").prefetch_related("tags")


def documents_of_group(user, slug: str, *, folder_id: int | None = None) -> QuerySet[Document]:
    group = _readable_group(user, slug)
    documents = group_rules.documents_visible_to(user).filter(group=group)
    if folder_id is not None:
        documents = documents.filter(folder_id=folder_id)
    return _documents(documents).order_by("title", "pk")


def document_for(user, document_id: int) -> Document:
    """A library document the person may download; in the trash it is gone for the API."""
    document = _documents(group_rules.documents_visible_to(user).filter(pk=document_id)).first()
    if document is None:
        raise NotVisible
    return document


def meetings_for(
    user, *, group: str | None = None, when: str | None = None, now: datetime | None = None
) -> QuerySet[Meeting]:
    """Meetings of the groups whose inside the person may read."""
    now = now or timezone.now()
    meetings = meeting_rules.meetings_visible_to(user).select_related("group", "publication")
    if group:
        meetings = meetings.filter(group__slug=group)
    if when == "upcoming":
        return meetings.filter(ends_at__gte=now).order_by("starts_at", "pk")
    if when == "past":
        return meetings.filter(ends_at__lt=now).order_by("-starts_at", "-pk")
    return meetings.order_by("-starts_at", "-pk")


def meeting_for(user, meeting_id: int) -> Meeting:
    meeting = (
        meeting_rules.meetings_visible_to(user)
        .select_related("group", "publication")
        .prefetch_related(
            "decisions",
            Prefetch(
                "presentations",
                queryset=Document.objects.filter(trashed_at__isnull=True)
                .select_related("current_version")
                .order_by("title"),
            ),
        )
        .filter(pk=meeting_id)
        .first()
    )
    if meeting is None:
        raise NotVisible
    return meeting


def publications_for(user) -> QuerySet[Publication]:
    """What groups have published of their meetings (the Presentaties page), newest first."""
    return meeting_selectors.published_for(user).order_by("-meeting__starts_at", "-pk")


def publication_for(user, meeting_id: int) -> Publication:
    publication = (
        publications_for(user).filter(meeting_id=meeting_id).first() if meeting_id else None
    )
    if publication is None:
        raise NotVisible
    return publication


def remember_group_roles(user, objects) -> None:
    """Reads the person's role in the groups of a page of groups, documents, meetings or
    publications in one query, so each item's permission check costs none."""
    groups = []
    for item in objects:
        if isinstance(item, Group):
            groups.append(item)
        elif isinstance(item, Publication):
            groups.append(item.meeting.group)
        else:
            groups.append(item.group)
    group_rules.remember_roles([user], groups)
