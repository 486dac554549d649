"""What the search page and the suggestions read: results of every source the person may see,
ranked together, with facet counts computed from the same permission-filtered queries."""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import QuerySet
from modelsearch.backends import get_search_backend

from search.sources import BY_KIND, SOURCES, Source

logger = logging.getLogger(__name__)

SCORE = "_search_score"
MAX_QUERY_LENGTH = 200
SUGGESTION_LIMIT = 8
TOPIC_SCAN = 1000


class SearchUnavailable(Exception):
    """The search backend (Elasticsearch) could not answer."""


@dataclass
class Filters:
    kind: str = ""
    group: int | None = None
    year: int | None = None
    topic: str = ""

    def applies_to(self, source: Source) -> bool:
        if self.kind and source.kind != self.kind:
            return False
        if self.group is not None and not source.group_field:
            return False
        if self.year is not None and not source.date_field:
            return False
        return not (self.topic and source.kind != "webinar")


@dataclass
class Facets:
    kinds: list[tuple[str, str, int]] = field(default_factory=list)  # (kind, label, count)
    groups: list[tuple[int, str, int]] = field(default_factory=list)
    years: list[tuple[int, int]] = field(default_factory=list)
    topics: list[tuple[str, str, int]] = field(default_factory=list)


def _backend_errors() -> tuple[type[BaseException], ...]:
    errors: list[type[BaseException]] = []
    try:
        from elastic_transport import TransportError

        errors.append(TransportError)
    except ImportError:  # pragma: no cover (elasticsearch is a dependency)
        pass
    try:
        from elasticsearch import ApiError

        errors.append(ApiError)
    except ImportError:  # pragma: no cover
        pass
    return tuple(errors) or (ConnectionError,)


BACKEND_ERRORS = _backend_errors()


def _filtered(source: Source, user, filters: Filters, *, with_group=True, with_year=True):
    queryset = source.search_queryset(user)
    if with_group and filters.group is not None and source.group_field:
        queryset = queryset.filter(**{source.group_field: filters.group})
    if with_year and filters.year is not None and source.date_field:
        queryset = queryset.filter(**{f"{source.date_field}__year": filters.year})
    if filters.topic and source.kind == "webinar":
        from learning.models import WebinarTopic

        tagged = WebinarTopic.objects.filter(tag__slug=filters.topic).values_list(
            "content_object_id", flat=True
        )
        queryset = queryset.filter(id__in=list(tagged))
    return queryset


def _search(queryset: QuerySet, query: str, *, order_by_relevance=True):
    backend = get_search_backend()
    return backend.search(query, queryset, order_by_relevance=order_by_relevance)


class MergedResults:
    """All sources' results as one sequence for Django's Paginator: counted exactly per source,
    and for a page only the top `stop` hits of each source are fetched and merged by score (or
    date)."""

    def __init__(self, parts: list[tuple[Source, object]], sort: str, request):
        self.parts = parts
        self.sort = sort
        self.request = request
        self._count: int | None = None

    def count(self) -> int:
        if self._count is None:
            self._count = sum(results.count() for _, results in self.parts)
        return self._count

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1][0]
        start, stop = index.start or 0, index.stop or self.count()
        # Rank first, present only the winners (presenting builds URLs and reads related rows).
        found = []
        for source, results in self.parts:
            for obj in results[:stop]:
                date = getattr(obj, source.date_field) if source.date_field else None
                found.append((float(getattr(obj, SCORE, 0) or 0), date, source, obj))
        if self.sort == "date":
            found.sort(key=lambda row: (row[1] is not None, row[1]), reverse=True)
        else:
            found.sort(key=lambda row: row[0], reverse=True)
        hits = []
        for score, _date, source, obj in found[start:stop]:
            hit = source.present(obj, self.request)
            hit.score = score
            hits.append(hit)
        return hits


def search(*, user, query: str, filters: Filters, sort: str = "relevance", request=None):
    """Returns (results, facets). Raises SearchUnavailable when the backend cannot answer."""
    query = query.strip()[:MAX_QUERY_LENGTH]
    try:
        return _search_all(user=user, query=query, filters=filters, sort=sort, request=request)
    except BACKEND_ERRORS as error:
        logger.warning("Search backend unavailable: %s", error)
        raise SearchUnavailable from error


def _search_all(*, user, query, filters, sort, request):
    parts = []
    facets = Facets()
    group_counts: Counter = Counter()
    year_counts: Counter = Counter()
    topic_counts: Counter = Counter()
    for source in SOURCES:
        kind_filters = Filters(kind="", group=filters.group, year=filters.year, topic=filters.topic)
        if not kind_filters.applies_to(source):
            continue
        queryset = _filtered(source, user, filters)
        by_relevance = sort != "date" or not source.date_field
        if not by_relevance:
            queryset = queryset.order_by(f"-{source.date_field}")
        results = _search(queryset, query, order_by_relevance=by_relevance)
        if by_relevance:
            results = results.annotate_score(SCORE)
        count = results.count()
        if count:
            facets.kinds.append((source.kind, str(source.label), count))
        if filters.kind and source.kind != filters.kind:
            continue
        if source.select_related:
            results = _with_related(results, source.select_related)
        parts.append((source, results))
        _count_facets(
            source, user, query, filters, results, group_counts, year_counts, topic_counts
        )
    facets.groups = _group_names(group_counts)
    facets.years = sorted(year_counts.items(), reverse=True)
    facets.topics = [(slug, name, count) for (slug, name), count in topic_counts.most_common(15)]
    return MergedResults(parts, sort, request), facets


def _with_related(results, related):
    # The database backend keeps the queryset; select_related spares one query per hit.
    query_compiler = getattr(results, "query_compiler", None)
    if query_compiler is not None:
        query_compiler.queryset = query_compiler.queryset.select_related(*related)
    return results


def _count_facets(
    source, user, query, filters, results, groups: Counter, years: Counter, topics: Counter
):
    """Facet counts from the same permission-filtered search; a facet whose own narrowing is
    active is counted without it, so its other values stay visible (and countable)."""
    if source.group_field:
        scope = results
        if filters.group is not None:
            scope = _search(_filtered(source, user, filters, with_group=False), query)
        for group_id, count in scope.facet(source.group_field).items():
            if group_id is not None:
                groups[group_id] += count
    if source.date_field:
        scope = results
        if filters.year is not None:
            scope = _search(_filtered(source, user, filters, with_year=False), query)
        for moment, count in scope.facet(source.date_field).items():
            if moment is not None:
                years[moment.year] += count
    if source.kind == "webinar":
        from learning.models import WebinarTopic

        # Tags are not a FilterField: count the topics of the matching webinars (at most
        # TOPIC_SCAN of them; webinars number in the thousands, not more).
        matched = [obj.pk for obj in results[:TOPIC_SCAN]]
        for name, slug in WebinarTopic.objects.filter(content_object_id__in=matched).values_list(
            "tag__name", "tag__slug"
        ):
            topics[(slug, name)] += 1


def _group_names(counts: Counter) -> list[tuple[int, str, int]]:
    from cooperation.models import Group

    names = dict(Group.objects.filter(pk__in=list(counts)).values_list("pk", "name"))
    return [(pk, names.get(pk, "?"), count) for pk, count in counts.most_common(15)]


def suggestions(*, user, query: str, limit: int = SUGGESTION_LIMIT) -> list[dict]:
    """Titles (webinars, groups, documents, speakers) the person may see, for the header box."""
    query = query.strip()[:MAX_QUERY_LENGTH]
    if len(query) < 2:
        return []
    backend = get_search_backend()
    found = []
    try:
        for source in SOURCES:
            if not source.suggest:
                continue
            results = backend.autocomplete(query, source.search_queryset(user))
            for obj in results[:limit]:
                hit = source.present(obj, None)
                found.append({"title": hit.title, "url": hit.url, "type": hit.kind_label})
    except BACKEND_ERRORS as error:
        logger.warning("Search backend unavailable for suggestions: %s", error)
        return []
    return found[: limit * 2]


__all__ = ["BY_KIND", "Filters", "SearchUnavailable", "search", "suggestions"]
