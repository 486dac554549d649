"""HTTP for the Leerplatform: parse, ask permissions.py, call one service or selector, answer."""

import csv
import mimetypes
import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import (
    FileResponse,
    Http404,
    HttpResponse,
    HttpResponseRedirect,
    StreamingHttpResponse,
)
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from wagtail.views import serve as wagtail_serve

from cooperation.meetings.calendar import meeting_events_for_feed
from learning import permissions, selectors, services, undo
from learning.calendar import build_calendar
from learning.emails import webinar_url
from learning.forms import ColleagueRegistrationForm
from learning.models import CalendarFeed, Registration, WebinarPage
from portal.confirm import confirmation_page
from portal.links import absolute_url
from portal.streaming import chunks_for


def _visible_webinar(request, webinar_id: int) -> WebinarPage:
    webinar = get_object_or_404(WebinarPage.objects.select_related("calendar_state"), pk=webinar_id)
    if not permissions.can_view(request.user, webinar):
        raise Http404
    return webinar


def _calendar_response(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def webinar_index(request):
    return selectors.cached_for_anonymous(
        request=request, render=lambda: wagtail_serve(request, request.path.lstrip("/"))
    )


@require_POST
@login_required
def register(request, webinar_id: int):
    # Not _visible_webinar: someone without access hears why (the service refuses), not a 404.
    webinar = get_object_or_404(WebinarPage, pk=webinar_id)
    try:
        registration = services.registration_create(webinar=webinar, user=request.user)
    except services.RegistrationError as error:
        messages.error(request, error.message)
    else:
        if registration.status == Registration.Status.WAITING:
            messages.success(
                request,
                _(
                    "The webinar is full: you are on the waiting list. We e-mail you when a "
                    "seat frees up."
                ),
            )
        else:
            messages.success(
                request,
                _("You are registered. The confirmation with a calendar invite is on its way."),
            )
    return redirect(
        webinar.url if permissions.can_view(request.user, webinar) else "/leerplatform/"
    )


@require_POST
@login_required
def cancel(request, webinar_id: int):
    webinar = _visible_webinar(request, webinar_id)
    registration = Registration.objects.filter(webinar=webinar, user=request.user).first()
    try:
        if registration is None:
            raise services.RegistrationError(
                _("There is no registration of yours to cancel."), "not_found"
            )
        previous_status = registration.status
        services.registration_cancel(registration=registration, by=request.user)
    except services.RegistrationError as error:
        messages.error(request, error.message)
    else:
        if permissions.can_register(request.user, webinar):
            # The webinar page says so itself, with "Ongedaan maken" beside it.
            undo.remember(request, registration, previous_status)
        else:
            messages.success(request, _("Your registration is cancelled."))
    return redirect(webinar.url)


@require_POST
@login_required
def cancel_undo(request, webinar_id: int):
    webinar = _visible_webinar(request, webinar_id)
    cancellation = undo.cancellation(request, webinar.pk)
    try:
        if cancellation is None:
            raise services.RegistrationError(
                _("This cancellation can no longer be undone."), "expired"
            )
        registration, previous_status = cancellation
        registration = services.registration_reinstate(
            registration=registration, previous_status=previous_status, by=request.user
        )
    except services.RegistrationError as error:
        messages.error(request, error.message)
    else:
        undo.forget(request, webinar.pk)
        if registration.status == Registration.Status.REGISTERED:
            messages.success(request, _("You are registered again."))
        else:
            messages.success(
                request,
                _("You are on the waiting list again, at place %(place)s.")
                % {"place": selectors.waiting_list_place(registration)},
            )
    return redirect(webinar.url)


@login_required
def join(request, webinar_id: int):
    """The live link is never in a page: this door checks the registration and redirects."""
    webinar = _visible_webinar(request, webinar_id)
    if not permissions.can_see_live_link(request.user, webinar):
        messages.error(
            request, _("The live session opens 15 minutes before the start, for registered people.")
        )
        return redirect(webinar.url)
    services.attendance_record_join(webinar=webinar, user=request.user)
    return HttpResponseRedirect(webinar.live_url)


def webinar_ics(request, webinar_id: int):
    webinar = _visible_webinar(request, webinar_id)
    body = build_calendar([(webinar, webinar_url(webinar))], method="PUBLISH", name=webinar.title)
    return _calendar_response(body, f"{webinar.slug}.ics")


def public_feed(request):
    webinars = selectors.public_feed_webinars(user=AnonymousUser())
    body = build_calendar(
        [(webinar, webinar_url(webinar)) for webinar in webinars],
        method="PUBLISH",
        name=_("Kennisplein webinars"),
    )
    return _calendar_response(body, "leerplatform.ics")


def personal_feed(request, token: str):
    feed = CalendarFeed.objects.select_related("user").filter(token=token).first()
    if feed is None or not feed.user.is_active:
        raise Http404
    webinars = selectors.registrations_for_feed(user=feed.user)
    body = build_calendar(
        [(webinar, webinar_url(webinar)) for webinar in webinars],
        method="PUBLISH",
        name=_("My webinars"),
        # The meetings of the person's groups, as far as they may see them (issue 7).
        extra_events=meeting_events_for_feed(user=feed.user),
    )
    return _calendar_response(body, "mijn-webinars.ics")


@require_http_methods(["GET", "POST"])
@login_required
def feed_revoke(request):
    if request.method == "GET":
        return confirmation_page(
            request,
            question=_("Make a new calendar address?"),
            consequence=_(
                "The old address stops working at once: a calendar that uses it shows your "
                "webinars again once you add the new address."
            ),
            confirm=_("Make a new address"),
            cancel_url=reverse("learning:my_learning"),
        )
    services.calendar_feed_revoke(user=request.user)
    messages.success(request, _("Your calendar address is new; the old one no longer works."))
    return redirect("learning:my_learning")


def _recording_file(request, webinar_id: int, field: str, content_type: str | None):
    webinar = _visible_webinar(request, webinar_id)
    if not permissions.can_watch_recording(request.user, webinar):
        raise Http404
    file = getattr(webinar, field)
    if not file:
        raise Http404
    if field == "recording":
        services.recording_watched(webinar=webinar, user=request.user)
    response = _file_or_range(request, file, content_type)
    response["Cache-Control"] = "private, max-age=3600"
    return response


# ASCII digits, at most 18 of them: \d also matches other scripts' digits, and int() of thousands
# of digits is refused (a range beyond any file then gets its 416).
BYTE_RANGE = re.compile(r"^bytes=([0-9]{0,18})-([0-9]{0,18})$")


def _file_or_range(request, file, content_type: str | None):
    """The file, or the one byte range the browser asks for (206): a video player seeks by
    asking for the bytes from a moment on (a chapter mark, a link from the search to a cue);
    without ranges a browser cannot seek at all."""
    match = BYTE_RANGE.match(request.headers.get("Range", "").strip())
    if not match or match.groups() == ("", ""):
        if hasattr(request, "scope"):  # ASGI: see _range
            response = _range(request, file, 0, file.size - 1, content_type, status=200)
        else:
            response = FileResponse(file.open("rb"), content_type=content_type)
        response["Accept-Ranges"] = "bytes"
        return response
    size = file.size
    first, last = match.groups()
    if first:
        start, end = int(first), min(int(last), size - 1) if last else size - 1
    else:  # the last N bytes
        start, end = max(size - int(last), 0), size - 1
    if start >= size or start > end:
        response = HttpResponse(status=416)
        response["Content-Range"] = f"bytes */{size}"
        return response
    response = _range(request, file, start, end, content_type, status=206)
    response["Content-Range"] = f"bytes {start}-{end}/{size}"
    response["Accept-Ranges"] = "bytes"
    return response


def _range(request, file, start: int, end: int, content_type: str | None, *, status: int):
    """Bytes start..end of the file. Under ASGI (daphne) as an async iterator paced to the
    connection: Django reads a synchronous iterator into memory whole before sending it, which
    for a player's "bytes=0-" was the whole recording."""
    stream = file.open("rb")
    stream.seek(start)
    length = end - start + 1
    response = StreamingHttpResponse(
        chunks_for(request, stream, length=length),
        status=status,
        content_type=content_type
        or mimetypes.guess_type(file.name)[0]
        or "application/octet-stream",
    )
    response["Content-Length"] = str(length)
    return response


def recording(request, webinar_id: int):
    return _recording_file(request, webinar_id, "recording", None)


def captions(request, webinar_id: int):
    return _recording_file(request, webinar_id, "captions", "text/vtt; charset=utf-8")


@login_required
def my_learning(request):
    context = selectors.my_learning(user=request.user)
    feed = services.calendar_feed_get(user=request.user)
    context["feed_url"] = absolute_url(reverse("learning:personal_feed", args=[feed.token]))
    return render(request, "learning/my_learning.html", context)


@login_required
def certificate(request, registration_id: int):
    registration = get_object_or_404(
        Registration.objects.select_related("user", "webinar"), pk=registration_id
    )
    if not permissions.can_see_certificate(request.user, registration):
        raise Http404
    return render(request, "learning/certificate.html", {"registration": registration})


def _csv_response(filename: str, header: list[str], rows) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")  # Excel reads UTF-8 only with the byte-order mark
    writer = csv.writer(response)
    writer.writerow(header)
    writer.writerows(rows)
    return response


def _yes_no(value) -> str:
    return _("yes") if value else _("no")


@login_required
def library_report(request):
    if not permissions.is_library_coordinator(request.user):
        raise PermissionDenied
    library = request.user.library
    registrations = selectors.library_report(library=library)
    if request.GET.get("formaat") == "csv":
        return _csv_response(
            "leerplatform-bibliotheek.csv",
            [
                _("Name"),
                _("E-mail"),
                _("Webinar"),
                _("Start"),
                _("Status"),
                _("Attended"),
                _("Watched the recording"),
            ],
            (
                [
                    r.user.display_name,
                    r.user.email,
                    r.webinar.title,
                    timezone.localtime(r.webinar.start).strftime("%Y-%m-%d %H:%M"),
                    r.get_status_display(),
                    _yes_no(r.attended),
                    _yes_no(r.watched_recording_at),
                ]
                for r in registrations
            ),
        )
    form = ColleagueRegistrationForm(
        request.POST or None,
        colleagues=selectors.library_colleagues(library=library),
        webinars=selectors.webinars_upcoming(user=request.user),
    )
    if request.method == "POST" and form.is_valid():
        colleague = form.cleaned_data["colleague"]
        try:
            services.registration_create(
                webinar=form.cleaned_data["webinar"], user=colleague, registered_by=request.user
            )
        except services.RegistrationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("%(name)s is registered.") % {"name": colleague})
            return redirect("learning:library_report")
    return render(
        request,
        "learning/library_report.html",
        {"library": library, "registrations": registrations, "form": form},
    )


@login_required
def network_report(request):
    if not permissions.can_view_network_report(request.user):
        raise PermissionDenied
    libraries = selectors.network_report()
    if request.GET.get("formaat") == "csv":
        return _csv_response(
            "leerplatform-netwerk.csv",
            [
                _("Library"),
                _("Registrations"),
                _("Attended"),
                _("Certificates"),
                _("Watched the recording"),
            ],
            ([o.name, o.registrations, o.attended, o.attended, o.watched] for o in libraries),
        )
    return render(request, "learning/network_report.html", {"libraries": libraries})
