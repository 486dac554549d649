"""PostgreSQL: the search table (`search.Item`), and the two statements a search runs on it.

modelsearch keeps one index entry per object, and a search through it is a query per source:
each joins its model to the entries (`object_id = id::text`) to apply the permission filter and
to count by group and year. With eleven sources that was some twenty statements and 65 ms of
Django building them, and for a common word each count joined tens of thousands of rows.

The table holds per object of a source what those statements needed from the model: its kind,
key, group, date and year, and the values of its `index.FilterField`s, beside a copy of the
entry's text vectors. A search is then:

- **one statement for every count and facet**: the rows of all sources matching the text and the
  person's filter of their source, grouped by (kind, group, year);
- **one statement for the page of hits**, ranked or newest first across all sources;
- then the found objects of the page, fetched by key.

The permission filter is still each source's queryset from its app's permission module
(`Source.search_queryset`): its WHERE clause is translated to the same conditions on the stored
filter values (`permission_sql`), as the Elasticsearch backend translates it into a filter on its
documents; a subquery in it (the person's groups) is run once per search and its values go into
the statements as an array. A condition on a field that is not a FilterField raises
`Untranslatable` (tested for every source and kind of person), rather than being dropped.

Rows are written by the index (search/backends/postgres.py) each time modelsearch writes entries,
and deleted with their entry (foreign key, ON DELETE CASCADE).
"""

from __future__ import annotations

import json
import time
from contextlib import nullcontext
from typing import TYPE_CHECKING

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.db.models.expressions import RawSQL
from django.db.models.lookups import Lookup
from django.db.models.sql import Query
from django.db.models.sql.where import NothingNode, WhereNode
from django.utils import timezone

from search.sources import SOURCES, Source

if TYPE_CHECKING:
    from search.selectors import Filters

TABLE = "search_item"
ENTRIES = "wagtailsearch_indexentry"
# Above this many matches only the items with the words in their title are ranked; the others
# follow newest first. Ranking means decompressing the text vector of every match (some 15 µs
# each for a document of five pages): 1.2 s for a word found in 80,000 items.
FULL_RANK_LIMIT = 1000
# A word in the title counts this many times one in the text.
TITLE_WEIGHT = 10
# How long a process keeps the order of the kinds by size (_kinds_by_size).
KIND_ORDER_SECONDS = 600


class Untranslatable(Exception):
    """A permission filter with a condition the search table cannot express."""


# --- Writing -------------------------------------------------------------------------------------


def sources_of(model) -> list[Source]:
    return [source for source in SOURCES if source.model() is model]


def filter_names(model) -> set[str]:
    """The columns of the model's FilterFields, whose values the table keeps."""
    from django.core.exceptions import FieldDoesNotExist
    from modelsearch import index

    names = set()
    for field in model.get_search_fields():
        if isinstance(field, index.FilterField):
            try:
                names.add(field.get_field(model).attname)
            except FieldDoesNotExist:  # a FilterField on a method: not a column to filter on
                continue
    return names


def write(model, objs) -> None:
    """(Re)writes the rows of these objects from their index entries, just written."""
    from modelsearch.utils import get_content_type_pk

    objs = list(objs)
    for source in sources_of(model):
        names = sorted(filter_names(model))
        keys, groups, dates, years, filters = [], [], [], [], []
        for obj in objs:
            date = getattr(obj, source.date_field) if source.date_field else None
            keys.append(obj.pk)
            groups.append(getattr(obj, source.group_field) if source.group_field else None)
            dates.append(date)
            years.append(timezone.localtime(date).year if date else None)
            values = {name: getattr(obj, name) for name in names}
            filters.append(json.dumps(values, cls=DjangoJSONEncoder))
        # One transaction: a search never sees the object missing between the two.
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                f"DELETE FROM {TABLE} WHERE object_id = ANY(%s) AND kind = %s",
                [keys, source.kind],
            )
            cursor.execute(
                f"""
                INSERT INTO {TABLE}
                    (entry_id, kind, object_id, group_id, date, year, filters, title, vector)
                SELECT entry.id, %s, item.object_id, item.group_id, item.date, item.year,
                       item.filters, entry.title, entry.title || entry.body
                FROM unnest(%s::integer[], %s::integer[], %s::timestamptz[], %s::smallint[],
                            %s::jsonb[]) AS item(object_id, group_id, date, year, filters)
                JOIN {ENTRIES} entry
                  ON entry.content_type_id = %s AND entry.object_id = item.object_id::text
                """,
                [source.kind, keys, groups, dates, years, filters, get_content_type_pk(model)],
            )


def refresh() -> int:
    """Writes the rows of every source's objects from their existing index entries (once after
    deploying the table, instead of a full `update_index`). Returns how many objects."""
    done = 0
    for source in SOURCES:
        model = source.model()
        objects = model._default_manager.order_by("pk")
        last = None
        while True:
            batch = list((objects.filter(pk__gt=last) if last is not None else objects)[:1000])
            if not batch:
                break
            write(model, batch)
            done += len(batch)
            last = batch[-1].pk
    return done


# --- The permission filter as conditions on the stored values -----------------------------------


CASTS = {
    "AutoField": "bigint",
    "BigAutoField": "bigint",
    "SmallAutoField": "bigint",
    "IntegerField": "bigint",
    "BigIntegerField": "bigint",
    "SmallIntegerField": "bigint",
    "PositiveIntegerField": "bigint",
    "PositiveBigIntegerField": "bigint",
    "PositiveSmallIntegerField": "bigint",
    "ForeignKey": "bigint",
    "OneToOneField": "bigint",
    "BooleanField": "boolean",
    "DateTimeField": "timestamptz",
    "DateField": "date",
}
OPERATORS = {"exact": "=", "gt": ">", "gte": ">=", "lt": "<", "lte": "<="}


def permission_sql(source: Source, user, *, subqueries: dict | None = None) -> tuple[str, list]:
    """The person's filter of one source as SQL on the table's rows of that source.

    A subquery in it (the person's groups) is run here and its values go into the SQL as an
    array: PostgreSQL tests a row against a literal array through a hash, but ran the same
    subquery once per source and statement (three times for the groups alone). `subqueries`
    keeps the values of those already run during one search."""
    translation = _Translation(source, subqueries if subqueries is not None else {})
    return translation.node(source.search_queryset(user, in_sql=True).query.where)


class _Translation:
    def __init__(self, source: Source, subqueries: dict):
        self.model = model = source.model()
        self.parents = (model, *model._meta.get_parent_list())
        self.names = filter_names(model)
        self.group = source.group_field
        self.subqueries = subqueries

    def node(self, node) -> tuple[str, list]:
        if isinstance(node, NothingNode):
            return "FALSE", []
        if isinstance(node, WhereNode):
            parts, params = [], []
            for child in node.children:
                sql, child_params = self.node(child)
                parts.append(f"({sql})")
                params += child_params
            sql = f" {node.connector} ".join(parts) if parts else "TRUE"
            return (f"NOT ({sql})", params) if node.negated else (sql, params)
        if isinstance(node, Lookup):
            return self.lookup(node)
        raise Untranslatable(f"{self.model.__name__}: {type(node).__name__} in the filter")

    def column(self, lookup: Lookup) -> tuple[str, str]:
        """The SQL of the looked-up value in a row, and its type."""
        target = getattr(lookup.lhs, "target", None)
        if target is None or target.model not in self.parents:
            raise Untranslatable(f"{self.model.__name__}: {lookup.lhs!r} is not its own field")
        if target.primary_key:
            return "object_id", "integer"  # the key (on a page type: the link to its page)
        if target.attname == self.group:
            return "group_id", "integer"  # a column of its own: faster than the stored value
        if target.attname not in self.names:
            raise Untranslatable(f"{self.model.__name__}: {target.attname} is not a FilterField")
        cast = CASTS.get(target.get_internal_type(), "text")
        return f"(filters ->> '{target.attname}')::{cast}", cast

    def lookup(self, lookup: Lookup) -> tuple[str, list]:
        value, cast = self.column(lookup)
        name, rhs = lookup.lookup_name, lookup.rhs
        if isinstance(rhs, Query):  # the person's groups, the webinars they may watch, ...
            if name not in ("in", "exact"):
                raise Untranslatable(f"{self.model.__name__}: {name} with a subquery")
            name, rhs = "in", self.values(rhs)
        if name == "isnull":
            return f"{value} IS {'' if rhs else 'NOT '}NULL", []
        if name == "in":
            values = [item for item in rhs if item is not None]
            if not values:
                return "FALSE", []
            if cast in ("integer", "bigint"):
                # One literal of the column's own type: PostgreSQL tests a row against it through
                # a hash. A list parameter arrives typed by its values (int2[]::bigint[]), and
                # against another type (integer = bigint) it searched the array row by row: 25
                # times slower for the person's 1,700 groups.
                values = _integer_array(values)
            return f"{value} = ANY(%s::{cast}[])", [values]
        if name == "exact" and rhs is None:
            return f"{value} IS NULL", []
        if name in OPERATORS:
            return f"{value} {OPERATORS[name]} %s::{cast}", [rhs]
        raise Untranslatable(f"{self.model.__name__}: the lookup {name}")

    def values(self, query: Query) -> list:
        query = query.clone()
        query.clear_ordering(force=True)
        if not query.has_select_fields:
            query.clear_select_clause()
            query.add_fields(["pk"])
        sql, params = query.get_compiler(connection=connection).as_sql()
        key = (sql, tuple(params))
        if key not in self.subqueries:
            self.subqueries[key] = [row[0] for row in _fetch(sql, list(params))]
        return self.subqueries[key]


# --- Searching -----------------------------------------------------------------------------------


def narrowing_sql(filters: Filters, source: Source) -> tuple[str, list]:
    """What the person narrowed the results to (group, year, topic; the type is chosen by which
    sources are searched), as conditions on the rows of one source."""
    parts, params = [], []
    if filters.group is not None and source.group_field:
        parts.append("group_id = %s")
        params.append(filters.group)
    if filters.year is not None and source.date_field:
        parts.append("year = %s")
        params.append(filters.year)
    if filters.topic and source.kind == "webinar":
        from learning.models import WebinarTopic

        tagged = WebinarTopic.objects.filter(tag__slug=filters.topic).values("content_object_id")
        sql, topic_params = tagged.query.get_compiler(connection=connection).as_sql()
        parts.append(f"object_id IN ({sql})")
        params += topic_params
    return " AND ".join(parts) or "TRUE", params


class TableSearch:
    """One search of one person: the text query and every source's permission filter, made
    once and used by each statement."""

    def __init__(self, *, user, query: str, sources: list[Source]):
        self.sources = sources
        self.match, self.match_params = _tsquery(query)
        subqueries: dict = {}
        self.permissions = {
            source.kind: permission_sql(source, user, subqueries=subqueries) for source in sources
        }

    def _where(self, sources, narrowing: Filters, *, title_match=None) -> tuple[str, list]:
        """The text match, and per source its kind, the person's filter and the narrowing.

        A CASE on the kind, not the sources' conditions ORed together: PostgreSQL tests an OR
        of eleven `kind = …` alternatives one by one for each matching row, and for a common
        word the statements took a third longer that way (47 ms against 34 at 100,000 items).
        The kinds with the most rows come first: the CASE compares a row's kind with each branch
        in turn (documents, 84% of the items, were the fifth: 31 → 28 ms)."""
        branches, params = [], []
        place = _kinds_by_size()
        for source in sorted(sources, key=lambda source: place.get(source.kind, len(place))):
            permission, permission_params = self.permissions[source.kind]
            narrowed, narrowed_params = narrowing_sql(narrowing, source)
            branches.append(f"WHEN %s THEN ({permission}) AND {narrowed}")
            params += [source.kind, *permission_params, *narrowed_params]
        if not branches:
            return "FALSE", []  # nothing to search (no source applies to the narrowing)
        # The title is part of the vector: a title match needs no test of the whole text.
        match = "title" if title_match else "vector"
        sql = f"{match} @@ {self.match} AND CASE kind {' '.join(branches)} ELSE FALSE END"
        params = [*self.match_params, *params]
        if title_match is False:
            sql += f" AND NOT (title @@ {self.match})"
            params += self.match_params
        return sql, params

    def counts(self, narrowing: Filters) -> list[tuple[str, int | None, int | None, int, list]]:
        """(kind, group, year, count, webinars) of the person's matches of every source, narrowed
        only by topic: the type, group and year facets and every total are sums over these rows.
        `webinars` are the keys of a row's matching webinars (empty for other kinds), for the
        topic facet: a second pass over the matches for them took 49 ms for a common word."""
        if self.match is None:
            return []
        where, params = self._where(self.sources, narrowing)
        return _fetch(
            "SELECT kind, group_id, year, count(*),"
            " coalesce(array_agg(object_id) FILTER (WHERE kind = 'webinar'), '{}')"
            f" FROM {TABLE} WHERE {where} GROUP BY 1, 2, 3",
            params,
            one_process=True,
            # The planner expects a few thousand matches where a common word has tens of
            # thousands, and sorted them to group them: 5 ms of 47 at 100,000 items.
            group_by_hash=True,
        )

    def page(
        self, sources, narrowing: Filters, *, start: int, stop: int, by_date: bool, total: int
    ) -> list[tuple[str, int, float]]:
        """(kind, key, score) of the hits start..stop, best first or newest first."""
        if self.match is None or not sources:
            return []
        newest = "date DESC NULLS LAST, id DESC"
        nothing = ("0", [])
        if by_date:
            return self._rows(sources, narrowing, nothing, newest, start, stop)
        match, match_params = self.match, self.match_params
        title_rank = (f"ts_rank(title, {match})", match_params)
        if total <= FULL_RANK_LIMIT:
            score = (
                f"{TITLE_WEIGHT} * ts_rank(title, {match}) + ts_rank(vector, {match})",
                match_params * 2,
            )
            return self._rows(sources, narrowing, score, "score DESC, id DESC", start, stop)
        # A very common word: the title matches ranked, then the others newest first.
        found = self._rows(
            sources, narrowing, title_rank, f"score DESC, {newest}", 0, stop, title_match=True
        )
        if len(found) < stop:
            found += self._rows(
                sources, narrowing, nothing, newest, 0, stop - len(found), title_match=False
            )
        return found[start:stop]

    def _rows(self, sources, narrowing, score, order, start, stop, *, title_match=None):
        score_sql, score_params = score
        where, params = self._where(sources, narrowing, title_match=title_match)
        return _fetch(
            f"SELECT kind, object_id, {score_sql} AS score FROM {TABLE} WHERE {where}"
            f" ORDER BY {order} LIMIT %s OFFSET %s",
            [*score_params, *params, stop - start, start],
            one_process=True,
        )


def key_set(keys: list[int]) -> RawSQL:
    """Keys for `field__in=`: one array literal, where a list of thousands of keys made Django
    prepare a parameter for each (18 ms of a common word's search for its webinars' topics)."""
    return RawSQL("SELECT unnest(%s::integer[])", [_integer_array(keys)])


def _integer_array(values) -> str:
    return "{" + ",".join(map(str, map(int, values))) + "}"


def _tsquery(query: str) -> tuple[str | None, list]:
    """The text query as modelsearch's PostgreSQL backend builds it (Dutch configuration, words
    ANDed, a quoted phrase as a phrase), compiled to SQL."""
    from modelsearch.backends import get_search_backend

    from search.models import RecordingText

    backend = get_search_backend()
    compiler = backend.query_compiler_class(RecordingText.objects.none(), query)
    expression = compiler.build_tsquery(compiler.query, config=compiler.get_config(backend))
    if expression is None:
        return None, []
    holder = Query(RecordingText)
    sql, params = expression.resolve_expression(holder).as_sql(
        holder.get_compiler(connection=connection), connection
    )
    return sql, list(params)


def _fetch(
    sql: str, params: list, *, one_process: bool = False, group_by_hash: bool = False
) -> list[tuple]:
    """With `one_process`, PostgreSQL starts no parallel workers for the statement: searches run
    side by side, and the workers of one took the CPU of the others (10 clients on 2 cores:
    staff p95 2.5 s with them). Nor does it compile the statement (JIT): a common word's count
    is estimated above `jit_above_cost`, and compiling took 15–17 ms of its 100. With
    `group_by_hash`, it groups rows by hashing rather than sorting them, in memory: with the
    default 4 MB it planned the groups of a common word to spill to disk in 16 parts (35 ms
    against 31; the groups take under 1 MB)."""
    settings = []
    if one_process:
        settings += ["max_parallel_workers_per_gather = 0", "jit = off"]
    if group_by_hash:
        settings += ["enable_sort = off", "work_mem = '16MB'"]
    with transaction.atomic() if settings else nullcontext(), connection.cursor() as cursor:
        if settings:
            cursor.execute("; ".join(f"SET LOCAL {setting}" for setting in settings))
        cursor.execute(sql, params)
        return cursor.fetchall()


_kind_order: tuple[float, dict[str, int]] = (float("-inf"), {})


def _kinds_by_size() -> dict[str, int]:
    """Each kind's place from the most rows to the fewest (0 first), as the planner's statistics
    (kept by ANALYZE) have them, looked up every KIND_ORDER_SECONDS. It only orders the CASE: a
    stale or missing order makes a search slower, never different."""
    global _kind_order
    looked_up, order = _kind_order
    if time.monotonic() - looked_up > KIND_ORDER_SECONDS:
        rows = _fetch(
            "SELECT most_common_vals::text::text[] FROM pg_stats"
            " WHERE schemaname = current_schema() AND tablename = %s AND attname = 'kind'",
            [TABLE],
        )
        kinds = rows[0][0] if rows and rows[0][0] else []
        order = {kind: place for place, kind in enumerate(kinds)}  # most common first
        _kind_order = (time.monotonic(), order)
    return order


__all__ = ["FULL_RANK_LIMIT", "TableSearch", "Untranslatable", "key_set", "refresh", "write"]
