"""The registry of what the unified search looks through.

Each source names its model, a type label, and the queryset of what a person may see, built ONLY
from the owning app's permission module: search never re-types a visibility rule. Before the
queryset reaches the search backend it is made expressible on the model's `index.FilterField`s
(`search_queryset`), so that the same filter works on the database backends and in Elasticsearch,
and is applied in the query itself, before pagination and counts.

What was said in a webinar (caption cues, answered questions, chat) is one source, `recording`
(search.models.RecordingText), visible exactly to those who may watch the recording. A new kind
of content gets a `Source` here: a model with `index.Indexed` and `search_fields`, a `visible`
function from its app's permission module, and a `present` function.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import QuerySet
from django.db.models.lookups import Lookup
from django.db.models.sql.query import Query
from django.db.models.sql.where import WhereNode
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

from search import highlight


@dataclass
class Hit:
    """What the results page shows of one found object."""

    kind: str
    kind_label: str
    title: str
    url: str
    where: str = ""
    date: datetime | None = None
    text: str = ""  # plain text the snippet is cut from (escaped when shown)
    score: float = 0.0
    obj: object = None
    # Where inside the item the words were found: "page 3" of a document (with a link to that
    # page of a PDF), "at 1:23" of a recording (its URL starts the player there).
    place: str = ""
    place_url: str = ""

    @property
    def pk(self):
        """The found object's key (callers that listed pages before hits existed use it)."""
        return self.obj.pk


@dataclass
class Source:
    kind: str
    label: str
    model: Callable[[], type]  # lazy: apps import their models late
    visible: Callable  # visible(user) -> QuerySet, from the app's permission module
    present: Callable  # present(obj, request, query) -> Hit
    date_field: str | None = None
    group_field: str | None = None  # FilterField holding the cooperation group, if any
    # "subqueries": the permission queryset's subqueries are evaluated to lists of ids;
    # "ids": the permission rule uses fields that are not FilterFields (a page's path under a
    # view restriction), so the search filters on the ids it allows.
    materialise: str = "subqueries"
    ids_field: str = "id"  # with "ids": the FilterField holding the ids the rule allows
    # with "ids": what of the permission queryset's rows `ids_field` holds. Pages use their path:
    # a page type's `id` is the link to Wagtail's page row, which Django's query turns into the
    # `page_ptr_id` column, and the search engines drop filters on that.
    ids_from: str = "id"
    select_related: tuple[str, ...] = ()
    suggest: bool = True
    extra: dict = field(default_factory=dict)

    def queryset_for(self, user) -> QuerySet:
        return self.visible(user)

    def search_queryset(self, user, *, in_sql: bool = False) -> QuerySet:
        """The permission queryset, as conditions on FilterFields. With `in_sql` (the database
        backends) subqueries stay subqueries, evaluated by the database within the search query;
        otherwise (Elasticsearch) they are evaluated to concrete values first (`group_id IN
        [1, 2]`, `live = true`, `audience = 'members'`)."""
        queryset = self.queryset_for(user)
        model = self.model()
        if self.materialise == "ids":
            allowed = queryset.values(self.ids_from)
            if not in_sql:
                allowed = [row[self.ids_from] for row in allowed]
            return model._default_manager.filter(**{f"{self.ids_field}__in": allowed})
        queryset = queryset.all()
        if not in_sql:
            queryset.query.where = _evaluate_subqueries(queryset.query.where)
        return queryset.order_by()


def _evaluate_subqueries(node: WhereNode) -> WhereNode:
    clone = WhereNode(connector=node.connector, negated=node.negated)
    for child in node.children:
        if isinstance(child, WhereNode):
            child = _evaluate_subqueries(child)
        elif isinstance(child, Lookup) and isinstance(child.rhs, Query):
            values = [row[0] for row in child.rhs.get_compiler("default").results_iter()]
            child = type(child)(child.lhs, values)
        clone.children.append(child)
    return clone


# --- Presenting a hit ----------------------------------------------------------------------------


def _webinar(obj, request, query="") -> Hit:
    return Hit(
        kind="webinar",
        kind_label=str(_("Webinar")),
        title=obj.title,
        url=obj.get_url(request) or "",
        where=obj.series.title if obj.series_id else str(_("Leerplatform")),
        date=obj.start,
        text=" ".join(filter(None, [obj.summary, strip_tags(obj.body)])),
        obj=obj,
    )


def _learning_index_url(request) -> str:
    """Where series and speakers lead; looked up once per request (a page of hits may hold
    several)."""
    from learning.models import WebinarIndexPage

    url = getattr(request, "_learning_index_url", None)
    if url is None:
        index = WebinarIndexPage.objects.live().first()
        url = (index.get_url(request) if index else None) or "/"
        if request is not None:
            request._learning_index_url = url
    return url


def _series(obj, request, query="") -> Hit:
    return Hit(
        kind="series",
        kind_label=str(_("Series")),
        title=obj.title,
        url=f"{_learning_index_url(request)}?series={obj.slug}",
        where=str(_("Leerplatform")),
        text=obj.description,
        obj=obj,
    )


def _speaker(obj, request, query="") -> Hit:
    return Hit(
        kind="speaker",
        kind_label=str(_("Speaker")),
        title=obj.name,
        # The Leerplatform's list narrowed to the speaker's webinars and recordings.
        url=f"{_learning_index_url(request)}?speaker={obj.pk}",
        where=obj.organisation,
        text=obj.bio,
        obj=obj,
    )


def _group(obj, request, query="") -> Hit:
    return Hit(
        kind="group",
        kind_label=str(_("Group")),
        title=obj.name,
        url=obj.get_absolute_url(),
        where=str(obj.get_kind_display()),
        date=obj.created_at,
        text=obj.description,
        obj=obj,
    )


def _document(obj, request, query="") -> Hit:
    from cooperation.files import PAGE_BREAK

    version = obj.current_version
    file_text = version.file.extracted_text if version and version.file_id else ""
    before_file = f"{obj.description}\n" if obj.description and file_text else obj.description
    hit = Hit(
        kind="document",
        kind_label=str(_("Document")),
        title=obj.title,
        url=obj.get_absolute_url(),
        where=obj.group.name,
        date=obj.created_at,
        text=before_file + file_text,
        obj=obj,
    )
    # The snippet shows the first match; when that is in the file's text and the file has pages
    # (PDF pages, presentation slides), the hit says which.
    found = highlight.first_match(hit.text, query) if PAGE_BREAK in file_text else None
    if found is not None and found >= len(before_file):
        page = file_text.count(PAGE_BREAK, 0, found - len(before_file)) + 1
        if version.content_type == "application/pdf":
            hit.place = str(_("page %(number)s") % {"number": page})
            hit.place_url = f"{version.get_download_url()}?inline=1#page={page}"
        else:
            hit.place = str(_("slide %(number)s") % {"number": page})
    return hit


def _recording(obj, request, query="") -> Hit:
    webinar = obj.webinar
    url = webinar.get_url(request) or ""
    hit = Hit(
        kind="recording",
        kind_label=str(_("Recording")),
        title=webinar.title,
        url=f"{url}#recording",
        where=webinar.series.title if webinar.series_id else str(_("Leerplatform")),
        date=obj.start,
        text=obj.chat_text,
        obj=obj,
    )
    # A hit in the captions links to its moment: the player starts at the matching cue.
    cue = obj.first_cue_matching(lambda text: highlight.first_match(text, query))
    if cue is not None:
        number, start = cue
        moment = int(start)
        hit.text = " ".join(text for _start, text in obj.cues[number : number + 3])
        hit.url = hit.place_url = f"{url}?t={moment}#recording"
        hit.place = str(_("at %(moment)s") % {"moment": clock(moment)})
    return hit


def clock(seconds: int) -> str:
    """1:23, or 1:02:03 from an hour on."""
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{seconds:02d}" if hours else f"{minutes}:{seconds:02d}"


def _page(obj, request, query="") -> Hit:
    specific = obj.specific
    return Hit(
        kind="page",
        kind_label=str(_("Page")),
        title=obj.title,
        url=obj.get_url(request) or "",
        where=str(_("Kennisplein")),
        date=obj.first_published_at,
        text=" ".join(
            filter(
                None,
                [
                    obj.search_description,
                    strip_tags(getattr(specific, "introduction", "") or ""),
                    strip_tags(getattr(specific, "body", "") or ""),
                ],
            )
        ),
        obj=obj,
    )


# --- Who may see what: only the owning apps' permission modules ---------------------------------


def _webinars_visible(user):
    from learning import permissions

    return permissions.visible_to(user)


def _series_visible(user):
    # learning/permissions.py has no rule for series and speakers: they are public listings
    # (the webinar index shows every series). When it gets one, call it here.
    from learning.models import Series

    return Series.objects.all()


def _speakers_visible(user):
    from learning.models import Speaker

    return Speaker.objects.all()


def _groups_visible(user):
    from cooperation import permissions

    return permissions.groups_visible_to(user)


def _documents_visible(user):
    from cooperation import permissions

    return permissions.documents_visible_to(user)


def _thread(obj, request, query="") -> Hit:
    return Hit(
        kind="thread",
        kind_label=str(_("Discussion")),
        title=obj.title,
        url=obj.get_absolute_url(),
        where=obj.group.name,
        date=obj.last_post_at,
        text=obj.search_text(),
        obj=obj,
    )


def _threads_visible(user):
    from cooperation.discussions import permissions

    return permissions.threads_visible_to(user)


def _recordings_visible(user):
    # Whoever may watch the recording, and nobody else: the chat, questions and captions are
    # shown beside the video on the webinar's page.
    from learning import permissions

    return permissions.recordings_visible_to(user)


def _pages_visible(user):
    # Wagtail's own rules for editorial pages: published, and no view restriction on the way.
    from portal.models import StandardPage

    return StandardPage.objects.live().public()


# --- Meetings, published meeting material and news (cooperation.meetings, issue 7) --------------


def _meeting(obj, request, query="") -> Hit:
    return Hit(
        kind="meeting",
        kind_label=str(_("Meeting")),
        title=obj.title,
        url=obj.get_absolute_url(),
        where=obj.group.name,
        date=obj.starts_at,
        text="\n".join(filter(None, [obj.agenda_text(), obj.minutes_text()])),
        obj=obj,
    )


def _publication(obj, request, query="") -> Hit:
    # The group is named only to those who may know it exists (a secret group may publish).
    from cooperation import permissions

    group = obj.meeting.group
    user = getattr(request, "user", None)
    named = user is not None and permissions.can_see_group(user, group)
    return Hit(
        kind="publication",
        kind_label=str(_("Presentations")),
        title=obj.title,
        url=obj.get_absolute_url(),
        where=group.name if named else str(_("Presentations")),
        date=obj.published_at,
        text=obj.public_text(),
        obj=obj,
    )


def _news(obj, request, query="") -> Hit:
    return Hit(
        kind="news",
        kind_label=str(_("News")),
        title=obj.title,
        url=obj.get_absolute_url(),
        where=str(_("News")),
        date=obj.published_at,
        text="\n".join(filter(None, [obj.summary, obj.body_text()])),
        obj=obj,
    )


def _meetings_visible(user):
    from cooperation.meetings import permissions

    return permissions.meetings_visible_to(user)


def _publications_visible(user):
    # Published material of meetings the person cannot read inside; those they can read are
    # found as meetings (with everything), not twice.
    from cooperation.meetings import permissions

    return permissions.publications_visible_to(user).exclude(
        meeting__in=permissions.meetings_visible_to(user)
    )


def _news_visible(user):
    from cooperation.meetings import permissions

    return permissions.news_visible_to(user)


def _model(path: str):
    def load():
        from django.apps import apps

        return apps.get_model(path)

    return load


SOURCES: list[Source] = [
    Source(
        kind="webinar",
        label=_("Webinars"),
        model=_model("learning.WebinarPage"),
        visible=_webinars_visible,
        present=_webinar,
        date_field="start",
        select_related=("series",),
    ),
    Source(
        kind="series",
        label=_("Series"),
        model=_model("learning.Series"),
        visible=_series_visible,
        present=_series,
    ),
    Source(
        kind="speaker",
        label=_("Speakers"),
        model=_model("learning.Speaker"),
        visible=_speakers_visible,
        present=_speaker,
    ),
    Source(
        kind="group",
        label=_("Groups"),
        model=_model("cooperation.Group"),
        visible=_groups_visible,
        present=_group,
        date_field="created_at",
        group_field="id",
    ),
    Source(
        kind="document",
        label=_("Documents"),
        model=_model("cooperation.Document"),
        visible=_documents_visible,
        present=_document,
        date_field="created_at",
        group_field="group_id",
        select_related=("group", "current_version__file"),
    ),
    Source(
        kind="recording",
        label=_("Recordings"),
        model=_model("search.RecordingText"),
        visible=_recordings_visible,
        present=_recording,
        date_field="start",
        materialise="ids",
        ids_field="webinar_id",
        select_related=("webinar__series",),
        suggest=False,
    ),
    Source(
        kind="page",
        label=_("Pages"),
        model=_model("portal.StandardPage"),
        visible=_pages_visible,
        present=_page,
        date_field="first_published_at",
        materialise="ids",
        ids_field="path",
        ids_from="path",
        suggest=False,
    ),
    Source(
        kind="thread",
        label=_("Discussions"),
        model=_model("discussions.Thread"),
        visible=_threads_visible,
        present=_thread,
        date_field="created_at",
        group_field="group_id",
        select_related=("group",),
    ),
    Source(
        kind="meeting",
        label=_("Meetings"),
        model=_model("meetings.Meeting"),
        visible=_meetings_visible,
        present=_meeting,
        date_field="starts_at",
        group_field="group_id",
        select_related=("group",),
    ),
    # No group_field for what is published to everyone: a secret group may publish, and the
    # group facet would name it.
    Source(
        kind="publication",
        label=_("Presentations"),
        model=_model("meetings.Publication"),
        visible=_publications_visible,
        present=_publication,
        date_field="published_at",
        materialise="ids",
        select_related=("meeting__group",),
    ),
    Source(
        kind="news",
        label=_("News"),
        model=_model("meetings.NewsItem"),
        visible=_news_visible,
        present=_news,
        date_field="published_at",
    ),
]

BY_KIND = {source.kind: source for source in SOURCES}
