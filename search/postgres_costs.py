"""PostgreSQL's planner takes the text match operator (`tsvector @@ tsquery`) for one of its
cheapest: cost 1, like an integer comparison. On an index entry of a document with five pages of
text it first has to decompress about 10 kB, some 15 µs. With the default cost, a word found in
most entries makes the planner test the match on every row of a sequential scan (1.9 s on 37,000
entries) instead of reading the GIN index (27 ms). Cost 1000 makes it weigh that correctly.

Setting a built-in function's cost needs the rights of its owner (a superuser). The migration
tries, and so does every `migrate` (post_migrate: a restored dump does not carry the setting);
without the rights searches stay correct, and common words are slower.
"""

import logging

logger = logging.getLogger(__name__)

TEXT_MATCH_COST = 1000


def apply_text_match_cost(connection) -> bool:
    if connection.vendor != "postgresql":
        return False
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT procost FROM pg_proc WHERE oid = 'pg_catalog.ts_match_vq(tsvector, tsquery)'"
            "::regprocedure"
        )
        if cursor.fetchone()[0] >= TEXT_MATCH_COST:
            return True
        cursor.execute("SAVEPOINT search_text_match_cost")
        try:
            cursor.execute(
                f"ALTER FUNCTION pg_catalog.ts_match_vq(tsvector, tsquery) COST {TEXT_MATCH_COST}"
            )
        except Exception:  # no right to: the search works, common words are slower
            cursor.execute("ROLLBACK TO SAVEPOINT search_text_match_cost")
            logger.warning(
                "Could not set the planner cost of the text match operator (needs a superuser): "
                "searches for common words will be slower. See search/postgres_costs.py."
            )
            return False
        cursor.execute("RELEASE SAVEPOINT search_text_match_cost")
    return True
