"""What the search indexes beside the apps' own models."""

from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelsearch import index


class RecordingText(index.Indexed, models.Model):
    """What was said in a webinar, for the search: the cues of its recording's caption track
    (WebVTT) and the answered questions and chat of its live room. One row per webinar with a
    recording, written by search.services.recording_text_refresh; found only by people who may
    watch the recording (learning.permissions.recordings_visible_to)."""

    webinar = models.OneToOneField(
        "learning.WebinarPage",
        verbose_name=_("webinar"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    # [[start in seconds, text], ...]: a hit in the captions links to the moment of its cue.
    cues = models.JSONField(_("caption cues"), default=list, blank=True)
    captions_text = models.TextField(_("captions"), blank=True)
    chat_text = models.TextField(_("questions and chat"), blank=True)
    # The webinar's start, for the year facet and sorting by date.
    start = models.DateTimeField(_("start"))
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    search_fields = [
        index.SearchField("captions_text"),
        index.SearchField("chat_text"),
        index.FilterField("webinar_id"),
        index.FilterField("start"),
    ]

    class Meta:
        verbose_name = _("text of a recording")
        verbose_name_plural = _("texts of recordings")

    def __str__(self):
        return str(self.webinar_id)

    @classmethod
    def from_parts(cls, *, webinar, cues: list[tuple[float, str]], chat: str = ""):
        return cls(
            webinar=webinar,
            cues=[[start, text] for start, text in cues],
            captions_text="\n".join(text for _start, text in cues),
            chat_text=chat,
            start=webinar.start,
        )

    def first_cue_matching(self, position_of) -> tuple[int, float] | None:
        """(index, start) of the first cue where `position_of(text)` finds something."""
        for number, (start, text) in enumerate(self.cues):
            if position_of(text) is not None:
                return number, start
        return None


class Word(models.Model):
    """A word of the indexed text (lower case, accents removed, 4 to 30 letters), for correcting
    a typo in a query that found nothing (search/vocabulary.py). It says nothing about who may
    see the text it came from: a correction is only offered when searching it finds something
    the person may see."""

    word = models.CharField(_("word"), max_length=30, primary_key=True)
    # How many indexed items had the word when they were indexed (grows with reindexing): which
    # of two corrections to try first.
    documents = models.PositiveIntegerField(_("items"), default=0)

    class Meta:
        verbose_name = _("word of the search index")
        verbose_name_plural = _("words of the search index")

    def __str__(self):
        return self.word


class Item(models.Model):
    """PostgreSQL: one row per indexed object of a search source (search/sources.py), written
    beside modelsearch's index entry it was made from (search/table.py). It holds what a search
    filters, counts and ranks by, so that one statement answers the counts and facets of every
    source and another the page of hits: the source's kind, the object's key, its group and
    date, the values of its model's `index.FilterField`s (the permission filter's conditions,
    as Elasticsearch keeps them), and the entry's text vectors. Deleting the entry deletes the
    row (a foreign key with ON DELETE CASCADE, made by migration 0005 on PostgreSQL). Unused on
    other databases."""

    entry_id = models.IntegerField(_("index entry"), unique=True)
    kind = models.CharField(_("type"), max_length=20)
    object_id = models.IntegerField(_("object"))
    group_id = models.IntegerField(_("group"), null=True)
    date = models.DateTimeField(_("date"), null=True)
    year = models.SmallIntegerField(_("year"), null=True)  # of `date` in the site's time zone
    filters = models.JSONField(_("filter values"), default=dict)
    title = SearchVectorField(_("title"))
    vector = SearchVectorField(_("title and text"))

    class Meta:
        verbose_name = _("search item")
        verbose_name_plural = _("search items")

    def __str__(self):
        return f"{self.kind} {self.object_id}"


class PendingIndexChange(models.Model):
    """An object whose index write failed while the search engine was away; written again by
    search.services.index_pending_changes (search/backends/engine.py). It names the object only:
    the object is indexed as it then is, or removed when it is gone."""

    model = models.CharField(_("model"), max_length=100)  # app_label.ModelName
    object_pk = models.CharField(_("object key"), max_length=64)
    since = models.DateTimeField(_("since"), auto_now_add=True)

    class Meta:
        verbose_name = _("pending search index change")
        verbose_name_plural = _("pending search index changes")
        constraints = [
            models.UniqueConstraint(fields=["model", "object_pk"], name="search_pending_once")
        ]

    def __str__(self):
        return f"{self.model} {self.object_pk}"

    @classmethod
    def remember(cls, obj) -> None:
        # A new `since` tells a run that is writing the object now that it changed again.
        cls.objects.update_or_create(
            model=obj._meta.label, object_pk=str(obj.pk), defaults={"since": timezone.now()}
        )
