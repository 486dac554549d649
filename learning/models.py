"""Webinars, their speakers and series, and the people who register for them."""

import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.db import models
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.documents import get_document_model_string
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

TIME_ZONES = [
    ("Europe/Brussels", _("Brussels")),
    ("Europe/Amsterdam", _("Amsterdam")),
    ("Europe/London", _("London")),
    ("UTC", _("UTC (universal time)")),
]
JOIN_OPENS_BEFORE = timedelta(minutes=15)


class Audience(models.TextChoices):
    EVERYONE = "everyone", _("Everyone")
    MEMBERS = "members", _("Logged-in members")
    GROUP = "group", _("Members of a group")


class Speaker(index.Indexed, models.Model):
    name = models.CharField(_("name"), max_length=150)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    bio = models.TextField(_("biography"), blank=True)
    photo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("photo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("organisation"),
        FieldPanel("bio"),
        FieldPanel("photo"),
    ]
    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        # search: the unified search also finds a speaker by organisation and biography.
        index.SearchField("organisation"),
        index.SearchField("bio"),
    ]

    class Meta:
        verbose_name = _("speaker")
        verbose_name_plural = _("speakers")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Series(index.Indexed, models.Model):
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), unique=True)
    description = models.TextField(_("description"), blank=True)

    panels = [FieldPanel("title"), FieldPanel("slug"), FieldPanel("description")]
    # search: the unified search (learning/search.py) indexes series.
    search_fields = [
        index.SearchField("title", boost=2),
        index.SearchField("description"),
        index.AutocompleteField("title"),
        index.FilterField("id"),
    ]

    class Meta:
        verbose_name = _("series")
        verbose_name_plural = _("series")
        ordering = ["title"]

    def __str__(self):
        return self.title


class WebinarTopic(TaggedItemBase):
    content_object = ParentalKey(
        "learning.WebinarPage",
        on_delete=models.CASCADE,
        related_name="tagged_items",
        verbose_name=_("webinar"),
    )

    class Meta:
        verbose_name = _("webinar topic")
        verbose_name_plural = _("webinar topics")


class WebinarIndexPage(Page):
    """The Leerplatform's landing page: upcoming webinars (filtered, paginated) and recordings."""

    introduction = RichTextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("introduction")]
    subpage_types = ["learning.WebinarPage"]
    max_count = 1

    class Meta:
        verbose_name = _("webinar index")
        verbose_name_plural = _("webinar indexes")

    def get_context(self, request, *args, **kwargs):
        from learning import selectors

        context = super().get_context(request, *args, **kwargs)
        context.update(selectors.webinar_index_context(index=self, request=request))
        return context


class WebinarPage(Page):
    summary = models.TextField(_("summary"), blank=True)
    body = RichTextField(_("body"), blank=True)
    series = models.ForeignKey(
        Series,
        verbose_name=_("series"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="webinars",
    )
    topics = ClusterTaggableManager(through=WebinarTopic, blank=True, verbose_name=_("topics"))
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))
    time_zone = models.CharField(
        _("time zone"), max_length=64, choices=TIME_ZONES, default="Europe/Brussels"
    )
    capacity = models.PositiveIntegerField(
        _("capacity"), null=True, blank=True, help_text=_("Leave empty for no limit.")
    )
    registration_opens = models.DateTimeField(_("registration opens"), null=True, blank=True)
    registration_closes = models.DateTimeField(
        _("registration closes"),
        null=True,
        blank=True,
        help_text=_("Leave empty to accept registrations until the start."),
    )
    audience = models.CharField(
        _("audience"), max_length=16, choices=Audience.choices, default=Audience.MEMBERS
    )
    audience_group = models.ForeignKey(
        "cooperation.Group",
        verbose_name=_("audience group"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    live_url = models.URLField(
        _("live link"),
        blank=True,
        help_text=_("Video conference or stream; only registered people ever see it."),
    )
    cancelled = models.BooleanField(
        _("cancelled"),
        default=False,
        help_text=_("Registrants get a cancellation e-mail with a calendar update on publish."),
    )
    recording = models.FileField(
        _("recording"),
        upload_to="learning/recordings/",
        blank=True,
        validators=[FileExtensionValidator(["mp4", "webm", "ogv", "mp3", "m4a", "wav"])],
    )
    captions = models.FileField(
        _("captions (WebVTT)"),
        upload_to="learning/captions/",
        blank=True,
        validators=[FileExtensionValidator(["vtt"])],
    )
    captions_language = models.CharField(
        _("captions language"), max_length=8, choices=settings.LANGUAGES, default="nl"
    )
    recording_audience = models.CharField(
        _("who may watch the recording"),
        max_length=16,
        choices=Audience.choices,
        default=Audience.MEMBERS,
    )
    recording_group = models.ForeignKey(
        "cooperation.Group",
        verbose_name=_("recording group"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    slides = models.ForeignKey(
        get_document_model_string(),
        verbose_name=_("slides"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("body"),
        InlinePanel("webinar_speakers", label=_("Speakers")),
        FieldPanel("topics"),
        FieldPanel("series"),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("start"), FieldPanel("end")]), FieldPanel("time_zone")],
            heading=_("When"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("capacity"),
                FieldRowPanel(
                    [FieldPanel("registration_opens"), FieldPanel("registration_closes")]
                ),
                FieldPanel("audience"),
                FieldPanel("audience_group"),
                FieldPanel("live_url"),
                FieldPanel("cancelled"),
            ],
            heading=_("Registration and live session"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("recording"),
                FieldPanel("captions"),
                FieldPanel("captions_language"),
                FieldPanel("recording_audience"),
                FieldPanel("recording_group"),
                FieldPanel("slides"),
                InlinePanel("chapters", label=_("Chapter marks")),
            ],
            heading=_("After the session"),
        ),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
        index.FilterField("start"),
        index.FilterField("audience"),
        index.FilterField("audience_group_id"),
        # search: permission filters, facets and sorting of the unified search (learning/search.py).
        index.FilterField("series"),
        index.FilterField("id"),
        # search: the topic narrowing and facet on a search engine (search/engine_search.py).
        index.FilterField("topic_slugs"),
        index.RelatedFields("series", [index.SearchField("title")]),
    ]
    parent_page_types = ["learning.WebinarIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("webinar")
        verbose_name_plural = _("webinars")
        indexes = [
            # Which recordings a person may watch (permissions.recordings_visible_to), asked by
            # every search: the recorded webinars only, with what the rule tests, so that
            # PostgreSQL answers from the index instead of reading all webinars (20 ms at
            # 10,000). SQLite keeps the partial index without the included columns.
            models.Index(
                fields=["page_ptr"],
                include=["audience", "audience_group", "recording_audience", "recording_group"],
                condition=~models.Q(recording=""),
                name="learning_webinar_recorded",
            )
        ]

    def clean(self):
        super().clean()
        errors = {}
        if self.start and self.end and self.end <= self.start:
            errors["end"] = _("The end must be after the start.")
        if self.audience == Audience.GROUP and not self.audience_group_id:
            errors["audience_group"] = _("Choose the group this webinar is for.")
        if self.recording_audience == Audience.GROUP and not self.recording_group_id:
            errors["recording_group"] = _("Choose the group that may watch the recording.")
        if (
            self.registration_opens
            and self.registration_closes
            and self.registration_closes <= self.registration_opens
        ):
            errors["registration_closes"] = _("Registration must close after it opens.")
        if errors:
            raise ValidationError(errors)

    def serve(self, request, *args, **kwargs):
        from learning import permissions

        if not permissions.can_view(request.user, self):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            raise Http404
        return super().serve(request, *args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        from learning import selectors, undo

        context = super().get_context(request, *args, **kwargs)
        context.update(selectors.webinar_page_context(webinar=self, user=request.user))
        # Just cancelled: "Ongedaan maken" instead of the button to register anew.
        cancellation = undo.cancellation(request, self.pk)
        if cancellation and context["action"] in ("register", "waiting_list"):
            context["undo_cancel"] = cancellation[1]
        # A link to a moment of the recording (a search hit in its captions: ?t=83#recording).
        context["recording_start"] = selectors.recording_start(request.GET.get("t"))
        return context

    @property
    def is_past(self) -> bool:
        return self.end <= timezone.now()

    @property
    def is_live(self) -> bool:
        """Running now: the lists and the page mark it, so a librarian sees where to join."""
        return not self.cancelled and self.start <= timezone.now() < self.end

    def topic_slugs(self) -> list[str]:
        """The topics' slugs, as the search engine indexes them (the topic facet)."""
        return [tag.slug for tag in self.topics.all()]

    @property
    def registration_deadline(self):
        return self.registration_closes or self.start

    @property
    def calendar_uid(self) -> str:
        # Stable for the webinar's whole life, so calendar updates replace the first invite.
        return f"webinar-{self.pk}@kennisplein"


class WebinarSpeaker(Orderable):
    page = ParentalKey(
        WebinarPage,
        on_delete=models.CASCADE,
        related_name="webinar_speakers",
        verbose_name=_("webinar"),
    )
    speaker = models.ForeignKey(
        Speaker, verbose_name=_("speaker"), on_delete=models.CASCADE, related_name="+"
    )

    panels = [FieldPanel("speaker")]

    class Meta(Orderable.Meta):
        verbose_name = _("webinar speaker")
        verbose_name_plural = _("webinar speakers")


class Chapter(Orderable):
    page = ParentalKey(
        WebinarPage, on_delete=models.CASCADE, related_name="chapters", verbose_name=_("webinar")
    )
    starts_at = models.DurationField(
        _("starts at"), help_text=_("Position in the recording, e.g. 00:12:30.")
    )
    title = models.CharField(_("title"), max_length=200)

    panels = [FieldPanel("starts_at"), FieldPanel("title")]

    @property
    def seconds(self) -> int:
        return int(self.starts_at.total_seconds())

    class Meta(Orderable.Meta):
        verbose_name = _("chapter")
        verbose_name_plural = _("chapters")


class CalendarState(models.Model):
    """What registrants last heard about a webinar: a change to the time or a cancellation
    raises the sequence and sends a calendar update (RFC 5545 SEQUENCE); a new live link is
    told without one."""

    webinar = models.OneToOneField(
        WebinarPage,
        on_delete=models.CASCADE,
        related_name="calendar_state",
        verbose_name=_("webinar"),
    )
    start = models.DateTimeField(verbose_name=_("start"))
    end = models.DateTimeField(verbose_name=_("end"))
    cancelled = models.BooleanField(default=False, verbose_name=_("cancelled"))
    sequence = models.PositiveIntegerField(default=0, verbose_name=_("calendar version"))
    # Not in any calendar, but registrants are told when it changes.
    live_url = models.URLField(blank=True, verbose_name=_("live link"))

    class Meta:
        verbose_name = _("calendar state")
        verbose_name_plural = _("calendar states")

    def __str__(self):
        return f"{self.webinar_id} #{self.sequence}"


class Registration(models.Model):
    class Status(models.TextChoices):
        REGISTERED = "registered", _("Registered")
        WAITING = "waiting", _("On the waiting list")
        CANCELLED = "cancelled", _("Cancelled")

    webinar = models.ForeignKey(
        WebinarPage,
        verbose_name=_("webinar"),
        on_delete=models.CASCADE,
        related_name="registrations",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="webinar_registrations",
    )
    status = models.CharField(_("status"), max_length=16, choices=Status.choices)
    # One row per person and webinar: cancelling and registering again reuses it, so a
    # cancellation never blocks a later registration.
    queued_at = models.DateTimeField(_("registered at"), default=timezone.now)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    attended = models.BooleanField(_("attended"), default=False)
    watched_recording_at = models.DateTimeField(_("watched the recording"), null=True, blank=True)
    reminder_day_sent_at = models.DateTimeField(
        null=True, blank=True, editable=False, verbose_name=_("day reminder sent at")
    )
    reminder_hour_sent_at = models.DateTimeField(
        null=True, blank=True, editable=False, verbose_name=_("hour reminder sent at")
    )

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["queued_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["webinar", "user"], name="one_registration_per_person")
        ]
        indexes = [models.Index(fields=["webinar", "status", "queued_at"])]

    def __str__(self):
        return f"{self.user} · {self.webinar}"


def _new_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarFeed(models.Model):
    """The secret address of a person's own calendar feed; revoking gives a new token."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="learning_feed",
        verbose_name=_("person"),
    )
    token = models.CharField(
        max_length=64, unique=True, default=_new_token, verbose_name=_("token")
    )
    created_at = models.DateTimeField(auto_now=True, verbose_name=_("created at"))

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self):
        return f"{self.user}"
