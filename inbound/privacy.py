"""The personal data of reply by e-mail (privacy/registry.py): the log of received e-mail, which
holds sender addresses and subjects. Kept for INBOUND_EMAIL_LOG_DAYS, then deleted; deleted with
the account (the posts the e-mails made stay, as every post does)."""

from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from inbound.models import InboundMessage
from privacy.registry import PersonalData, register


def _received(user) -> list[dict]:
    return [
        {
            "received_at": message.received_at,
            "outcome": message.outcome,
            "reason": message.reason,
            "from": message.sender,
            "subject": message.subject,
            "thread": message.thread_id,
        }
        for message in InboundMessage.objects.filter(user=user).order_by("pk")
    ]


def _erase(user, erasure) -> None:
    InboundMessage.objects.filter(Q(user=user) | Q(sender__in=erasure.emails)).delete()


def _delete_old(now: datetime) -> int:
    cutoff = now - timedelta(days=settings.INBOUND_EMAIL_LOG_DAYS)
    deleted, _by_model = InboundMessage.objects.filter(received_at__lt=cutoff).delete()
    return deleted


register(
    PersonalData(
        key="received_email",
        label=_("E-mail replies"),
        what=_(
            "For each e-mail you sent to a reply address: when, from which address, its "
            "subject and what became of it (never its text, which became your post)."
        ),
        why=_("To refuse e-mail that is not yours and to find out why a reply did not arrive."),
        kept=lambda: gettext("%(days)d days.") % {"days": settings.INBOUND_EMAIL_LOG_DAYS},
        fields={
            "received_at": _("when it arrived"),
            "outcome": _("posted or refused"),
            "reason": _("why it was refused, if it was"),
            "from": _("the sender's address"),
            "subject": _("the subject line"),
            "thread": _("the number of the discussion it answered"),
        },
        export=_received,
        erase=_erase,
        anonymise=_delete_old,
    )
)
