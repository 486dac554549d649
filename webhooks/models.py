"""Webhooks that editors register in the Wagtail admin, and every delivery to them with each
attempt. Who receives what is decided in events.py; sending in services.py."""

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Event(models.TextChoices):
    REGISTRATION_CREATED = "registration.created", _("Registration for a webinar")
    REGISTRATION_CANCELLED = "registration.cancelled", _("Registration cancelled")
    WEBINAR_CHANGED = "webinar.changed", _("Webinar published or changed")
    DOCUMENT_UPLOADED = "document.uploaded", _("Document uploaded (also a new version)")
    MEETING_PUBLISHED = "meeting.published", _("Meeting material published")


def new_secret() -> str:
    return "whsec_" + secrets.token_urlsafe(32)


class Webhook(models.Model):
    name = models.CharField(_("name"), max_length=100)
    url = models.URLField(_("URL"), max_length=500, help_text=_("Receives a POST per event."))
    events = models.JSONField(_("events"), default=list)
    # Deliveries carry only what this person may see: their permissions build every payload.
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.CASCADE,
        related_name="webhooks",
    )
    secret = models.CharField(
        _("signing secret"),
        max_length=100,
        blank=True,
        help_text=_("The receiver checks each delivery's signature with it (docs/api.md)."),
    )
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("webhook")
        verbose_name_plural = _("webhooks")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.secret:  # every webhook signs; the admin shows the secret once it is saved
            self.secret = new_secret()
        super().save(*args, **kwargs)

    def event_labels(self) -> str:
        labels = dict(Event.choices)
        return ", ".join(str(labels.get(event, event)) for event in self.events)

    event_labels.short_description = _("events")


class Delivery(models.Model):
    """One event for one webhook. Its body is fixed when the event happens; each attempt signs it
    anew with the time of sending."""

    class Status(models.TextChoices):
        PENDING = "pending", _("pending")
        DELIVERED = "delivered", _("delivered")
        FAILED = "failed", _("given up")

    id = models.UUIDField(
        primary_key=True, default=uuid.uuid4, editable=False, verbose_name=_("ID")
    )
    webhook = models.ForeignKey(
        Webhook, verbose_name=_("webhook"), on_delete=models.CASCADE, related_name="deliveries"
    )
    event = models.CharField(_("event"), max_length=40, choices=Event)
    # What the event is about: asked again before each attempt, so a retry hours later carries
    # nothing the owner may no longer see.
    target_type = models.ForeignKey(
        "contenttypes.ContentType",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("target type"),
    )
    target_id = models.PositiveBigIntegerField(verbose_name=_("target ID"))
    body = models.TextField(_("body"))
    status = models.CharField(
        _("status"), max_length=16, choices=Status, default=Status.PENDING, db_index=True
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="delivery_due")]
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")

    def __str__(self):
        return f"{self.event} → {self.webhook}"


class Attempt(models.Model):
    delivery = models.ForeignKey(
        Delivery, on_delete=models.CASCADE, related_name="attempt_set", verbose_name=_("delivery")
    )
    number = models.PositiveSmallIntegerField(_("attempt"))
    started_at = models.DateTimeField(_("started at"))
    duration_ms = models.PositiveIntegerField(_("duration (ms)"))
    response_status = models.PositiveSmallIntegerField(_("response code"), null=True, blank=True)
    response_body = models.TextField(_("response (start)"), blank=True)
    error = models.TextField(_("error"), blank=True)
    succeeded = models.BooleanField(_("succeeded"), default=False)

    class Meta:
        ordering = ["delivery", "number"]
        constraints = [
            models.UniqueConstraint(fields=["delivery", "number"], name="one_attempt_per_number")
        ]
        verbose_name = _("attempt")
        verbose_name_plural = _("attempts")

    def __str__(self):
        return f"{self.delivery_id} #{self.number}"
