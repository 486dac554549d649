"""PostgreSQL: modelsearch's backend, with the query shapes of search/backends/database.py.

The text match is `(title || body) @@ query`, the same expression as modelsearch's, answered by
the GIN index on it that search/migrations/0002 creates (modelsearch indexes title and body
separately, which this expression cannot use).
"""

from django.db.models import CharField, F, FloatField, OuterRef, Subquery
from django.db.models.functions import Cast
from modelsearch.backends.database.postgres import postgres

from search.backends.database import (
    FastQueryCompilerMixin,
    FastResultsMixin,
    VocabularyIndexMixin,
)


class _PostgresFast(FastQueryCompilerMixin):
    # Above this many matches of one type only the title matches are ranked (database.py).
    FULL_RANK_LIMIT = 1000
    VECTOR = ("title", "body")
    TITLE_VECTOR = ("title",)
    RANK_VECTORS = (("title", "title_norm"), ("body", None))

    def match_entries(self, entries, config, *, title_only=False):
        names = self.TITLE_VECTOR if title_only else self.VECTOR
        vector = F(names[0])
        for name in names[1:]:
            vector = vector._combine(F(name), "||", False)
        query = self.build_tsquery(self.query, config=config)
        return entries.annotate(_vector_=vector).filter(_vector_=query)

    def _entry_of_row(self):
        return self.index_entries().filter(object_id=Cast(OuterRef("pk"), CharField()))

    def rank_expression(self, config):
        vectors = [(F(name), F(norm) if norm else 1.0) for name, norm in self.RANK_VECTORS]
        expression = self._build_rank_expression(vectors, config)
        entry = self._entry_of_row().annotate(_rank=expression).values("_rank")[:1]
        return Subquery(entry, output_field=FloatField())

    def ranked(self, config, score, *, title_only=False):
        return (
            self.matching(config, title_only=title_only)
            .annotate(**{score: self.rank_expression(config)})
            .order_by(f"-{score}", "-pk")
        )

    def filter_matching_row_by_row(self, queryset, config):
        # A scalar subquery with LIMIT 1 is evaluated row by row as the outer scan goes (newest
        # first, stopping at the page's end); PostgreSQL would turn an EXISTS into a semi-join
        # over all matches, which is what this tier avoids.
        entry = self.match_entries(self._entry_of_row(), config).values("pk")[:1]
        return queryset.annotate(_match=Subquery(entry)).filter(_match__isnull=False)


class PostgresSearchQueryCompiler(_PostgresFast, postgres.PostgresSearchQueryCompiler):
    pass


class PostgresAutocompleteQueryCompiler(_PostgresFast, postgres.PostgresAutocompleteQueryCompiler):
    VECTOR = TITLE_VECTOR = ("autocomplete",)
    RANK_VECTORS = (("autocomplete", None),)


class PostgresSearchResults(FastResultsMixin, postgres.PostgresSearchResults):
    pass


class PostgresIndex(VocabularyIndexMixin, postgres.PostgresIndex):
    def add_items(self, model, objs):
        from search import table

        objs = list(objs)
        super().add_items(model, objs)
        table.write(model, objs)  # the search table's rows, from the entries just written


class PostgresSearchBackend(postgres.PostgresSearchBackend):
    # The permission querysets' subqueries can stay in the SQL (search/sources.py).
    filters_in_sql = True
    index_class = PostgresIndex
    query_compiler_class = PostgresSearchQueryCompiler
    autocomplete_query_compiler_class = PostgresAutocompleteQueryCompiler
    results_class = PostgresSearchResults

    def __init__(self, params):
        # The results page searches the search table (search/table.py), not the entries per
        # source; SEARCH_TABLE=False searches the entries (the search benchmark compares both).
        self.search_table = params.get("SEARCH_TABLE", True)
        super().__init__(params)


SearchBackend = PostgresSearchBackend
