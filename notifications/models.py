"""What happened (Event) and who was told (Notification). Rules about who may see an event's
target are never stored here: they are asked of the event's kind (notifications/kinds.py)."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from notifications import kinds


class Frequency(models.TextChoices):
    IMMEDIATE = kinds.IMMEDIATE, _("immediately")
    DAILY = kinds.DAILY, _("in a daily digest")
    NEVER = kinds.NEVER, _("never")


class Event(models.Model):
    """Something that happened to a target (a post, a document, a meeting, a webinar).

    Events of a group make its activity stream; notifications point at events."""

    kind = models.CharField(_("kind"), max_length=40)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    group = models.ForeignKey(
        "cooperation.Group",
        verbose_name=_("group"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="events",
    )
    target_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, related_name="+", verbose_name=_("target type")
    )
    target_id = models.PositiveBigIntegerField(verbose_name=_("target ID"))
    target = GenericForeignKey("target_type", "target_id")
    # What the kind needs to describe it beyond the target, e.g. {"version": 3}: small, no text
    # a person wrote (that stays with the target, under its own permission rule).
    data = models.JSONField(default=dict, blank=True, verbose_name=_("data"))
    created_at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            # The id breaks ties in the ordering, so a group's newest events are read straight
            # from the index, without sorting all of them.
            models.Index(fields=["group", "-created_at", "-id"], name="event_group_newest"),
            models.Index(fields=["target_type", "target_id"], name="event_target"),
        ]
        verbose_name = _("event")
        verbose_name_plural = _("events")

    def __str__(self):
        return f"{self.kind} {self.target_type_id}:{self.target_id}"


class Notification(models.Model):
    """One person told about one event: a line under the bell, perhaps an e-mail."""

    class Email(models.TextChoices):
        PENDING = "pending", _("to be sent at once")
        DIGEST = "digest", _("waiting for the daily digest")
        SENT = "sent", _("sent")
        NONE = "none", _("not by e-mail")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("recipient"),
    )
    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="notifications", verbose_name=_("event")
    )
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    email = models.CharField(
        max_length=16, choices=Email, default=Email.NONE, verbose_name=_("by e-mail")
    )
    emailed_at = models.DateTimeField(null=True, blank=True, verbose_name=_("e-mailed at"))

    class Meta:
        ordering = ["-event__created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "event"], name="one_notification_per_event"
            )
        ]
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="notification_unread"),
            models.Index(fields=["email", "recipient"], name="notification_email_queue"),
        ]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")

    def __str__(self):
        return f"{self.event} for {self.recipient_id}"


class EmailPreference(models.Model):
    """How a person wants e-mail about one kind of notification; absent means the kind's default."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="email_preferences",
        verbose_name=_("person"),
    )
    kind = models.CharField(max_length=40, verbose_name=_("kind"))
    frequency = models.CharField(_("e-mail"), max_length=16, choices=Frequency)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="one_preference_per_kind")
        ]
        verbose_name = _("e-mail setting")
        verbose_name_plural = _("e-mail settings")

    def __str__(self):
        return f"{self.kind}: {self.frequency}"
