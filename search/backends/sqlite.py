"""SQLite (FTS5): modelsearch's backend with Dutch word forms and the query shapes of
search/backends/database.py.

FTS5 has no Dutch stemmer (its `porter` tokenizer is English only), so each query word is matched
by the prefix of its Dutch stem (search/dutch.py): "bibliotheken" -> `biblioth*`. Its default
tokenizer (unicode61) folds accents: "cooperatie" finds "coöperatie". Dutch stop words are left
out of the query, as PostgreSQL's `dutch` configuration does: "de bibliotheek" looks for
"bibliotheek" (a prefix query for `de*` would otherwise match almost every entry).

Scores: FTS5's bm25() is lower for better matches; the score given to results is its negation, so
that on every backend a higher score is a better match (the results page ranks the sources' hits
together by score).
"""

import re

from django.db import connections
from modelsearch.backends.database.sqlite import sqlite
from modelsearch.backends.database.sqlite.query import (
    Lexeme,
    MatchExpression,
    SearchQueryExpression,
    normalize,
)
from modelsearch.query import PlainText
from modelsearch.utils import get_descendants_content_types_pks

from search import dutch
from search.backends.database import (
    FastQueryCompilerMixin,
    FastResultsMixin,
    IndexEntry,
    VocabularyIndexMixin,
)

SQLiteFTSIndexEntry = sqlite.SQLiteFTSIndexEntry


def words(text: str) -> list[str]:
    return re.findall(r"\w+", text)


class _SQLiteFast(FastQueryCompilerMixin):
    TITLE_COLUMNS = ["title"]
    # modelsearch's score of a plain text or phrase query (bm25 weighted by the title norm plus
    # bm25, see _build_rank_expression over get_index_vectors), with one change: a word in the
    # title counts ten times one in the text (bm25's column weights, in the FTS table's column
    # order autocomplete, body, title). modelsearch weighs all columns alike, so a short text
    # mentioning the word outranked a title about it; PostgreSQL weighs titles 100 times.
    RANK_SQL = 'bm25("{fts}", 1, 1, 10) * "{entries}"."title_norm" + bm25("{fts}", 1, 1, 10)'

    def build_search_query_content(self, query, config=None):
        if not isinstance(query, PlainText):
            return super().build_search_query_content(query, config)
        terms = [dutch.prefix(word) for word in dutch.without_stop_words(words(query.query_string))]
        if not terms:
            return None
        lexemes = Lexeme(terms[0], prefix=True)
        for term in terms[1:]:
            if query.operator.upper() == "AND":
                lexemes &= Lexeme(term, prefix=True)
            else:
                lexemes |= Lexeme(term, prefix=True)
        return SearchQueryExpression(lexemes, config=config)

    def _match(self, config, *, title_only=False):
        query = self.build_search_query(normalize(self.query), config=config)
        columns = self.TITLE_COLUMNS if title_only else self.FTS_TABLE_FIELDS
        return SQLiteFTSIndexEntry.objects.filter(MatchExpression(columns, query))

    @property
    def fast(self) -> bool:
        # A query of stop words only has no terms: modelsearch's own path handles the empty query.
        return super().fast and self.build_search_query(normalize(self.query)) is not None

    def match_entries(self, entries, config, *, title_only=False):
        return entries.filter(id__in=self._match(config, title_only=title_only).values("pk"))

    def ranked(self, config, score, *, title_only=False):
        """The matches with their score, best first, in one statement that FTS5 drives: the match
        is evaluated once, each hit joined to its index entry and object by key. (modelsearch
        computes the score in a subquery that runs the full-text query again for every row.)"""
        model = self.queryset.model
        fts, entries = SQLiteFTSIndexEntry._meta.db_table, IndexEntry._meta.db_table
        match = self._match(config, title_only=title_only)
        match_sql, match_params = match.query.where.as_sql(
            match.query.get_compiler(self.queryset.db), connections[self.queryset.db]
        )
        content_types = ", ".join(str(int(pk)) for pk in get_descendants_content_types_pks(model))
        # extra(): the only way to join tables in the ORM without a relation. Everything put into
        # the SQL is a table or column name from the models' metadata or an integer; the query
        # text is a parameter.
        return self.queryset.extra(  # noqa: S610
            select={score: f"-({self.RANK_SQL.format(fts=fts, entries=entries)})"},
            tables=[entries, fts],
            where=[
                match_sql,
                f'"{fts}"."rowid" = "{entries}"."id"',
                f'"{entries}"."content_type_id" IN ({content_types})',
                f'"{model._meta.db_table}"."{model._meta.pk.column}" = "{entries}"."object_id"',
            ],
            params=match_params,
        ).order_by(f"-{score}", "-pk")


class SQLiteSearchQueryCompiler(_SQLiteFast, sqlite.SQLiteSearchQueryCompiler):
    pass


class SQLiteAutocompleteQueryCompiler(_SQLiteFast, sqlite.SQLiteAutocompleteQueryCompiler):
    TITLE_COLUMNS = ["autocomplete"]
    RANK_SQL = 'bm25("{fts}")'

    def build_search_query_content(self, query, config=None):
        # Autocomplete matches what was typed as prefixes, without Dutch word forms. Only its
        # words: modelsearch quotes each term for FTS5 without doubling a quote inside it, so a
        # `"` typed into the box was an FTS5 syntax error (a server error for every keystroke).
        if isinstance(query, PlainText):
            typed = " ".join(words(query.query_string))
            query = PlainText(typed, operator=query.operator, boost=query.boost)
        return sqlite.SQLiteAutocompleteQueryCompiler.build_search_query_content(
            self, query, config
        )


class SQLiteSearchResults(FastResultsMixin, sqlite.SQLiteSearchResults):
    pass


class SQLiteIndex(VocabularyIndexMixin, sqlite.SQLiteIndex):
    pass


class SQLiteSearchBackend(sqlite.SQLiteSearchBackend):
    # The permission querysets' subqueries can stay in the SQL (search/sources.py).
    filters_in_sql = True
    index_class = SQLiteIndex
    query_compiler_class = SQLiteSearchQueryCompiler
    autocomplete_query_compiler_class = SQLiteAutocompleteQueryCompiler
    results_class = SQLiteSearchResults


SearchBackend = SQLiteSearchBackend
