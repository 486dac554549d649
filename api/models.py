"""Personal access tokens of the REST API. Only a SHA-256 hash of each token is kept: the token
itself is shown once, when it is made, and cannot be read back from the database."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AccessToken(models.Model):
    class Scope(models.TextChoices):
        READ = "read", _("read")
        WRITE = "write", _("read and write")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="access_tokens",
        verbose_name=_("person"),
    )
    name = models.CharField(_("name"), max_length=100)
    # The public part of the token (kp_<key>_<secret>): finds the row without touching the secret,
    # and tells the person which token a line of the list is.
    key = models.CharField(max_length=16, unique=True, editable=False, verbose_name=_("key"))
    token_hash = models.CharField(max_length=64, editable=False, verbose_name=_("key hash"))
    scope = models.CharField(_("scope"), max_length=8, choices=Scope, default=Scope.READ)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("API key")
        verbose_name_plural = _("API keys")

    def __str__(self):
        return f"{self.name} (kp_{self.key}…)"

    @property
    def prefix(self) -> str:
        return f"kp_{self.key}_"

    def is_usable(self, now=None) -> bool:
        now = now or timezone.now()
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > now)

    @property
    def can_write(self) -> bool:
        return self.scope == self.Scope.WRITE
