"""What the Leerplatform's pages read: querysets already filtered by permissions.py and
prefetched, so a page runs the same number of queries however many webinars, registrations or
speakers there are."""

import hashlib
import re
from datetime import datetime, timedelta

from django.contrib import messages
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import get_language
from taggit.models import Tag

from accounts.models import Organisation, User
from learning import permissions
from learning.forms import WebinarFilterForm
from learning.live import WebinarRoomPolicy
from learning.models import (
    Registration,
    Series,
    Speaker,
    WebinarIndexPage,
    WebinarPage,
    WebinarSpeaker,
)
from live.selectors import faq_for, room_panel_for, transcript_for
from portal import params

PAGE_SIZE = 12
REGISTERED = Registration.Status.REGISTERED
WAITING = Registration.Status.WAITING


def _for_listing(queryset: QuerySet) -> QuerySet:
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


def webinars_upcoming(*, user, now: datetime | None = None) -> QuerySet:
    now = now or timezone.now()
    return _for_listing(permissions.visible_to(user).filter(end__gt=now)).order_by("start", "pk")


def recordings_past(*, user, now: datetime | None = None) -> QuerySet:
    now = now or timezone.now()
    return _for_listing(permissions.recordings_visible_to(user).filter(end__lte=now)).order_by(
        "-start", "-pk"
    )


LISTING_CACHE_SECONDS = 60
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')
CSRF_PLACEHOLDER = "<!--learning-csrf-->"
GENERATION_KEY = "learning:listing-generation"


def listing_changed() -> None:
    """Makes every cached anonymous listing stale (a webinar was published, a seat taken...)."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, 1, None)


def webinar_index_context(*, index: WebinarIndexPage, request) -> dict:
    return {"listing": _render_listing(index=index, request=request)}


def cached_for_anonymous(*, request, render) -> HttpResponse:
    """The Leerplatform list is the same for every anonymous visitor: the whole page is cached
    per path, query string and language for a minute, and dropped at once when anything in it
    changes (listing_changed). The one per-visitor part, the CSRF token of the language switch,
    is put back on every hit. Members, POSTs and pages with a message are never cached."""
    if (
        request.method != "GET"
        or request.user.is_authenticated
        or len(messages.get_messages(request))
    ):
        return render()
    generation = cache.get_or_set(GENERATION_KEY, 1, None)
    path = hashlib.sha256(request.get_full_path().encode()).hexdigest()[:32]
    key = f"learning:page:{generation}:{get_language()}:{path}"
    html = cache.get(key)
    if html is None:
        response = render()
        if hasattr(response, "render"):
            response.render()
        if response.status_code != 200:
            return response
        html = CSRF_INPUT.sub(CSRF_PLACEHOLDER, response.content.decode())
        cache.set(key, html, LISTING_CACHE_SECONDS)
    token = f'name="csrfmiddlewaretoken" value="{get_token(request)}"'
    return HttpResponse(html.replace(CSRF_PLACEHOLDER, token))


def _render_listing(*, index: WebinarIndexPage, request) -> str:
    return render_to_string(
        "learning/includes/webinar_listing.html",
        _listing_context(index=index, request=request),
        request=request,
    )


def _listing_context(*, index: WebinarIndexPage, request) -> dict:
    user = request.user
    now = timezone.now()
    upcoming = webinars_upcoming(user=user, now=now)
    recordings = recordings_past(user=user, now=now)
    visible = permissions.visible_to(user)
    form = WebinarFilterForm(
        request.GET,
        topics=Tag.objects.filter(learning_webinartopic_items__content_object__in=visible)
        .distinct()
        .order_by("name"),
        series=Series.objects.all(),
        # Like series, speakers are public (a search finds them); a speaker whose webinars the
        # person may not see leads to empty lists, not to an error.
        speakers=Speaker.objects.order_by("name"),
        months=visible.filter(end__gt=now).dates("start", "month"),
    )
    narrowing = {}
    if form.is_valid():
        data = form.cleaned_data
        # Topic, series and speaker narrow the recordings too (a search hit on a speaker or a
        # series leads here); the months offered are those of upcoming webinars.
        if data["topic"]:
            narrowing["topics__slug"] = data["topic"]
        if data["series"]:
            narrowing["series__slug"] = data["series"]
        if data["speaker"] is not None:
            narrowing["webinar_speakers__speaker"] = data["speaker"]
        upcoming, recordings = upcoming.filter(**narrowing), recordings.filter(**narrowing)
        if data["month"]:
            year, month = map(int, data["month"].split("-"))
            upcoming = upcoming.filter(start__year=year, start__month=month)
    return {
        "filter_form": form,
        # Which empty list the filters emptied (the month narrows only the upcoming ones).
        "filtered": form.is_valid() and any(form.cleaned_data.values()),
        "recordings_filtered": bool(narrowing),
        "upcoming": Paginator(upcoming, PAGE_SIZE).get_page(request.GET.get("pagina")),
        "recordings": Paginator(recordings, PAGE_SIZE).get_page(request.GET.get("opnames")),
    }


def webinars_next(*, user, limit: int = 3) -> list[WebinarPage]:
    return list(webinars_upcoming(user=user)[:limit])


def recording_start(value: str | None) -> int | None:
    """The moment (whole seconds) a link asks the recording to start at: `?t=83`."""
    return params.number(value, minimum=1, maximum=99_999)


def _queued_before(queued_at, pk) -> Q:
    # The order waiting_list_promote hands out seats in: queued_at, then pk.
    return Q(queued_at__lt=queued_at) | Q(queued_at=queued_at, pk__lt=pk)


def waiting_list_place(registration: Registration) -> int | None:
    """1 for the next person to get a seat; None when the registration is not waiting."""
    if registration.status != WAITING:
        return None
    ahead = Registration.objects.filter(
        _queued_before(registration.queued_at, registration.pk),
        webinar_id=registration.webinar_id,
        status=WAITING,
    )
    return ahead.count() + 1


def _with_waiting_list_place(registrations: QuerySet) -> QuerySet:
    """Annotates `waiting_ahead` (people before each waiting registration) in the same query."""
    ahead = (
        Registration.objects.filter(
            _queued_before(OuterRef("queued_at"), OuterRef("pk")),
            webinar=OuterRef("webinar"),
            status=WAITING,
        )
        .order_by()
        .values("webinar")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return registrations.annotate(waiting_ahead=Coalesce(Subquery(ahead), Value(0)))


def webinar_page_context(*, webinar: WebinarPage, user, now: datetime | None = None) -> dict:
    """Everything the webinar page shows, including which one button it offers."""
    now = now or timezone.now()
    registration = (
        Registration.objects.filter(webinar=webinar, user=user).first()
        if user.is_authenticated
        else None
    )
    if registration and registration.status == Registration.Status.CANCELLED:
        registration = None
    seats_taken = Registration.objects.filter(webinar=webinar, status=REGISTERED).count()
    seats_left = None if webinar.capacity is None else max(webinar.capacity - seats_taken, 0)
    can_watch = permissions.can_watch_recording(user, webinar)
    refusal = None
    if webinar.cancelled:
        action = "cancelled"
    elif webinar.end <= now:
        action = "watch" if can_watch else "ended"
    elif registration and permissions.can_see_live_link(
        user, webinar, registration=registration, now=now
    ):
        action = "join"
    elif registration and registration.status == REGISTERED:
        action = "cancel"
    elif registration:
        action = "leave_waiting_list"
    elif not user.is_authenticated:
        action = "log_in"
    elif refusal := permissions.registration_refusal(user, webinar, now=now):
        action = "closed"
    else:
        action = "waiting_list" if seats_left == 0 else "register"
    room = WebinarRoomPolicy()  # one definition of when the webinar's room is open
    room_open = room.opens_at(webinar) <= now < room.closes_at(webinar)
    return {
        # The chat beside the session; afterwards its FAQ and transcript go with the recording.
        "live_room": room_panel_for(kind="webinar", target_pk=webinar.pk, user=user, target=webinar)
        if room_open and not webinar.cancelled
        else None,
        "faq": faq_for("webinar", webinar.pk) if can_watch else [],
        "transcript": transcript_for("webinar", webinar.pk) if can_watch else [],
        "registration": registration,
        "waiting_place": waiting_list_place(registration) if registration else None,
        "seats_left": seats_left,
        "action": action,
        "refusal": refusal,
        "can_watch": can_watch,
        "speakers": [
            item.speaker
            for item in webinar.webinar_speakers.select_related("speaker__photo").order_by(
                "sort_order"
            )
        ],
        "chapters": list(webinar.chapters.order_by("sort_order")) if can_watch else [],
        "topics": list(webinar.topics.all()),
    }


def my_learning(*, user, now: datetime | None = None) -> dict:
    now = now or timezone.now()
    registrations = list(
        _with_waiting_list_place(
            Registration.objects.filter(user=user)
            .exclude(status=Registration.Status.CANCELLED)
            .filter(webinar__in=permissions.visible_to(user))
        )
        .select_related("webinar")
        .order_by("webinar__start")
    )
    rewatch = {w.pk for w in permissions.recordings_visible_to(user).filter(end__lte=now)}
    upcoming = [r for r in registrations if r.webinar.end > now]
    return {
        "upcoming": upcoming,
        # The ones whose session has opened: joined from here, as from the webinar's page.
        "joinable": {
            r.webinar_id
            for r in upcoming
            if permissions.can_see_live_link(user, r.webinar, registration=r, now=now)
        },
        "past": [r for r in registrations if r.webinar.end <= now],
        "rewatchable": rewatch,
    }


def registrations_for_feed(*, user) -> QuerySet:
    return (
        permissions.visible_to(user)
        .filter(
            registrations__user=user,
            registrations__status=REGISTERED,
            end__gt=timezone.now() - timedelta(days=30),
        )
        .select_related("calendar_state")
        .order_by("start")
    )


def public_feed_webinars(*, user) -> QuerySet:
    return (
        permissions.visible_to(user)
        .filter(end__gt=timezone.now(), cancelled=False)
        .select_related("calendar_state")
        .order_by("start")
    )


def library_report(*, library: Organisation) -> QuerySet:
    """Who of this library registered, attended and watched which webinar."""
    return (
        Registration.objects.filter(user__library=library)
        .exclude(status=Registration.Status.CANCELLED)
        .select_related("user", "webinar")
        .order_by("webinar__start", "user__display_name")
    )


def library_colleagues(*, library: Organisation) -> QuerySet:
    return User.objects.filter(library=library, is_active=True).order_by("display_name")


def network_report() -> QuerySet:
    """Per library: registrations, attendance and certificates (one per attended webinar)."""
    active = Q(members__webinar_registrations__status__in=[REGISTERED, Registration.Status.WAITING])
    return Organisation.objects.annotate(
        registrations=Count("members__webinar_registrations", filter=active),
        attended=Count(
            "members__webinar_registrations",
            filter=active & Q(members__webinar_registrations__attended=True),
        ),
        watched=Count(
            "members__webinar_registrations",
            filter=active & Q(members__webinar_registrations__watched_recording_at__isnull=False),
        ),
    ).order_by("name")
