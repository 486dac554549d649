"""Rooms and what is said in them. A room belongs to some other object (a webinar, a group) that
`live/` knows only by a kind string and a primary key: the policy registered for that kind
(live/policies.py) decides who may read, post and moderate."""

from datetime import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _


class Room(models.Model):
    class State(models.TextChoices):
        OPEN = "open", _("open")
        READ_ONLY = "read_only", _("read-only")
        CLOSED = "closed", _("closed")

    kind = models.CharField(_("kind"), max_length=40)
    # A string, so any primary key (integer or UUID) of the target fits.
    target_pk = models.CharField(_("target"), max_length=64)
    state = models.CharField(_("state"), max_length=16, choices=State, default=State.OPEN)
    slow_mode_seconds = models.PositiveIntegerField(_("slow mode (seconds)"), default=0)
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("room")
        verbose_name_plural = _("rooms")
        constraints = [
            models.UniqueConstraint(fields=["kind", "target_pk"], name="live_room_unique_target")
        ]

    def __str__(self):
        return f"{self.kind}:{self.target_pk}"

    @property
    def group_name(self) -> str:
        """The channel-layer group every open socket of this room listens to."""
        return f"live.room.{self.pk}"

    def user_group_name(self, user_id: int) -> str:
        """The group of one person's sockets in this room (mute notices, access re-checks)."""
        return f"live.room.{self.pk}.user.{user_id}"


class Message(models.Model):
    # The auto-increment id is the order of the room: a reconnecting client asks for after=<id>.
    id = models.BigAutoField(primary_key=True, verbose_name=_("ID"))
    room = models.ForeignKey(
        Room, on_delete=models.CASCADE, related_name="messages", verbose_name=_("room")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="live_messages",
        verbose_name=_("author"),
    )
    body = models.TextField(_("text"))
    body_html = models.TextField(_("text (HTML, sanitised)"))
    mentions = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="live_mentions",
        verbose_name=_("mentioned people"),
    )
    created = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    hidden = models.BooleanField(_("hidden"), default=False)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("hidden by"),
    )
    hidden_at = models.DateTimeField(_("hidden at"), null=True, blank=True)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["id"]
        indexes = [
            models.Index(fields=["room", "id"], name="live_message_room_id"),
            models.Index(fields=["author", "created"], name="live_message_author_created"),
        ]

    def __str__(self):
        return f"#{self.pk} {self.author}"


class Question(models.Model):
    id = models.BigAutoField(primary_key=True, verbose_name=_("ID"))
    room = models.ForeignKey(
        Room, on_delete=models.CASCADE, related_name="questions", verbose_name=_("room")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="live_questions",
        verbose_name=_("author"),
    )
    body = models.TextField(_("question"))
    created = models.DateTimeField(_("created"), auto_now_add=True)
    # Kept in step with QuestionVote rows by the vote service, so the list sorts without a join.
    vote_count = models.PositiveIntegerField(_("votes"), default=0)
    answered = models.BooleanField(_("answered"), default=False)
    answer = models.TextField(_("answer"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("answered by"),
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    hidden = models.BooleanField(_("hidden"), default=False)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["-vote_count", "id"]

    def __str__(self):
        return self.body[:60]


class QuestionVote(models.Model):
    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="votes", verbose_name=_("question")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("person"),
    )
    created = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["question", "user"], name="live_vote_once_per_person")
        ]
        verbose_name = _("question vote")
        verbose_name_plural = _("question votes")

    def __str__(self):
        return f"{self.user} +1 {self.question_id}"


class Mute(models.Model):
    room = models.ForeignKey(
        Room, on_delete=models.CASCADE, related_name="mutes", verbose_name=_("room")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("person"),
    )
    # None: for as long as the room exists (a group room has no end of session).
    until = models.DateTimeField(_("until"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))

    class Meta:
        verbose_name = _("mute")
        verbose_name_plural = _("mutes")
        constraints = [
            models.UniqueConstraint(fields=["room", "user"], name="live_mute_once_per_room")
        ]

    def __str__(self):
        return f"{self.user} in {self.room}"


class ModerationAction(models.Model):
    class Action(models.TextChoices):
        HIDE_MESSAGE = "hide_message", _("hid a message")
        MUTE = "mute", _("muted a person")
        SLOW_MODE = "slow_mode", _("changed slow mode")
        STATE = "state", _("changed the room's state")
        ANSWER = "answer", _("answered a question")
        HIDE_QUESTION = "hide_question", _("hid a question")

    room = models.ForeignKey(
        Room, on_delete=models.CASCADE, related_name="moderation_actions", verbose_name=_("room")
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("by"),
    )
    action = models.CharField(_("action"), max_length=20, choices=Action)
    target_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("person"),
    )
    target_message = models.ForeignKey(
        Message,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("message"),
    )
    target_question = models.ForeignKey(
        Question,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("question"),
    )
    detail = models.CharField(_("detail"), max_length=200, blank=True)
    created = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        verbose_name = _("moderation action")
        verbose_name_plural = _("moderation actions")
        ordering = ["-created", "-id"]

    def __str__(self):
        return f"{self.actor} {self.get_action_display()} ({self.room})"

    def detail_display(self) -> str:
        """The detail in the reader's language: it is stored as data ("until <ISO time>",
        "rest of session", a state, seconds, "answered"/"reopened"), in the log since its start."""
        detail = self.detail
        if self.action == self.Action.MUTE:
            if detail.startswith("until "):
                try:
                    until = datetime.fromisoformat(detail.removeprefix("until "))
                except ValueError:
                    return detail
                when = date_format(timezone.localtime(until), "j F Y, H:i")
                return gettext("until %(when)s") % {"when": when}
            return gettext("for the rest of the session") if detail == "rest of session" else detail
        if self.action == self.Action.STATE and detail in Room.State.values:
            return str(Room.State(detail).label)
        if self.action == self.Action.SLOW_MODE and detail.isdigit():
            seconds = int(detail)
            if not seconds:
                return gettext("off")
            return ngettext("%(seconds)d second", "%(seconds)d seconds", seconds) % {
                "seconds": seconds
            }
        if self.action == self.Action.ANSWER:
            return {"answered": gettext("answered"), "reopened": gettext("reopened")}.get(
                detail, detail
            )
        return detail

    detail_display.short_description = _("detail")


class Presence(models.Model):
    """One open socket in a room. Rows live in the database (not in a process) so the count is
    right across several ASGI processes; a crashed process's rows age out by `seen`."""

    room = models.ForeignKey(
        Room, on_delete=models.CASCADE, related_name="presences", verbose_name=_("room")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        related_name="+",
        verbose_name=_("person"),
    )
    channel_name = models.CharField(max_length=200, unique=True, verbose_name=_("connection"))
    seen = models.DateTimeField(db_index=True, verbose_name=_("last seen"))

    class Meta:
        verbose_name = _("presence")
        verbose_name_plural = _("presences")

    def __str__(self):
        return f"{self.user or 'anonymous'} in {self.room}"
