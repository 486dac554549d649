"""What the search page and the suggestions read: results of every source the person may see,
ranked together, with facet counts computed from the same permission-filtered queries."""

from __future__ import annotations

import logging
import re
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime

from django.db.models import QuerySet
from django.utils import timezone
from modelsearch.backends import get_search_backend

from search.sources import BY_KIND, SOURCES, Source

logger = logging.getLogger(__name__)

SCORE = "_search_score"
MAX_QUERY_LENGTH = 200
SUGGESTION_LIMIT = 8
TOPIC_SCAN = 1000
CORRECTION_TRIES = 3


class SearchUnavailable(Exception):
    """The search engine could not answer."""


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

    def narrowing(self) -> Filters:
        """Without the type: what narrows every source's results (the type facet counts all)."""
        return replace(self, kind="")


@dataclass
class Facets:
    kinds: list[tuple[str, str, int]] = field(default_factory=list)  # (kind, label, count)
    groups: list[tuple[int, str, int]] = field(default_factory=list)
    years: list[tuple[int, int]] = field(default_factory=list)
    topics: list[tuple[str, str, int]] = field(default_factory=list)


def _engine_errors() -> tuple[type[BaseException], ...]:
    """The errors of a search engine that could not answer (none on the database backends)."""
    return getattr(get_search_backend(), "engine_errors", ())


def _filtered(source: Source, base, filters: Filters, *, with_group=True, with_year=True):
    """The person's permission queryset of a source (`base`), narrowed by the filters."""
    queryset = base
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

    def __init__(self, parts: list[tuple[Source, object, int]], sort: str, request, query: str):
        self.parts = parts
        self.sort = sort
        self.request = request
        self.query = query  # what was searched (a corrected query when corrected_from is set)
        self.corrected_from: str | None = None

    def count(self) -> int:
        return sum(count for _, _, count in self.parts)

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1][0]
        start, stop = index.start or 0, index.stop or self.count()
        # Rank first, present only the winners (presenting builds URLs and reads related rows).
        found = []
        for source, results, count in self.parts:
            if not count:
                continue
            for obj in results[:stop]:
                date = getattr(obj, source.date_field) if source.date_field else None
                found.append((float(getattr(obj, SCORE, 0) or 0), date, source, obj))
        hits = []
        for score, _date, source, obj in rank(found, self.sort)[start:stop]:
            hit = source.present(obj, self.request, self.query)
            hit.score = score
            hits.append(hit)
        return hits


def rank(found: list[tuple], sort: str) -> list[tuple]:
    """The sources' hits (score, date, source, found) in one order: by score, or newest first
    with the undated after the dated."""
    if sort == "date":
        return sorted(found, key=lambda row: (row[1] is not None, row[1]), reverse=True)
    return sorted(found, key=lambda row: row[0], reverse=True)


def search(
    *,
    user,
    query: str,
    filters: Filters,
    sort: str = "relevance",
    request=None,
    page_end: int = 10,
):
    """Returns (results, facets). Raises SearchUnavailable when the backend cannot answer.
    `page_end`: how many of the best hits the caller will show at most (the end of its page);
    a search engine sends them with the counts and facets, in one request.

    A query that finds nothing is tried again with its typos corrected (words of five letters
    or more, one edit, search/vocabulary.py); the first correction that finds something the
    person may see is the answer, and `results.corrected_from` holds what was typed."""
    query = query.strip()[:MAX_QUERY_LENGTH]
    if not has_words(query):
        return MergedResults([], sort, request, query), Facets()
    arguments = {
        "user": user,
        "filters": filters,
        "sort": sort,
        "request": request,
        "page_end": page_end,
    }
    try:
        results, facets = _search_all(query=query, **arguments)
        if not results.count():
            for corrected in _corrected_queries(query):
                found, found_facets = _search_all(query=corrected, **arguments)
                if found.count():
                    found.corrected_from = query
                    return found, found_facets
        return results, facets
    except _engine_errors() as error:
        logger.warning("Search backend unavailable: %s", error)
        raise SearchUnavailable from error


def has_words(query: str) -> bool:
    """Whether a query has a word to look for: one of only stop words or punctuation ("de",
    "de het", "*") finds nothing on any backend, and is not sent to one (the database
    backends' query compilers fail on a query without terms)."""
    from search.dutch import without_stop_words

    return bool(without_stop_words(re.findall(r"\w+", query)))


def _corrected_queries(query: str, *, tries: int = CORRECTION_TRIES) -> list[str]:
    """The query with each unknown word replaced by its most common neighbour in the vocabulary,
    then by the second most common, ...: at most `tries` queries."""
    from search import vocabulary

    words = re.findall(r"\w+", query)
    options = [vocabulary.corrections(word, limit=tries) or [word] for word in words]
    queries = []
    for attempt in range(tries):
        corrected = " ".join(choices[min(attempt, len(choices) - 1)] for choices in options)
        if corrected != " ".join(words) and corrected not in queries:
            queries.append(corrected)
    return queries


@dataclass
class _Tally:
    """Facet counts summed over the sources."""

    groups: Counter = field(default_factory=Counter)
    years: Counter = field(default_factory=Counter)
    topics: Counter = field(default_factory=Counter)


def _search_all(*, user, query, filters, sort, request, page_end):
    """The one place that picks the path of a search: a search engine (one request for all
    sources, search/engine_search.py), PostgreSQL's search table (search/table.py), or the
    database backend's queries per source (below)."""
    backend = get_search_backend()
    if hasattr(backend, "multi_search"):
        from search import engine_search

        return engine_search.search(
            backend,
            user=user,
            query=query,
            filters=filters,
            sort=sort,
            request=request,
            page_end=page_end,
        )
    if getattr(backend, "search_table", False):
        return _search_table(user=user, query=query, filters=filters, sort=sort, request=request)
    # The database backends take the permission subqueries into their SQL as they are.
    in_sql = getattr(backend, "filters_in_sql", False)
    parts = []
    facets = Facets()
    tally = _Tally()
    narrowing = filters.narrowing()
    for source in SOURCES:
        if not narrowing.applies_to(source):
            continue
        # The permission filter of this person, made once per source and search.
        base = source.search_queryset(user, in_sql=in_sql)
        shown = not filters.kind or source.kind == filters.kind
        count = _count(source, base, query, filters, tally if shown else None)
        if count:
            facets.kinds.append((source.kind, str(source.label), count))
        if not shown:
            continue
        by_relevance = sort != "date" or not source.date_field
        queryset = _filtered(source, base, filters)
        if not by_relevance:
            queryset = queryset.order_by(f"-{source.date_field}")
        results = _search(queryset, query, order_by_relevance=by_relevance)
        if by_relevance:
            results = results.annotate_score(SCORE)
        if hasattr(results, "set_match_count"):
            results.set_match_count(count)
        if source.select_related:
            results = _with_related(results, source.select_related)
        parts.append((source, results, count))
        if source.kind == "webinar" and count:
            _count_topics(_matched_keys(results), tally.topics)
    facets.groups = _group_names(tally.groups)
    facets.years = sorted(tally.years.items(), reverse=True)
    facets.topics = [(slug, name, count) for (slug, name), count in tally.topics.most_common(15)]
    return MergedResults(parts, sort, request, query), facets


class TableResults:
    """PostgreSQL: the hits of the search table (search/table.py) for Django's Paginator. The
    total is known from the counts; a page is one statement over all sources, then the found
    objects of each type fetched by key."""

    def __init__(self, search, sources, narrowing, *, total: int, sort: str, request, query: str):
        self.search = search
        self.sources = sources
        self.narrowing = narrowing
        self.total = total
        self.sort = sort
        self.request = request
        self.query = query
        self.corrected_from: str | None = None

    def count(self) -> int:
        return self.total

    def __len__(self) -> int:
        return self.total

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1][0]
        start, stop = index.start or 0, min(index.stop or self.total, self.total)
        if start >= stop:
            return []
        rows = self.search.page(
            self.sources,
            self.narrowing,
            start=start,
            stop=stop,
            by_date=self.sort == "date",
            total=self.total,
        )
        keys: dict[str, list[int]] = {}
        for kind, key, _score in rows:
            keys.setdefault(kind, []).append(key)
        found = {}
        for kind, kind_keys in keys.items():
            source = BY_KIND[kind]
            objects = source.model()._default_manager.select_related(*source.select_related)
            found[kind] = objects.in_bulk(kind_keys)
        hits = []
        for kind, key, score in rows:
            obj = found[kind].get(key)
            if obj is None:  # deleted since the statement ran
                continue
            hit = BY_KIND[kind].present(obj, self.request, self.query)
            hit.score = float(score)
            hits.append(hit)
        return hits


def _search_table(*, user, query, filters, sort, request):
    """PostgreSQL: every count and facet in one statement over the search table, the page of
    hits in another (search/table.py); the rows are summed as `_count` sums a source's."""
    from search.table import TableSearch, key_set

    narrowing = filters.narrowing()
    sources = [source for source in SOURCES if narrowing.applies_to(source)]
    shown = {source.kind for source in sources if not filters.kind or source.kind == filters.kind}
    search = TableSearch(user=user, query=query, sources=sources)
    totals, tally, webinars = Counter(), _Tally(), []
    for kind, group, year, count, keys in search.counts(Filters(topic=filters.topic)):
        facets_of = tally if kind in shown else None
        kept = _add_row(BY_KIND[kind], filters, facets_of, group, year, count)
        totals[kind] += kept
        if kept:
            webinars += keys
    if "webinar" in shown and webinars:
        _count_topics(key_set(webinars), tally.topics)
    facets = Facets(
        kinds=[(s.kind, str(s.label), totals[s.kind]) for s in sources if totals[s.kind]],
        groups=_group_names(tally.groups),
        years=sorted(tally.years.items(), reverse=True),
        topics=[(slug, name, count) for (slug, name), count in tally.topics.most_common(15)],
    )
    results = TableResults(
        search,
        [source for source in sources if source.kind in shown],
        narrowing,
        total=sum(totals[kind] for kind in shown),
        sort=sort,
        request=request,
        query=query,
    )
    return results, facets


def _with_related(results, related):
    # The database backend keeps the queryset; select_related spares one query per hit.
    query_compiler = getattr(results, "query_compiler", None)
    if query_compiler is not None:
        query_compiler.queryset = query_compiler.queryset.select_related(*related)
    return results


def _count(source, base, query, filters: Filters, tally: _Tally | None) -> int:
    """The number of the person's matches of one source under the filters, and (into `tally`)
    its group and year facet counts. A facet whose own narrowing is active is counted without
    it, so its other values stay visible (and countable).

    On the database backends this is one GROUP BY (group, year) over the matches without the
    group and year narrowing: the total and both facets are sums over its rows."""
    scope = _search(
        _filtered(source, base, filters, with_group=False, with_year=False),
        query,
        order_by_relevance=False,
    )
    group, year = filters.group, filters.year
    if hasattr(scope, "grouped_counts"):
        rows = scope.grouped_counts(group_field=source.group_field, date_field=source.date_field)
        return sum(_add_row(source, filters, tally, *row) for row in rows)
    # A backend without grouped counts (modelsearch's own, on other databases): a count and one
    # aggregation per facet.
    narrowed = _search(_filtered(source, base, filters), query, order_by_relevance=False)
    total = narrowed.count()
    if tally is None or not total and group is None and year is None:
        return total
    if source.group_field:
        by_group = _filtered(source, base, filters, with_group=False)
        for group_id, count in _search(by_group, query).facet(source.group_field).items():
            if group_id is not None:
                tally.groups[group_id] += count
    if source.date_field:
        by_year = _filtered(source, base, filters, with_year=False)
        for moment, count in _search(by_year, query).facet(source.date_field).items():
            if isinstance(moment, int | float):  # Elasticsearch's buckets: milliseconds
                moment = datetime.fromtimestamp(moment / 1000, tz=UTC)
            if moment is not None:
                tally.years[timezone.localtime(moment).year] += count
    return total


def _add_row(source, filters: Filters, tally: _Tally | None, group, year, count: int) -> int:
    """One row of a source's matches counted by (group, year): adds it to the group and year
    facets (into `tally`, unless None), and returns how many of it the narrowing keeps. A facet
    whose own narrowing is active is counted without it, so its other values stay visible."""
    in_group = filters.group is None or not source.group_field or group == filters.group
    in_year = filters.year is None or not source.date_field or year == filters.year
    if tally is not None:
        if source.group_field and in_year and group is not None:
            tally.groups[group] += count
        if source.date_field and in_group and year is not None:
            tally.years[year] += count
    return count if in_group and in_year else 0


def _matched_keys(results):
    if hasattr(results, "matching_queryset"):
        return results.matching_queryset().values("pk")
    # A backend without a matching queryset: the topics of the first TOPIC_SCAN matching webinars
    # are counted (webinars number in the thousands, not more).
    return [obj.pk for obj in results[:TOPIC_SCAN]]


def _count_topics(matched, topics: Counter) -> None:
    """Adds the topics of the matching webinars (their keys: a list or a subquery)."""
    from django.db.models import Count

    from learning.models import WebinarTopic

    rows = (
        WebinarTopic.objects.filter(content_object_id__in=matched)
        .values("tag__name", "tag__slug")
        .annotate(count=Count("id"))
        .order_by()
    )
    for row in rows:
        topics[(row["tag__slug"], row["tag__name"])] += row["count"]


def _group_names(counts: Counter) -> list[tuple[int, str, int]]:
    from cooperation.models import Group

    top = counts.most_common(15)
    names = dict(Group.objects.filter(pk__in=[pk for pk, _ in top]).values_list("pk", "name"))
    return [(pk, names.get(pk, "?"), count) for pk, count in top]


def suggestions(*, user, query: str, limit: int = SUGGESTION_LIMIT) -> list[dict]:
    """Titles (webinars, groups, documents, speakers) the person may see, for the header box."""
    query = query.strip()[:MAX_QUERY_LENGTH]
    if len(query) < 2 or not has_words(query):
        return []
    backend = get_search_backend()
    try:
        found = _suggested(backend, user, query, limit)
    except _engine_errors() as error:
        logger.warning("Search backend unavailable for suggestions: %s", error)
        return []
    suggested = []
    for source, obj in found[: limit * 2]:
        hit = source.present(obj, None)
        suggested.append({"title": hit.title, "url": hit.url, "type": hit.kind_label})
    return suggested


def _suggested(backend, user, query: str, limit: int) -> list[tuple[Source, object]]:
    """(source, object) of the titles starting as the query: on a search engine from one
    request, on the database a query per source."""
    if hasattr(backend, "multi_search"):
        from search import engine_search

        return engine_search.suggestions(backend, user=user, query=query, limit=limit)
    in_sql = getattr(backend, "filters_in_sql", False)
    found = []
    for source in SOURCES:
        if source.suggest:
            results = backend.autocomplete(query, source.search_queryset(user, in_sql=in_sql))
            found += [(source, obj) for obj in results[:limit]]
    return found


__all__ = ["BY_KIND", "Filters", "SearchUnavailable", "search", "suggestions"]
