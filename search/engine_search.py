"""The unified search on a search engine (SEARCH_URL): one multi-search request per search.

The database path asks each source for a count, its facets and its page of hits: some forty
requests of a search when it ran on an engine, one after the other. Here every source the person
may look in becomes one search of the same request (`_msearch`):

- its query: the words, with the person's permission filter of the source (`Source.
  search_queryset`, compiled by modelsearch) and the topic inside it;
- the group and year narrowing as a *post-filter*: the total and the hits are narrowed, while the
  aggregations beside it count each facet without its own narrowing (the groups under the year's
  narrowing, the years under the group's), so a facet's other values stay visible;
- its best `page_end` hits (key and score, or date), merged with the other sources' by score or
  date; only the page's objects are then read from the database.

A page further than `page_end` asks again, for the hits only.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from modelsearch import index

from search.sources import SOURCES, Source

# Per source and facet: more values than the facet lists (15), so that sums over the sources
# rank the right ones.
FACET_BUCKETS = 50


@dataclass
class _Part:
    """One source's search within the request, and what its answer said."""

    source: Source
    shown: bool  # its hits are listed (no type chosen, or this one)
    index: str
    body: dict
    total: int = 0
    rows: list | None = None  # (score, date or None, key) of its best hits


def search(backend, *, user, query, filters, sort, request, page_end):
    """Returns (results, facets) as selectors.search does, from one request to the engine."""
    from search.selectors import Facets, _group_names

    narrowing = filters.narrowing()
    parts = []
    memo = {}  # the permission subqueries' values, shared by the sources
    for source in SOURCES:
        if not narrowing.applies_to(source):
            continue
        shown = not filters.kind or source.kind == filters.kind
        part = _part(backend, source, user, query, filters, shown=shown, sort=sort, memo=memo)
        if part is not None:
            _ask_for(part, page_end if shown else 0, facets=shown)
            parts.append(part)
    answers = backend.multi_search([(part.index, part.body) for part in parts])
    groups, years, topics = Counter(), Counter(), Counter()
    for part, answer in zip(parts, answers, strict=True):
        _read(part, answer)
        aggregations = answer.get("aggregations", {})
        for key, count in _buckets(aggregations, "groups"):
            groups[int(key)] += count
        for key, count in _buckets(aggregations, "years"):
            years[int(key)] += count
        for key, count in _buckets(aggregations, "topics"):
            topics[key] += count
    facets = Facets(
        kinds=[(p.source.kind, str(p.source.label), p.total) for p in parts if p.total],
        groups=_group_names(groups),
        years=sorted(years.items(), reverse=True),
        topics=_topic_names(topics),
    )
    shown = [part for part in parts if part.shown]
    return EngineResults(backend, shown, sort, request, query, fetched=page_end), facets


class EngineResults:
    """The shown sources' hits as one sequence for Django's Paginator (see MergedResults)."""

    def __init__(self, backend, parts, sort, request, query, *, fetched):
        self.backend = backend
        self.parts = parts
        self.sort = sort
        self.request = request
        self.query = query
        self.fetched = fetched  # how many of each source's best hits `parts` hold
        self.corrected_from: str | None = None

    def count(self) -> int:
        return sum(part.total for part in self.parts)

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index):
        from search.selectors import rank

        if not isinstance(index, slice):
            return self[index : index + 1][0]
        start, stop = index.start or 0, index.stop or self.count()
        if stop > self.fetched:
            self._fetch(stop)
        found = [
            (score, date, part.source, key)
            for part in self.parts
            for score, date, key in part.rows or ()
        ]
        winners = rank(found, self.sort)[start:stop]
        objects = _objects(winners)
        hits = []
        for score, _date, source, key in winners:
            obj = objects.get((source.kind, key))
            if obj is None:  # deleted since it was indexed
                continue
            hit = source.present(obj, self.request, self.query)
            hit.score = score
            hits.append(hit)
        return hits

    def _fetch(self, stop: int) -> None:
        """The best `stop` hits of each shown source (a page beyond the first request's)."""
        asking = [part for part in self.parts if part.total]
        for part in asking:
            _ask_for(part, stop, facets=False)
        answers = self.backend.multi_search([(part.index, part.body) for part in asking])
        for part, answer in zip(asking, answers, strict=True):
            _read(part, answer)
        self.fetched = stop


def suggestions(backend, *, user, query, limit):
    """Titles the person may see whose words start as the query's: one request for all sources
    that suggest."""
    requests, sources, memo = [], [], {}
    for source in SOURCES:
        if not source.suggest:
            continue
        results = backend.autocomplete(query, source.search_queryset(user, memo=memo))
        compiler = getattr(results, "query_compiler", None)
        if compiler is None:  # nothing to look for in this source
            continue
        body = {**results._get_es_body(), "size": limit, "_source": False, "stored_fields": ["pk"]}
        requests.append((backend.get_index_for_model(compiler.queryset.model).name, body))
        sources.append(source)
    if not requests:
        return []
    found = []
    for source, answer in zip(sources, backend.multi_search(requests), strict=True):
        keys = [_key(source, hit) for hit in answer["hits"]["hits"]]
        objects = source.model()._default_manager.in_bulk(keys)
        found += [(source, objects[key]) for key in keys if key in objects]
    return found


# --- One source's search ----------------------------------------------------------------------


def _part(backend, source, user, query, filters, *, shown, sort, memo) -> _Part | None:
    """The source's search: the words within the person's permission filter (and the topic), the
    group and year narrowing as post-filter, the facets as aggregations."""
    queryset = source.search_queryset(user, memo=memo)
    by_date = sort == "date" and source.date_field
    if by_date:
        queryset = queryset.order_by(f"-{source.date_field}")
    results = backend.search(query, queryset, order_by_relevance=not by_date)
    compiler = getattr(results, "query_compiler", None)
    if compiler is None:  # nothing to look for in this source
        return None
    model = compiler.queryset.model
    mapping = compiler.mapping
    body = results._get_es_body()
    if filters.topic and source.kind == "webinar":
        topic = {"term": {_column(mapping, model, "topic_slugs"): filters.topic}}
        body["query"] = {"bool": {"must": body["query"], "filter": [topic]}}
    group_filter = year_filter = None
    if filters.group is not None and source.group_field:
        group_filter = {"term": {_column(mapping, model, source.group_field): filters.group}}
    if filters.year is not None and source.date_field:
        year_filter = _year_range(_column(mapping, model, source.date_field), filters.year)
    narrowing = [f for f in (group_filter, year_filter) if f]
    if narrowing:
        body["post_filter"] = {"bool": {"filter": narrowing}}
    body.update(track_total_hits=True, _source=False, stored_fields=["pk"])
    aggregations = _aggregations(mapping, model, source, group_filter, year_filter)
    if shown and aggregations:
        body["aggregations"] = aggregations
    return _Part(source, shown, backend.get_index_for_model(model).name, body)


def _ask_for(part: _Part, size: int, *, facets: bool) -> None:
    part.body["size"] = size
    if not facets:
        part.body.pop("aggregations", None)


def _aggregations(mapping, model, source, group_filter, year_filter) -> dict:
    """Each facet counted under the other facets' narrowing (not its own); topics under both."""
    match_all = {"match_all": {}}
    aggregations = {}
    if source.group_field:
        aggregations["groups"] = {
            "filter": year_filter or match_all,
            "aggregations": {
                "values": {
                    "terms": {
                        "field": _column(mapping, model, source.group_field),
                        "size": FACET_BUCKETS,
                    }
                }
            },
        }
    if source.date_field:
        aggregations["years"] = {
            "filter": group_filter or match_all,
            "aggregations": {
                "values": {
                    "date_histogram": {
                        "field": _column(mapping, model, source.date_field),
                        "calendar_interval": "year",
                        "time_zone": settings.TIME_ZONE,
                        "format": "yyyy",
                        "min_doc_count": 1,
                    }
                }
            },
        }
    if source.kind == "webinar":
        both = [f for f in (group_filter, year_filter) if f]
        aggregations["topics"] = {
            "filter": {"bool": {"filter": both}} if both else match_all,
            "aggregations": {
                "values": {
                    "terms": {
                        "field": _column(mapping, model, "topic_slugs"),
                        "size": FACET_BUCKETS,
                    }
                }
            },
        }
    return aggregations


def _year_range(column: str, year: int) -> dict:
    """The calendar year in the site's time zone (as the years facet counts them)."""
    zone = ZoneInfo(settings.TIME_ZONE)
    start, end = datetime(year, 1, 1, tzinfo=zone), datetime(year + 1, 1, 1, tzinfo=zone)
    return {"range": {column: {"gte": start.isoformat(), "lt": end.isoformat()}}}


def _column(mapping, model, name: str) -> str:
    """The engine's field of the model's FilterField `name`."""
    for field in model.get_filterable_search_fields():
        if isinstance(field, index.FilterField) and name in (
            field.field_name,
            field.get_attname(model),
        ):
            return mapping.get_field_column_name(field)
    raise LookupError(f"{model.__name__} has no FilterField {name!r}")


def _read(part: _Part, answer: dict) -> None:
    hits = answer["hits"]
    part.total = hits["total"]["value"]
    by_date = "sort" in part.body
    part.rows = [
        (
            float(hit.get("_score") or 0),
            _moment(hit["sort"][0]) if by_date and hit.get("sort") else None,
            _key(part.source, hit),
        )
        for hit in hits["hits"]
    ]


def _key(source: Source, hit: dict):
    return source.model()._meta.pk.to_python(hit["fields"]["pk"][0])


def _moment(millis) -> datetime | None:
    if not isinstance(millis, int | float):
        return None
    return datetime.fromtimestamp(millis / 1000, tz=ZoneInfo("UTC"))


def _buckets(aggregations: dict, name: str):
    if name not in aggregations:
        return []
    return [
        (bucket.get("key_as_string", bucket["key"]), bucket["doc_count"])
        for bucket in aggregations[name]["values"]["buckets"]
    ]


def _objects(winners) -> dict:
    """The page's found objects by (kind, key), one query per kind."""
    keys: dict[str, list] = {}
    sources = {}
    for _score, _date, source, key in winners:
        keys.setdefault(source.kind, []).append(key)
        sources[source.kind] = source
    found = {}
    for kind, kind_keys in keys.items():
        source = sources[kind]
        objects = source.model()._default_manager.select_related(*source.select_related)
        for key, obj in objects.in_bulk(kind_keys).items():
            found[(kind, key)] = obj
    return found


def _topic_names(counts: Counter) -> list[tuple[str, str, int]]:
    from taggit.models import Tag

    top = counts.most_common(15)
    names = dict(Tag.objects.filter(slug__in=[slug for slug, _ in top]).values_list("slug", "name"))
    return [(slug, names.get(slug, slug), count) for slug, count in top]
