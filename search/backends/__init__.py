"""Kennisplein's search backends (`WAGTAILSEARCH_BACKENDS["default"]["BACKEND"]`).

- `search.backends` (this module): the database backend for the database in use. PostgreSQL and
  SQLite get modelsearch's backends with query shapes that stay fast on a large index
  (search/backends/database.py); SQLite also Dutch word forms (search/backends/sqlite.py). Other
  databases get modelsearch's own backend.
- `search.backends.engine`: a search engine (OpenSearch 2 or Elasticsearch 9, `SEARCH_URL`), with
  typo tolerance and index writes that wait for an engine that is away.
"""

from django.db import connection


def SearchBackend(params):  # noqa: N802 (modelsearch looks the backend up by this name)
    from modelsearch.backends.database import SearchBackend as database_backend

    if connection.vendor == "postgresql":
        from search.backends.postgres import PostgresSearchBackend

        return PostgresSearchBackend(params)
    backend = database_backend(params)  # on SQLite: FTS5 if available, else a plain fallback
    if connection.vendor == "sqlite":
        from modelsearch.backends.database.sqlite.sqlite import SQLiteSearchBackend

        if isinstance(backend, SQLiteSearchBackend):
            from search.backends.sqlite import SQLiteSearchBackend as DutchSQLiteSearchBackend

            return DutchSQLiteSearchBackend(params)
    return backend
