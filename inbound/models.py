"""The log of e-mail received at reply addresses: what came in and what became of it. It holds the
outcome, the reason and the headers that identify a message, never its text."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class InboundMessage(models.Model):
    class Outcome(models.TextChoices):
        POSTED = "posted", pgettext_lazy("inbound outcome", "posted")
        REFUSED = "refused", pgettext_lazy("inbound outcome", "refused")

    class Reason(models.TextChoices):
        POSTED = "posted", _("posted in the thread")
        UNKNOWN_ADDRESS = "unknown_address", _("unknown address")
        FORGED_TOKEN = "forged_token", _("forged or altered address")
        EXPIRED_TOKEN = "expired_token", _("expired address")
        BOUNCE = "bounce", _("bounce or delivery report")
        AUTO_REPLY = "auto_reply", _("automatic reply")
        WRONG_SENDER = "wrong_sender", _("sent from an address of someone else")
        DUPLICATE = "duplicate", _("already received")
        INACTIVE_ACCOUNT = "inactive_account", _("account deactivated")
        THREAD_GONE = "thread_gone", _("thread deleted")
        NO_ACCESS = "no_access", _("may no longer post in the thread")
        LOCKED = "locked", _("thread locked")
        EMPTY = "empty", _("nothing written above the quoted text")
        INVALID = "invalid", _("refused by the discussion's rules")
        TOO_LARGE = "too_large", _("message too large")
        MALFORMED = "malformed", _("not a readable e-mail")

    received_at = models.DateTimeField(_("received at"), default=timezone.now, db_index=True)
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices)
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices)
    message_id = models.CharField(_("Message-ID"), max_length=255, blank=True, db_index=True)
    sender = models.CharField(pgettext_lazy("e-mail header", "from"), max_length=254, blank=True)
    recipient = models.CharField(pgettext_lazy("e-mail header", "to"), max_length=254, blank=True)
    subject = models.CharField(
        pgettext_lazy("e-mail header", "subject"), max_length=255, blank=True
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("person"),
    )
    thread = models.ForeignKey(
        "discussions.Thread",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=pgettext_lazy("inbound", "thread"),
    )
    post = models.ForeignKey(
        "discussions.Post",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("post"),
    )
    # Why, in a few words for staff: the refused attachments, the rule that refused the post.
    detail = models.TextField(_("detail"), blank=True)

    class Meta:
        ordering = ["-received_at", "-id"]
        constraints = [
            # The same message delivered twice (a retry of the mail server, a Bcc and a To of
            # the same address) makes one post: a second insert fails inside its transaction.
            models.UniqueConstraint(
                fields=["message_id", "thread"],
                condition=Q(outcome="posted"),
                name="inbound_one_post_per_message",
            )
        ]
        verbose_name = _("received e-mail")
        verbose_name_plural = _("received e-mails")

    def __str__(self):
        return f"{self.message_id or '—'} ({self.get_reason_display()})"
