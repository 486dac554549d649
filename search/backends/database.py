"""What the PostgreSQL and SQLite backends share: query shapes that stay fast on a large index.

modelsearch's database backends find the matching objects by joining every row of the model to its
index entry (`object_id = id::text`) and testing the text match on each joined row, and they
order by a score computed per row (on SQLite in a correlated subquery that runs the full-text
query again for every row: 145 s for one search at 20,000 items). Here:

- **Matching** is a semi-join driven by the full-text index: `id IN (SELECT object_id::integer
  FROM index entries WHERE <match>)`, so the database starts from the index and looks the
  matching objects up by primary key (`matching_pks`).
- **Counts and facets** of a source are one `GROUP BY` (group, year) over the matches, without a
  score (`grouped_counts`).
- **Ranking** scores the matches once (`ranked`). On PostgreSQL a word found in more than
  `FULL_RANK_LIMIT` objects of one type is ranked in two tiers: the objects with the word in their
  title, fully ranked (they come first in the full ranking anyway: a title weighs 100 times the
  text), then the other matches newest first. Scoring a very common word means decompressing
  every matching text (some 15 µs each): 1.4 s at 95,000 documents.

Everything else (other query types, searches limited to some fields, non-integer keys) keeps
modelsearch's own path.
"""

from __future__ import annotations

from django.db.models import Count, IntegerField, QuerySet
from django.db.models.functions import Cast, ExtractYear
from modelsearch.conf import get_app_config
from modelsearch.query import Phrase, PlainText
from modelsearch.utils import get_descendants_content_types_pks

IndexEntry = get_app_config().get_model("IndexEntry", require_ready=False)

INTEGER_KEYS = {"AutoField", "BigAutoField", "IntegerField", "BigIntegerField", "SmallAutoField"}


class FastQueryCompilerMixin:
    """For a query compiler: `fast` says whether the shapes above apply. The backend module
    provides `match_entries` (index entries filtered by the text match) and `ranked` (the
    matches with their score, best first); with a FULL_RANK_LIMIT also `rank_expression` (the
    score of one object, given `OuterRef("pk")`) and `filter_matching_row_by_row`."""

    FULL_RANK_LIMIT: int | None = None
    match_count: int | None = None

    @property
    def fast(self) -> bool:
        pk = self.queryset.model._meta.pk
        key = pk.target_field if pk.is_relation else pk
        return (
            self.fields is None
            and isinstance(self.query, (PlainText, Phrase))
            and key.get_internal_type() in INTEGER_KEYS
        )

    def index_entries(self) -> QuerySet:
        return IndexEntry._default_manager.filter(
            content_type_id__in=get_descendants_content_types_pks(self.queryset.model)
        )

    def matching_pks(self, config, *, title_only: bool = False) -> QuerySet:
        """The keys of the objects (of any visibility) whose index entry matches."""
        entries = self.match_entries(self.index_entries(), config, title_only=title_only)
        return entries.values(_pk=Cast("object_id", IntegerField()))

    def matching(self, config, *, title_only: bool = False) -> QuerySet:
        """The person's queryset (its permission filter and narrowing) cut to the matches."""
        return self.queryset.filter(pk__in=self.matching_pks(config, title_only=title_only))

    def search(self, config, start, stop, score_field=None, **kwargs):
        """modelsearch's entry point; used here for results not ordered by relevance (sorting by
        date). Ranked results come from FastResultsMixin._do_search."""
        if not self.fast or self.order_by_relevance or score_field is not None:
            return super().search(config, start, stop, score_field=score_field, **kwargs)
        queryset = self.matching(config)
        if not queryset.query.order_by:
            queryset = queryset.order_by("-pk")
        return queryset[start:stop]


class VocabularyIndexMixin:
    """For an index class: the words of what is indexed go into the vocabulary that typo
    corrections are looked up in (search/vocabulary.py)."""

    def add_items(self, model, objs):
        from search import vocabulary

        objs = list(objs)
        super().add_items(model, objs)
        vocabulary.add_objects(objs)

    def reset(self):
        from search import vocabulary

        super().reset()
        vocabulary.clear()


class FastResultsMixin:
    """For a results class: counts without scores, facets in one query, and the two-tier
    ranking for very common words."""

    def _config(self):
        return self.query_compiler.get_config(self.backend)

    def _do_count(self):
        compiler = self.query_compiler
        if not compiler.fast:
            return super()._do_count()
        return compiler.matching(self._config())[self.start : self.stop].count()

    def facet(self, field_name):
        compiler = self.query_compiler
        if not compiler.fast:
            return super().facet(field_name)
        if compiler._get_filterable_field(field_name) is None:
            return super().facet(field_name)  # raises modelsearch's FilterFieldError
        rows = (
            compiler.matching(self._config())
            .values(field_name)
            .annotate(count=Count("pk"))
            .order_by("-count")
        )
        return {row[field_name]: row["count"] for row in rows}

    supports_grouped_counts = True

    def grouped_counts(self, *, group_field: str | None, date_field: str | None) -> list:
        """Rows of (group, year, count) of all matches, in one query: the total, the group facet
        and the year facet of a source at once. Years are in the current time zone, as the
        `__year` filter that narrows to one."""
        compiler = self.query_compiler
        if compiler.fast:
            queryset = compiler.matching(self._config())
        else:
            queryset = compiler.search(self._config(), None, None).order_by()
        if not (group_field or date_field):
            return [(None, None, queryset.count())]
        names = []
        if group_field:
            names.append(group_field)
        if date_field:
            queryset = queryset.annotate(_year=ExtractYear(date_field))
            names.append("_year")
        rows = queryset.order_by().values(*names).annotate(_count=Count("pk")).order_by()
        return [
            (
                row.get(group_field) if group_field else None,
                row.get("_year") if date_field else None,
                row["_count"],
            )
            for row in rows
        ]

    def set_match_count(self, count: int) -> None:
        """The caller already counted the matches (grouped_counts): ranking needs no count of
        its own to choose between full and two-tier ranking."""
        self.query_compiler.match_count = count

    def matching_queryset(self) -> QuerySet:
        """All matches as a queryset, unordered (e.g. for the webinars' topic counts)."""
        return self.query_compiler.matching(self._config()).order_by()

    def _do_search(self):
        compiler = self.query_compiler
        if not (compiler.fast and compiler.order_by_relevance):
            return super()._do_search()
        config = self._config()
        score = self._score_field or "_search_score"
        start, stop = self.start, self.stop
        limit = compiler.FULL_RANK_LIMIT
        if limit is not None:
            count = getattr(compiler, "match_count", None)
            if count is None:
                count = compiler.matching(config).values("pk")[: limit + 1].count()
        if limit is None or count <= limit:
            return list(compiler.ranked(config, score)[start:stop])
        # A very common word: the title matches, fully ranked, then the others newest first.
        found = list(compiler.ranked(config, score, title_only=True)[:stop])
        if stop is None or len(found) < stop:
            others = compiler.queryset.exclude(
                pk__in=compiler.matching_pks(config, title_only=True)
            )
            others = compiler.filter_matching_row_by_row(others, config)
            others = others.annotate(**{score: compiler.rank_expression(config)}).order_by("-pk")
            found += list(others[: None if stop is None else stop - len(found)])
        return found[start:stop]
