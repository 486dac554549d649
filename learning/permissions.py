"""Who may see and do what on the Leerplatform: every rule once, as a queryset filter and as a
check on one webinar. Views, feeds, e-mails, search and the live rooms all ask this module.

Each check takes the moment `now` (default: the current time) so callers and tests agree on it.
"""

from datetime import datetime

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from cooperation import permissions as cooperation_permissions
from learning.models import JOIN_OPENS_BEFORE, Audience, Registration, WebinarPage


def _group_ids(user) -> set[int]:
    if not user.is_authenticated:
        return set()
    # A webinar "for members of a group" means a Coöperatieplatform group; its rule lives there.
    if not hasattr(user, "_learning_group_ids"):
        user._learning_group_ids = cooperation_permissions.member_group_ids(user)
    return user._learning_group_ids


def _sees_everything(user) -> bool:
    return bool(user.is_authenticated and user.is_active and user.is_superuser)


def _audience_allows(user, audience: str, group_id: int | None) -> bool:
    if audience == Audience.EVERYONE or _sees_everything(user):
        return True
    if not (user.is_authenticated and user.is_active):
        return False
    if audience == Audience.MEMBERS:
        return True
    return group_id is not None and group_id in _group_ids(user)


def _audience_filter(user, audience_field: str, group_field: str) -> Q:
    everyone = Q(**{audience_field: Audience.EVERYONE})
    if not (user.is_authenticated and user.is_active):
        return everyone
    if _sees_everything(user):
        return Q()
    return (
        everyone
        | Q(**{audience_field: Audience.MEMBERS})
        | Q(**{audience_field: Audience.GROUP, f"{group_field}__in": _group_ids(user)})
    )


# --- Webinars ------------------------------------------------------------------------------------


def visible_to(user, queryset: QuerySet | None = None) -> QuerySet:
    """The live webinars this person may see (their page, calendar entry and search hit)."""
    queryset = WebinarPage.objects.all() if queryset is None else queryset
    return queryset.live().filter(_audience_filter(user, "audience", "audience_group"))


def can_view(user, webinar: WebinarPage) -> bool:
    return webinar.live and _audience_allows(user, webinar.audience, webinar.audience_group_id)


def registration_refusal(user, webinar: WebinarPage, *, now: datetime | None = None) -> str | None:
    """Why this person cannot register now (a message in their language), or None if they can.
    Seats are not counted here: a full webinar still takes people on its waiting list."""
    now = now or timezone.now()
    if not (user.is_authenticated and user.is_active):
        return _("Log in to register for a webinar.")
    if not can_view(user, webinar):
        return _("This webinar is not open to you.")
    if webinar.cancelled:
        return _("This webinar has been cancelled.")
    if webinar.registration_opens and now < webinar.registration_opens:
        return _("Registration for this webinar has not opened yet.")
    if now >= webinar.registration_deadline:
        return _("Registration for this webinar is closed.")
    return None


def can_register(user, webinar: WebinarPage, *, now: datetime | None = None) -> bool:
    return registration_refusal(user, webinar, now=now) is None


def can_see_live_link(
    user,
    webinar: WebinarPage,
    *,
    registration: Registration | None = None,
    now: datetime | None = None,
) -> bool:
    """Only a registered person, from 15 minutes before the start until the end."""
    now = now or timezone.now()
    if not (user.is_authenticated and user.is_active) or not webinar.live_url:
        return False
    # The time first: it needs no query, and "My learning" asks for every registration.
    if not (webinar.start - JOIN_OPENS_BEFORE <= now < webinar.end):
        return False
    if webinar.cancelled or not can_view(user, webinar):
        return False
    if registration is None:
        registration = Registration.objects.filter(webinar=webinar, user=user).first()
    return (
        registration is not None
        and registration.user_id == user.pk
        and registration.status == Registration.Status.REGISTERED
    )


# --- The webinar's live room (live/) ----------------------------------------------------------


def can_host(user, webinar: WebinarPage) -> bool:
    """Hosts moderate the webinar's room: platform staff and whoever may edit the webinar."""
    if not (user.is_authenticated and user.is_active):
        return False
    return user.is_superuser or webinar.permissions_for_user(user).can_edit()


def can_chat(user, webinar: WebinarPage) -> bool:
    """Registered people (not those waiting) and hosts write in the room; others may read it."""
    if can_host(user, webinar):
        return True
    if not (user.is_authenticated and user.is_active) or not can_view(user, webinar):
        return False
    return Registration.objects.filter(
        webinar=webinar, user=user, status=Registration.Status.REGISTERED
    ).exists()


def can_read_room(user, webinar: WebinarPage, *, closed: bool) -> bool:
    """During the session whoever sees the webinar reads along; afterwards the chat belongs to
    the recording and only whoever may watch the recording reads it."""
    if not user.is_authenticated:
        return False
    if closed:
        return can_watch_recording(user, webinar) or can_host(user, webinar)
    return can_view(user, webinar)


# --- Recordings ----------------------------------------------------------------------------------


def recordings_visible_to(user, queryset: QuerySet | None = None) -> QuerySet:
    queryset = visible_to(user, queryset)
    return queryset.exclude(recording="").filter(
        _audience_filter(user, "recording_audience", "recording_group")
    )


def can_watch_recording(user, webinar: WebinarPage) -> bool:
    return (
        bool(webinar.recording)
        and can_view(user, webinar)
        and _audience_allows(user, webinar.recording_audience, webinar.recording_group_id)
    )


# --- Registrations and reports -------------------------------------------------------------------


def can_cancel(user, registration: Registration) -> bool:
    return (
        user.is_authenticated
        and registration.status != Registration.Status.CANCELLED
        and (registration.user_id == user.pk or can_manage_colleague(user, registration.user))
    )


def can_see_certificate(user, registration: Registration) -> bool:
    return (
        user.is_authenticated
        and registration.attended
        and (registration.user_id == user.pk or can_manage_colleague(user, registration.user))
    )


def is_library_coordinator(user) -> bool:
    return bool(
        user.is_authenticated and user.is_active and user.is_library_coordinator and user.library_id
    )


def can_manage_colleague(coordinator, colleague) -> bool:
    """A coordinator sees and registers the staff of their own library, and only them."""
    return is_library_coordinator(coordinator) and colleague.library_id == coordinator.library_id


def can_view_network_report(user) -> bool:
    return bool(
        user.is_authenticated and user.is_active and user.has_perm("learning.view_registration")
    )


def can_view_registrations(user, webinar: WebinarPage) -> bool:
    """Who registered for a webinar (the API's list of registrants): its hosts, and editors who
    read registrations in the admin."""
    return can_view(user, webinar) and (can_host(user, webinar) or can_view_network_report(user))


def can_message_registrants(user) -> bool:
    return bool(
        user.is_authenticated and user.is_active and user.has_perm("learning.change_registration")
    )
