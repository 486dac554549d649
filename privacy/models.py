"""A person's data export, and the user rows that no longer belong to anyone."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class DataExport(models.Model):
    """The person's latest "My data" export: one row per person, so asking again while one is
    being prepared adds no work. The ZIP lives in the default storage under a random name and is
    served only by privacy.views.export_download, to its owner, until `expires_at`."""

    class Status(models.TextChoices):
        PENDING = "pending", _("being prepared")
        READY = "ready", _("ready")
        FAILED = "failed", _("failed")
        EXPIRED = "expired", _("expired")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="data_export",
        verbose_name=_("person"),
    )
    # In the download link; a new one for every export, so an old link never opens a newer file.
    token = models.UUIDField(
        default=uuid.uuid4, unique=True, editable=False, verbose_name=_("token")
    )
    status = models.CharField(_("status"), max_length=16, choices=Status, default=Status.PENDING)
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    ready_at = models.DateTimeField(_("ready at"), null=True, blank=True)
    expires_at = models.DateTimeField(_("available until"), null=True, blank=True)
    file = models.FileField(upload_to="privacy/exports/", blank=True, verbose_name=_("file"))
    size = models.PositiveBigIntegerField(default=0, verbose_name=_("size"))

    class Meta:
        verbose_name = _("data export")
        verbose_name_plural = _("data exports")

    def __str__(self):
        return f"{self.user_id} {self.status}"

    def is_available(self, now=None) -> bool:
        now = now or timezone.now()
        return (
            self.status == self.Status.READY
            and bool(self.file)
            and self.expires_at is not None
            and self.expires_at > now
        )


class FormerAccount(models.Model):
    """A user row that no longer belongs to a living account.

    ERASED: an account deleted on request. The row stays, scrubbed and unable to log in, so that
    the posts and documents a group still needs keep a valid author (shown as "voormalig lid"),
    and audit logs that point at it stay sane (docs/privacy.md).
    STAND_IN: a row that anonymised chat and registrations are moved to ("voormalig deelnemer").
    Stand-ins carry a library (or none) so the per-library reports keep their counts; a webinar
    has several when several anonymised people of one library took part (one registration per
    person and webinar)."""

    class Kind(models.TextChoices):
        ERASED = "erased", _("deleted account")
        STAND_IN = "stand_in", _("stand-in for anonymised data")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="former_account",
        verbose_name=_("account"),
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind)
    created_at = models.DateTimeField(_("since"), default=timezone.now)

    class Meta:
        verbose_name = _("former account")
        verbose_name_plural = _("former accounts")
        indexes = [models.Index(fields=["kind"], name="privacy_former_kind")]

    def __str__(self):
        return f"{self.user_id} {self.kind}"
