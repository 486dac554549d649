"""The Leerplatform's personal data (privacy/registry.py): registrations (with attendance, the
recording watched and certificates) and the personal calendar feed.

Erasure cancels registrations for webinars still to come through the usual cancellation service
(the seat goes to the first person waiting, who is told as always); past registrations are moved
to stand-ins of the same library, so the reports keep their counts. The retention rule does the
same to every registration whose webinar ended longer ago than PRIVACY_REGISTRATION_RETENTION_DAYS.
"""

import random
from collections import defaultdict
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from learning import services
from learning.emails import webinar_url
from learning.models import CalendarFeed, Registration
from portal.links import absolute_url
from privacy.anonymous import stand_in_ids, stand_ins
from privacy.registry import PersonalData, register


def _registrations(user) -> list[dict]:
    registrations = (
        Registration.objects.filter(user=user).select_related("webinar").order_by("queued_at")
    )
    return [
        {
            "webinar": registration.webinar.title,
            "webinar_start": registration.webinar.start,
            "webinar_url": webinar_url(registration.webinar),
            "status": registration.status,
            "registered_at": registration.queued_at,
            "registered_by_colleague": registration.registered_by_id is not None,
            "attended": registration.attended,
            "watched_recording_at": registration.watched_recording_at,
            "certificate_url": absolute_url(reverse("learning:certificate", args=[registration.pk]))
            if registration.attended
            else None,
        }
        for registration in registrations
    ]


def _move_to_stand_ins(registrations) -> int:
    """Gives each registration a stand-in of the person's library that has none on that webinar
    yet (one registration per person and webinar): counts per webinar and per library stay."""
    slots = defaultdict(list)
    for pk, webinar_id, library_id in registrations.values_list(
        "pk", "webinar_id", "user__library_id"
    ):
        slots[(webinar_id, library_id)].append(pk)
    for (webinar_id, library_id), pks in slots.items():
        with transaction.atomic():
            taken = Registration.objects.filter(
                webinar_id=webinar_id, user__in=stand_in_ids()
            ).values_list("user_id", flat=True)
            people = stand_ins(library_id=library_id, count=len(pks), excluding=taken)
            # Shuffled, so that which stand-in holds which row says nothing about the order in
            # which people registered.
            random.shuffle(people)
            for pk, stand_in in zip(pks, people, strict=True):
                Registration.objects.filter(pk=pk).update(user=stand_in, registered_by=None)
    return sum(len(pks) for pks in slots.values())


def _erase_registrations(user, erasure) -> None:
    upcoming = Registration.objects.filter(user=user, webinar__start__gt=erasure.now)
    for registration in upcoming.exclude(status=Registration.Status.CANCELLED):
        services.registration_cancel(registration=registration, by=user)
    # Nothing of a cancelled registration is worth keeping; without its row the cancellation
    # mail (queued by the service) finds nobody to write to, which is right for a deleted account.
    upcoming.delete()
    _move_to_stand_ins(Registration.objects.filter(user=user))


def _registration_consequences(user) -> list[str]:
    upcoming = (
        Registration.objects.filter(user=user, webinar__start__gt=timezone.now())
        .exclude(status=Registration.Status.CANCELLED)
        .select_related("webinar")
        .order_by("webinar__start")
    )
    return [
        gettext("The registration for “%(title)s” is cancelled.")
        % {"title": registration.webinar.title}
        for registration in upcoming
    ]


def _retention_days() -> int:
    return settings.PRIVACY_REGISTRATION_RETENTION_DAYS


def _anonymise_old_registrations(now: datetime) -> int:
    cutoff = now - timedelta(days=_retention_days())
    old = Registration.objects.filter(webinar__end__lt=cutoff).exclude(user__in=stand_in_ids())
    return _move_to_stand_ins(old)


register(
    PersonalData(
        key="registrations",
        label=_("Registrations for webinars"),
        what=_(
            "Which webinars you registered for or waited for, who registered you (yourself or "
            "your library's coordinator), whether you attended, when you watched the recording, "
            "and your certificates of attendance."
        ),
        why=_(
            "To keep your seat, send you the link, reminders and calendar updates, give you "
            "certificates, and show libraries how their staff learn."
        ),
        kept=lambda: (
            gettext(
                "Until %(days)d days after the webinar. Then the registration is anonymised: it "
                "still counts in the figures per webinar and library, but no longer names you."
            )
            % {"days": _retention_days()}
        ),
        fields={
            "webinar": _("the webinar's title"),
            "webinar_start": _("when it starts"),
            "webinar_url": _("its page"),
            "status": _("registered, waiting (on the waiting list) or cancelled"),
            "registered_at": _("when you registered or joined the waiting list"),
            "registered_by_colleague": _("whether your library's coordinator registered you"),
            "attended": _("whether you joined the live session"),
            "watched_recording_at": _("when you first watched the recording"),
            "certificate_url": _("your certificate of attendance, if you attended"),
        },
        export=_registrations,
        erase=_erase_registrations,
        consequences=_registration_consequences,
        erase_order=10,
        anonymise=_anonymise_old_registrations,
        order=20,
    )
)

register(
    PersonalData(
        key="calendar_feed",
        label=_("Personal calendar feed"),
        what=_("Whether you made a secret address for your own webinar calendar, and when."),
        why=_("So that your calendar program shows the webinars you registered for."),
        kept=lambda: gettext("Until you make a new address or delete your account."),
        fields={"created": _("when the address was made (the secret address is left out)")},
        export=lambda user: [
            {"created": feed.created_at} for feed in CalendarFeed.objects.filter(user=user)
        ],
        erase=lambda user, erasure: CalendarFeed.objects.filter(user=user).delete(),
        order=21,
    )
)
