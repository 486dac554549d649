"""The personal data of notifications (privacy/registry.py): e-mail settings and the
notifications a person was given. Erasure deletes both; what others were told about the person's
deeds stays, attributed to "voormalig lid" (the scrubbed account)."""

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from notifications import kinds
from notifications.models import EmailPreference, Notification
from notifications.services import email_settings
from portal.links import absolute_url
from privacy.registry import PersonalData, register


def _settings(user) -> list[dict]:
    chosen = set(user.email_preferences.values_list("kind", flat=True))
    return [
        {
            "kind": key,
            "about": str(kinds.get_kind(key).label),
            "email": frequency,
            "chosen_by_you": key in chosen,
        }
        for key, frequency in email_settings(user).items()
    ]


def _link(user, event) -> str | None:
    """Where the notification leads, only while the person may still see it."""
    try:
        kind = kinds.get_kind(event.kind)
    except kinds.UnknownKind:
        return None
    target = event.target
    if target is None or not kind.may_see(user, target):
        return None
    return absolute_url(kind.url(target))


def _notifications(user) -> list[dict]:
    notifications = (
        Notification.objects.filter(recipient=user).select_related("event").order_by("pk")
    )
    return [
        {
            "kind": notification.event.kind,
            "at": notification.event.created_at,
            "link": _link(user, notification.event),
            "read_at": notification.read_at,
            "emailed_at": notification.emailed_at,
        }
        for notification in notifications
    ]


register(
    PersonalData(
        key="notification_settings",
        label=_("E-mail settings"),
        what=_("For each kind of notification, when you want an e-mail about it."),
        why=_("To mail you only what you asked for."),
        kept=lambda: gettext("As long as you have an account."),
        fields={
            "kind": _("the kind of notification"),
            "about": _("what it is about"),
            "email": _("immediate, daily (digest) or never"),
            "chosen_by_you": _("whether you chose it (otherwise it is the default)"),
        },
        export=_settings,
        erase=lambda user, erasure: EmailPreference.objects.filter(user=user).delete(),
        order=70,
    )
)

register(
    PersonalData(
        key="notifications",
        label=_("Notifications"),
        what=_(
            "What you were told about (replies, mentions, new documents, meetings…), when "
            "you read it and whether it was mailed."
        ),
        why=_("To show you what is new for you, under the bell and by e-mail."),
        kept=lambda: gettext("As long as you have an account."),
        fields={
            "kind": _("what kind of news it was"),
            "at": _("when it happened"),
            "link": _("where it leads (empty when you may no longer see it)"),
            "read_at": _("when you read it"),
            "emailed_at": _("when it was e-mailed to you"),
        },
        export=_notifications,
        erase=lambda user, erasure: Notification.objects.filter(recipient=user).delete(),
        order=71,
    )
)
