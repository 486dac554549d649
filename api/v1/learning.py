"""The Leerplatform over the API: webinars, series and their sessions, registrations."""

from typing import Literal

from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from api import selectors
from api.v1.common import Id, Slug, responses, visible
from api.v1.errors import ApiError
from api.v1.pagination import PagePagination
from api.v1.schemas import (
    Registrant,
    RegistrationIn,
    RegistrationOut,
    SeriesDetail,
    SeriesOut,
    Webinar,
    WebinarDetail,
)
from learning import services
from learning.models import Registration

router = Router(tags=["Leerplatform"])


class WebinarFilters(Schema):
    when: Literal["upcoming", "past"] | None = None
    series: Slug | None = None


@router.get("/webinars", response=responses(list[Webinar]), summary="Webinars you may see")
@paginate(PagePagination)
def webinar_list(request, filters: Query[WebinarFilters]):
    """`when=upcoming`: not yet ended, soonest first; `when=past`: ended, latest first;
    `series=<slug>`: the sessions of one series."""
    return selectors.webinars_for(request.user, when=filters.when, series=filters.series)


@router.get("/webinars/{int:webinar_id}", response=responses(WebinarDetail), summary="A webinar")
def webinar_detail(request, webinar_id: Id):
    with visible():
        return selectors.webinar_for(request.user, webinar_id)


@router.get(
    "/webinars/{int:webinar_id}/registrations",
    response=responses(list[Registrant]),
    summary="Everyone registered for a webinar (hosts and editors)",
)
@paginate(PagePagination)
def webinar_registrations(request, webinar_id: Id):
    with visible():
        return selectors.registrants_of(request.user, webinar_id)


@router.get("/series", response=responses(list[SeriesOut]), summary="Series of webinars")
@paginate(PagePagination)
def series_list(request):
    return selectors.series_list()


@router.get(
    "/series/{int:series_id}",
    response=responses(SeriesDetail),
    summary="A series with its sessions",
)
def series_detail(request, series_id: Id):
    with visible():
        return selectors.series_for(series_id)


class RegistrationFilters(Schema):
    status: Literal["registered", "waiting", "cancelled"] | None = None


@router.get("/registrations", response=responses(list[RegistrationOut]), summary="My registrations")
@paginate(PagePagination)
def registration_list(request, filters: Query[RegistrationFilters]):
    return selectors.registrations_of(request.user, status=filters.status)


@router.post(
    "/registrations",
    response=responses(RegistrationOut, status=201, errors=(400, 409)),
    summary="Register for a webinar",
)
def registration_create(request, payload: RegistrationIn):
    """A seat if one is free, the waiting list otherwise (`status` says which), with the same
    confirmation e-mail as on the site. 409 when registration is closed or you already are."""
    with visible():
        webinar = selectors.webinar_for(request.user, payload.webinar_id)
    try:
        registration = services.registration_create(webinar=webinar, user=request.user)
    except services.RegistrationError as error:
        raise ApiError(409, error.code, error.message) from None
    return Status(201, registration)


@router.get(
    "/registrations/{int:registration_id}",
    response=responses(RegistrationOut),
    summary="One of my registrations",
)
def registration_detail(request, registration_id: Id):
    with visible():
        return selectors.registration_of(request.user, registration_id)


@router.delete(
    "/registrations/{int:registration_id}",
    response=responses(RegistrationOut, errors=(409,)),
    summary="Cancel one of my registrations",
)
def registration_cancel(request, registration_id: Id):
    """Frees the seat at once for the first person on the waiting list."""
    with visible():
        registration = selectors.registration_of(request.user, registration_id)
    if registration.status == Registration.Status.CANCELLED:
        raise ApiError(409, "already_cancelled", _("This registration is already cancelled."))
    try:
        return services.registration_cancel(registration=registration, by=request.user)
    except services.RegistrationError as error:
        raise ApiError(409, error.code, error.message) from None
