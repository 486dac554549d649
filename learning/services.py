"""What the Leerplatform does. Views, admin views, commands and tests all call these, so an
action behaves the same from everywhere. E-mails are queued only once the data is committed."""

from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from learning import notification_kinds, permissions, selectors, tasks
from learning.models import CalendarFeed, CalendarState, Registration, WebinarPage
from notifications.services import publish
from webhooks.services import event_emit

REMINDERS = {
    # kind: (how long before the start, the field that records it was sent)
    "reminder_day": (timedelta(hours=24), "reminder_day_sent_at"),
    "reminder_hour": (timedelta(hours=1), "reminder_hour_sent_at"),
}


class RegistrationError(Exception):
    """A refused registration action; `message` is in the active language."""

    def __init__(self, message: str, code: str):
        super().__init__(message)
        self.message = message
        self.code = code


def _email_later(registration: Registration, kind: str) -> None:
    registration_id = registration.pk
    transaction.on_commit(lambda: tasks.registration_email.enqueue(registration_id, kind))


def _lock_webinar(webinar: WebinarPage) -> WebinarPage:
    # select_for_update: two librarians may take the last seat at once; every change to a
    # webinar's seats happens while holding this row lock (PostgreSQL; SQLite serialises writes).
    return WebinarPage.objects.select_for_update().get(pk=webinar.pk)


def _seats_taken(webinar: WebinarPage) -> int:
    return Registration.objects.filter(
        webinar=webinar, status=Registration.Status.REGISTERED
    ).count()


@transaction.atomic
def registration_create(
    *,
    webinar: WebinarPage,
    user: User,
    registered_by: User | None = None,
    now: datetime | None = None,
) -> Registration:
    """Registers `user` (by themself or by their library's coordinator): a seat if one is free,
    the waiting list otherwise. Raises RegistrationError and changes nothing when refused."""
    now = now or timezone.now()
    on_behalf = registered_by is not None and registered_by.pk != user.pk
    if on_behalf and not permissions.can_manage_colleague(registered_by, user):
        raise RegistrationError(
            _("You can only register colleagues of your own library."), "not_colleague"
        )
    webinar = _lock_webinar(webinar)
    refusal = permissions.registration_refusal(user, webinar, now=now)
    if refusal:
        raise RegistrationError(refusal, "refused")
    registration = Registration.objects.filter(webinar=webinar, user=user).first()
    if registration and registration.status != Registration.Status.CANCELLED:
        if on_behalf:
            message = _("%(name)s is already registered for this webinar.") % {"name": user}
        elif registration.status == Registration.Status.WAITING:
            message = _("You are already on the waiting list for this webinar.")
        else:
            message = _("You are already registered for this webinar.")
        raise RegistrationError(message, "duplicate")
    full = webinar.capacity is not None and _seats_taken(webinar) >= webinar.capacity
    status = Registration.Status.WAITING if full else Registration.Status.REGISTERED
    if registration is None:
        registration = Registration(webinar=webinar, user=user)
    registration.status = status
    registration.queued_at = now
    registration.registered_by = registered_by if on_behalf else None
    registration.reminder_day_sent_at = registration.reminder_hour_sent_at = None
    registration.save()
    _email_later(registration, "waiting" if full else "confirmed")
    transaction.on_commit(selectors.listing_changed)  # seats left / "full" in the listing
    event_emit("registration.created", target=registration)
    return registration


@transaction.atomic
def registration_cancel(*, registration: Registration, by: User) -> Registration:
    """Frees the seat at once and gives it to the first person waiting."""
    webinar = _lock_webinar(registration.webinar)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if not permissions.can_cancel(by, registration):
        raise RegistrationError(_("There is no registration of yours to cancel."), "not_found")
    had_seat = registration.status == Registration.Status.REGISTERED
    registration.status = Registration.Status.CANCELLED
    registration.save(update_fields=["status"])
    _email_later(registration, "cancelled_by_person")
    transaction.on_commit(selectors.listing_changed)
    event_emit("registration.cancelled", target=registration)
    if had_seat:
        waiting_list_promote(webinar=webinar)
    return registration


@transaction.atomic
def registration_reinstate(
    *, registration: Registration, previous_status: str, by: User, now: datetime | None = None
) -> Registration:
    """Takes a cancellation back, a moment after it (learning/undo.py keeps what it was): the
    seat again if one is free, else the waiting list at the place the registration had, which
    its unchanged queued_at keeps (before everyone who came after it)."""
    now = now or timezone.now()
    webinar = _lock_webinar(registration.webinar)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.user_id != by.pk or registration.status != Registration.Status.CANCELLED:
        raise RegistrationError(_("There is no cancellation of yours to undo."), "not_found")
    refusal = permissions.registration_refusal(by, webinar, now=now)
    if refusal:
        raise RegistrationError(refusal, "refused")
    seat_free = webinar.capacity is None or _seats_taken(webinar) < webinar.capacity
    if previous_status == Registration.Status.REGISTERED and seat_free:
        registration.status = Registration.Status.REGISTERED
    else:
        registration.status = Registration.Status.WAITING
    registration.reminder_day_sent_at = registration.reminder_hour_sent_at = None
    registration.save()
    # The cancellation mail removed the webinar from their calendar; this puts it back.
    _email_later(
        registration,
        "confirmed" if registration.status == Registration.Status.REGISTERED else "waiting",
    )
    transaction.on_commit(selectors.listing_changed)
    event_emit("registration.created", target=registration)
    if registration.status == Registration.Status.WAITING:
        waiting_list_promote(webinar=webinar)
        registration.refresh_from_db(fields=["status"])
    return registration


def waiting_list_promote(*, webinar: WebinarPage) -> list[Registration]:
    """Gives free seats to the people waiting longest and tells them. Call with the webinar
    locked (the services above do)."""
    if webinar.cancelled or webinar.start <= timezone.now():
        return []
    promoted = []
    waiting = (
        Registration.objects.filter(webinar=webinar, status=Registration.Status.WAITING)
        .select_related("user")
        .order_by("queued_at", "pk")
    )
    if webinar.capacity is not None:
        waiting = waiting[: max(webinar.capacity - _seats_taken(webinar), 0)]
    for registration in waiting:
        registration.status = Registration.Status.REGISTERED
        registration.save(update_fields=["status"])
        _email_later(registration, "promoted")
        promoted.append(registration)
    if promoted:
        publish(
            "waiting_list_seat",
            target=webinar,
            recipients=[registration.user for registration in promoted],
        )
    return promoted


@transaction.atomic
def webinar_schedule_published(*, webinar: WebinarPage) -> int:
    """After an editor publishes a webinar: if its time changed or it was cancelled, every
    registrant is told (notification kind "webinar_changed", whose e-mail carries an updated
    invite: same UID, higher SEQUENCE; METHOD:CANCEL on cancellation); if only its live link
    changed, they are told that too, without a calendar update. Returns how many are told."""
    webinar = _lock_webinar(webinar)
    state = CalendarState.objects.filter(webinar=webinar).first()
    current = (webinar.start, webinar.end, webinar.cancelled)
    if state is None:
        CalendarState.objects.create(
            webinar=webinar,
            start=webinar.start,
            end=webinar.end,
            cancelled=webinar.cancelled,
            live_url=webinar.live_url,
        )
        waiting_list_promote(webinar=webinar)
        return 0
    calendar_changed = (state.start, state.end, state.cancelled) != current
    link_changed = state.live_url != webinar.live_url
    # The waiting list never had an invite; only people holding a seat are told.
    registrations = Registration.objects.filter(
        webinar=webinar, status=Registration.Status.REGISTERED
    )
    change = None
    if calendar_changed:
        change = notification_kinds.CANCELLED if webinar.cancelled else notification_kinds.TIME
        state.start, state.end, state.cancelled = current
        state.sequence = F("sequence") + 1
        # A new time means new reminders.
        registrations.update(reminder_day_sent_at=None, reminder_hour_sent_at=None)
    elif link_changed and not webinar.cancelled:
        change = notification_kinds.LINK
    if calendar_changed or link_changed:
        state.live_url = webinar.live_url
        state.save()
    told = 0
    if change:
        event = publish(
            "webinar_changed",
            target=webinar,
            recipients=[registration.user for registration in registrations.select_related("user")],
            data={"change": change, "link": link_changed},
        )
        told = event.notifications.count()
    waiting_list_promote(webinar=webinar)
    return told


def reminders_send(*, now: datetime | None = None) -> int:
    """Queues the 24-hour and 1-hour reminders that are due. Each reminder is claimed with one
    conditional UPDATE (… WHERE sent_at IS NULL), so it goes out once even when two workers run
    this at the same moment or a run is repeated. Returns how many were queued."""
    now = now or timezone.now()
    sent = 0
    for kind, (before, field) in REMINDERS.items():
        due = Registration.objects.filter(
            status=Registration.Status.REGISTERED,
            webinar__cancelled=False,
            webinar__live=True,
            webinar__start__gt=now,
            webinar__start__lte=now + before,
            **{f"{field}__isnull": True},
        )
        if kind == "reminder_day":
            # Within the last hour only the 1-hour reminder is useful.
            due = due.filter(webinar__start__gt=now + REMINDERS["reminder_hour"][0])
        for pk in list(due.values_list("pk", flat=True)):
            with transaction.atomic():
                claimed = Registration.objects.filter(
                    Q(pk=pk), **{f"{field}__isnull": True}
                ).update(**{field: now})
                if claimed:
                    transaction.on_commit(
                        lambda pk=pk, kind=kind: tasks.registration_email.enqueue(pk, kind)
                    )
                    sent += 1
    return sent


@transaction.atomic
def attendance_record_join(*, webinar: WebinarPage, user: User) -> None:
    Registration.objects.filter(
        webinar=webinar, user=user, status=Registration.Status.REGISTERED
    ).update(attended=True)


def recording_watched(*, webinar: WebinarPage, user: User) -> None:
    if user.is_authenticated:
        Registration.objects.filter(
            webinar=webinar, user=user, watched_recording_at__isnull=True
        ).update(watched_recording_at=timezone.now())


@transaction.atomic
def registrants_message(*, webinar: WebinarPage, subject: str, body: str, sender: User) -> int:
    """E-mails everyone registered (not the waiting list) a message from an editor."""
    if not permissions.can_message_registrants(sender):
        raise RegistrationError(_("You may not message the registrants."), "forbidden")
    user_ids = list(
        Registration.objects.filter(
            webinar=webinar, status=Registration.Status.REGISTERED
        ).values_list("user_id", flat=True)
    )
    webinar_id = webinar.pk

    def queue():
        for user_id in user_ids:
            tasks.registrants_message.enqueue(user_id, webinar_id, subject, body)

    transaction.on_commit(queue)
    return len(user_ids)


def calendar_feed_get(*, user: User) -> CalendarFeed:
    feed, _created = CalendarFeed.objects.get_or_create(user=user)
    return feed


@transaction.atomic
def calendar_feed_revoke(*, user: User) -> CalendarFeed:
    """A new secret address; the old one stops working at once."""
    CalendarFeed.objects.filter(user=user).delete()
    return CalendarFeed.objects.create(user=user)
