"""The registry of what the unified search looks through. `search/` knows no feature app's
models: each app registers its sources in its own `<app>/search.py` (found by SearchConfig.ready,
the way Django finds admin.py), and the search reads them from `SOURCES` / `BY_KIND`.

Each source names its model, a type label, and the queryset of what a person may see, built ONLY
from the owning app's permission module: search never re-types a visibility rule. Before the
queryset reaches the search backend it is made expressible on the model's `index.FilterField`s
(`search_queryset`), so that the same filter works on the database backends and in Elasticsearch,
and is applied in the query itself, before pagination and counts.

A new kind of content registers a `Source`: a model with `index.Indexed` and `search_fields`, a
`visible` function from its app's permission module, a `present` function, and its `order`
among the others (the order of the type facet and of the sources everywhere):

    # learning/search.py
    from search.sources import Hit, Source, lazy_model, register

    register(Source(
        kind="series",
        label=_("Series"),
        model=lazy_model("learning.Series"),
        visible=lambda user: Series.objects.all(),
        present=lambda obj, request, query="": Hit(kind="series", ...),
        order=20,
    ))
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import QuerySet
from django.db.models.fields.related_lookups import RelatedIn
from django.db.models.lookups import In, Lookup
from django.db.models.sql.query import Query
from django.db.models.sql.where import WhereNode


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
    # The place among the sources (facet order, the order sources are searched and listed).
    # The platform's own: webinar 10, series 20, speaker 30, group 40, document 50,
    # recording 60, page 70, thread 80, meeting 90, publication 100, news 110.
    order: int = 1000

    def queryset_for(self, user) -> QuerySet:
        return self.visible(user)

    def search_queryset(self, user, *, in_sql: bool = False, memo: dict | None = None) -> QuerySet:
        """The permission queryset, as conditions on FilterFields. With `in_sql` (the database
        backends) subqueries stay subqueries, evaluated by the database within the search query;
        otherwise (Elasticsearch) they are evaluated to concrete values first (`group_id IN
        [1, 2]`, `live = true`, `audience = 'members'`); `memo` keeps the values of a subquery
        for the other sources of the same search (the person's groups are asked by several)."""
        queryset = self.queryset_for(user)
        model = self.model()
        if self.materialise == "ids":
            allowed = queryset.values(self.ids_from)
            if not in_sql:
                allowed = [row[self.ids_from] for row in allowed]
            return model._default_manager.filter(**{f"{self.ids_field}__in": allowed})
        queryset = queryset.all()
        if not in_sql:
            queryset.query.where = _evaluate_subqueries(
                queryset.query.where, {} if memo is None else memo
            )
        return queryset.order_by()


def _evaluate_subqueries(node: WhereNode, memo: dict) -> WhereNode:
    clone = WhereNode(connector=node.connector, negated=node.negated)
    for child in node.children:
        if isinstance(child, WhereNode):
            child = _evaluate_subqueries(child, memo)
        elif isinstance(child, Lookup) and isinstance(child.rhs, Query):
            sql = child.rhs.get_compiler("default").as_sql()
            key = (sql[0], tuple(sql[1]))
            if key not in memo:
                memo[key] = [row[0] for row in child.rhs.get_compiler("default").results_iter()]
            # A plain IN of the column: a related lookup would prepare each of what can be
            # thousands of keys as a model instance (5 ms a source at 1,700 readable groups).
            lookup = In if isinstance(child, RelatedIn) else type(child)
            child = lookup(child.lhs, memo[key])
        clone.children.append(child)
    return clone


def clock(seconds: int) -> str:
    """1:23, or 1:02:03 from an hour on."""
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{seconds:02d}" if hours else f"{minutes}:{seconds:02d}"


def lazy_model(path: str) -> Callable[[], type]:
    """`Source.model` for "app_label.Model", looked up when the search first needs it."""

    def load():
        from django.apps import apps

        return apps.get_model(path)

    return load


# --- The registry --------------------------------------------------------------------------------

# Filled in place by `register`, both in `order` (modules that imported these names before the
# apps' search.py ran see every source).
SOURCES: list[Source] = []
BY_KIND: dict[str, Source] = {}


def register(source: Source) -> None:
    """Registers (or replaces, e.g. on autoreload) the source of one kind of content."""
    by_kind = {**BY_KIND, source.kind: source}
    SOURCES[:] = sorted(by_kind.values(), key=lambda source: (source.order, source.kind))
    BY_KIND.clear()
    BY_KIND.update((source.kind, source) for source in SOURCES)
