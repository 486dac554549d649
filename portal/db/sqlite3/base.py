"""Django's SQLite backend, plus the statistics SQLite's query planner needs.

Without `sqlite_stat1`, SQLite walks Wagtail's search index by content type and runs the FTS5
match once per row: about 5x slower searches at 1,000 items (bench/bench_search.py). SQLite's
advice is to run `PRAGMA optimize` just before closing each connection; it analyses only the
tables that the connection's queries showed would benefit, bounded by `analysis_limit`.

The settings ask for IMMEDIATE transactions in WAL mode (portal/settings.py); a database in
memory (the tests') keeps Django's deferred ones: its connections share one cache, where a
second writer fails at once ("database table is locked") instead of waiting, so taking the lock
early would only make the test servers' readers-in-a-transaction collide sooner.
"""

from django.db.backends.sqlite3 import base


class DatabaseWrapper(base.DatabaseWrapper):
    def get_connection_params(self):
        params = super().get_connection_params()
        if self.is_in_memory_db():
            self.transaction_mode = None
        return params

    def close(self):
        if self.connection is not None and not self.in_atomic_block:
            try:
                self.connection.execute("PRAGMA analysis_limit=1000")
                self.connection.execute("PRAGMA optimize")
            except (
                base.Database.Error
            ):  # statistics are an optimisation: never fail a close for them
                pass
        super().close()
