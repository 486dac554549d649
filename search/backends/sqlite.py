"""The database search backend, with Dutch word forms on SQLite.

`WAGTAILSEARCH_BACKENDS["default"]["BACKEND"] = "search.backends"`: PostgreSQL (and MySQL) get
modelsearch's own backend unchanged (PostgreSQL stems with the `dutch` configuration); SQLite with
FTS5 gets a query compiler that matches each word by the prefix of its Dutch stem (search/dutch.py).
FTS5's default tokenizer (unicode61) already folds accents: "cooperatie" finds "coöperatie".
"""

from django.db import connection
from modelsearch.backends.database import SearchBackend as DatabaseSearchBackend
from modelsearch.query import PlainText

from search import dutch


def SearchBackend(params):  # noqa: N802 (modelsearch looks the backend up by this name)
    backend = DatabaseSearchBackend(params)
    if connection.vendor != "sqlite":
        return backend
    from modelsearch.backends.database.sqlite.query import Lexeme, SearchQueryExpression
    from modelsearch.backends.database.sqlite.sqlite import (
        SQLiteSearchBackend,
        SQLiteSearchQueryCompiler,
    )

    if not isinstance(backend, SQLiteSearchBackend):  # no FTS5: the plain fallback backend
        return backend

    class DutchSQLiteSearchQueryCompiler(SQLiteSearchQueryCompiler):
        def build_search_query_content(self, query, config=None):
            if not isinstance(query, PlainText):
                return super().build_search_query_content(query, config)
            terms = [dutch.prefix(term) for term in _words(query.query_string)]
            if not terms:
                return None
            lexemes = Lexeme(terms[0], prefix=True)
            for term in terms[1:]:
                if query.operator.upper() == "AND":
                    lexemes &= Lexeme(term, prefix=True)
                else:
                    lexemes |= Lexeme(term, prefix=True)
            return SearchQueryExpression(lexemes, config=config)

    class DutchSQLiteSearchBackend(SQLiteSearchBackend):
        query_compiler_class = DutchSQLiteSearchQueryCompiler

    return DutchSQLiteSearchBackend(params)


def _words(text: str) -> list[str]:
    import re

    return re.findall(r"\w+", text)
