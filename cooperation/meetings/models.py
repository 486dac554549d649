"""Meetings of a group (agenda, participants, minutes, decisions, action items, presentations, a
recording), what a group publishes of them, and news. Who may see or do what lives in
permissions.py; what the platform does with these rows lives in services.py."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.search import index

from portal.sanitize import plain_text


class Meeting(index.Indexed, models.Model):
    """One meeting of a group. Agenda and minutes are Markdown, stored with their rendered HTML."""

    class MinutesStatus(models.TextChoices):
        DRAFT = "draft", _("draft")
        PROPOSED = "proposed", _("proposed for approval")
        APPROVED = "approved", _("approved")

    group = models.ForeignKey(
        "cooperation.Group",
        on_delete=models.CASCADE,
        related_name="meetings",
        verbose_name=_("group"),
    )
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    online_url = models.URLField(_("online meeting link"), blank=True)
    agenda_source = models.TextField(_("agenda"), blank=True)
    agenda_html = models.TextField(blank=True, editable=False, verbose_name=_("agenda"))
    minutes_source = models.TextField(_("minutes"), blank=True)
    minutes_html = models.TextField(blank=True, editable=False, verbose_name=_("minutes"))
    minutes_status = models.CharField(
        _("status of the minutes"),
        max_length=16,
        choices=MinutesStatus,
        default=MinutesStatus.DRAFT,
    )
    minutes_approved_at = models.DateTimeField(_("minutes approved at"), null=True, blank=True)
    minutes_approved_in = models.ForeignKey(
        "self",
        verbose_name=_("minutes approved in"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="minutes_approved_here",
    )
    participants = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="Participant",
        related_name="meetings",
        blank=True,
        verbose_name=_("participants"),
    )
    presentations = models.ManyToManyField(
        "cooperation.Document", related_name="meetings", blank=True, verbose_name=_("presentations")
    )
    # Files of the meeting itself: stored under random names (cooperation.files.storage_name) and
    # served only by views that ask permissions.py, never from the media URL.
    recording = models.FileField(_("recording"), upload_to="meetings/recordings/", blank=True)
    recording_name = models.CharField(
        max_length=255, blank=True, editable=False, verbose_name=_("recording file name")
    )
    recording_type = models.CharField(
        max_length=120, blank=True, editable=False, verbose_name=_("recording file type")
    )
    recording_size = models.PositiveBigIntegerField(
        default=0, editable=False, verbose_name=_("recording size")
    )
    captions = models.FileField(_("captions (WebVTT)"), upload_to="meetings/captions/", blank=True)
    captions_language = models.CharField(
        _("captions language"), max_length=8, choices=settings.LANGUAGES, default="nl"
    )
    # Raised when the time or place changes, so calendar programs replace their copy.
    calendar_sequence = models.PositiveIntegerField(
        default=0, editable=False, verbose_name=_("calendar version")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated at"))

    # search: everything of the meeting, for the group's readers only (meetings/search.py).
    search_fields = [
        index.SearchField("title", boost=2),
        index.SearchField("place"),
        index.SearchField("agenda_text"),
        index.SearchField("minutes_text"),
        index.SearchField("decisions_text"),
        index.AutocompleteField("title"),
        index.FilterField("id"),
        index.FilterField("group"),
        index.FilterField("starts_at"),
    ]

    class Meta:
        ordering = ["-starts_at"]
        indexes = [models.Index(fields=["group", "starts_at"], name="meeting_group_start")]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("meetings:detail", kwargs={"slug": self.group.slug, "pk": self.pk})

    @property
    def minutes_approved(self) -> bool:
        return self.minutes_status == self.MinutesStatus.APPROVED

    def agenda_text(self) -> str:
        return plain_text(self.agenda_html)

    def minutes_text(self) -> str:
        return plain_text(self.minutes_html)

    def decisions_text(self) -> str:
        return "\n".join(self.decisions.values_list("text", flat=True))


class Participant(models.Model):
    class Attendance(models.TextChoices):
        INVITED = "invited", _("invited")
        PRESENT = "present", _("present")
        EXCUSED = "excused", _("excused")

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="participations", verbose_name=_("meeting")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="meeting_participations",
        verbose_name=_("person"),
    )
    attendance = models.CharField(
        _("attendance"), max_length=16, choices=Attendance, default=Attendance.INVITED
    )

    class Meta:
        ordering = ["user__display_name", "user__email"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "user"], name="one_participation_each")
        ]
        verbose_name = _("participant")
        verbose_name_plural = _("participants")

    def __str__(self):
        return f"{self.user} · {self.meeting}"


class Decision(models.Model):
    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="decisions", verbose_name=_("meeting")
    )
    number = models.PositiveIntegerField(_("number"))
    text = models.TextField(_("decision"), max_length=4000)
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))

    class Meta:
        ordering = ["meeting", "number"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "number"], name="unique_decision_number")
        ]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")

    def __str__(self):
        return f"{self.meeting} #{self.number}"


class ActionItem(models.Model):
    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="action_items", verbose_name=_("meeting")
    )
    text = models.TextField(_("action"), max_length=4000)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="meeting_action_items",
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("done by"),
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))

    class Meta:
        ordering = ["due_date", "created_at"]
        verbose_name = _("action item")
        verbose_name_plural = _("action items")

    def __str__(self):
        return self.text[:60]

    @property
    def is_overdue(self) -> bool:
        return (
            self.done_at is None
            and self.due_date is not None
            and (self.due_date < timezone.localdate())
        )


class Publication(index.Indexed, models.Model):
    """What a group has published of one meeting, for everyone (the Presentaties page, search).

    A row of its own rather than flags on Meeting: search indexes a model with one set of fields,
    and the public must find only the published part (never the agenda, nor minutes the group
    keeps inside). `published_at` is empty while nothing is published."""

    meeting = models.OneToOneField(
        Meeting, on_delete=models.CASCADE, related_name="publication", verbose_name=_("meeting")
    )
    presentations = models.BooleanField(_("presentations"), default=False)
    minutes = models.BooleanField(_("minutes"), default=False)
    recording = models.BooleanField(_("recording"), default=False)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("published by"),
    )

    search_fields = [
        index.SearchField("title", boost=2),
        index.SearchField("public_text"),
        index.AutocompleteField("title"),
        index.FilterField("id"),
        index.FilterField("published_at"),
    ]

    class Meta:
        ordering = ["-published_at"]
        verbose_name = _("publication")
        verbose_name_plural = _("publications")

    def __str__(self):
        return str(self.meeting)

    def get_absolute_url(self):
        return reverse("meetings:public_detail", kwargs={"pk": self.meeting_id})

    @property
    def title(self) -> str:
        return self.meeting.title

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    def published_presentations(self):
        if not (self.is_published and self.presentations):
            return self.meeting.presentations.none()
        return self.meeting.presentations.filter(trashed_at__isnull=True)

    def published_presentation_list(self) -> list:
        """published_presentations() read from `meeting.presentations.all()`: no query when a list
        of publications prefetched them (meetings.selectors.published_for), one otherwise."""
        if not (self.is_published and self.presentations):
            return []
        return [doc for doc in self.meeting.presentations.all() if doc.trashed_at is None]

    def public_text(self) -> str:
        """The words the public may find: the published minutes and presentations."""
        parts = []
        if self.is_published and self.minutes and self.meeting.minutes_approved:
            parts.append(self.meeting.minutes_text())
        for document in self.published_presentations().select_related("current_version__file"):
            parts.append(document.title)
            version = document.current_version
            if version is not None:
                parts.append(version.file.extracted_text or "")
        return "\n".join(parts)


class NewsItem(index.Indexed, models.Model):
    """A news item of a group, or of the platform's editors when `group` is empty. Published items
    are for everyone; a draft (no `published_at`) only for those who may edit it."""

    group = models.ForeignKey(
        "cooperation.Group",
        verbose_name=_("group"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="news_items",
        help_text=_("Empty for news of the platform's editors."),
    )
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    summary = models.CharField(_("summary"), max_length=400, blank=True)
    body_source = models.TextField(_("text"), blank=True)
    body_html = models.TextField(blank=True, editable=False, verbose_name=_("text"))
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    meetings = models.ManyToManyField(
        Meeting, blank=True, related_name="news_items", verbose_name=_("meetings")
    )
    documents = models.ManyToManyField(
        "cooperation.Document",
        blank=True,
        related_name="news_items",
        verbose_name=_("documents"),
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated at"))

    search_fields = [
        index.SearchField("title", boost=2),
        index.SearchField("summary"),
        index.SearchField("body_text"),
        index.AutocompleteField("title"),
        index.FilterField("id"),
        index.FilterField("published_at"),
    ]

    class Meta:
        ordering = ["-published_at", "-created_at"]
        verbose_name = _("news item")
        verbose_name_plural = _("news items")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("meetings:news_detail", kwargs={"slug": self.slug})

    @property
    def is_published(self) -> bool:
        return self.published_at is not None and self.published_at <= timezone.now()

    def body_text(self) -> str:
        return plain_text(self.body_html)
