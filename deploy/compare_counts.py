#!/usr/bin/env python3
"""Compares two Kennisplein databases table by table (row counts), e.g. the live one and a
restored backup. Exit status 0 when every table has the same number of rows, 1 otherwise.

    .venv/bin/python deploy/compare_counts.py postgres://…/kennisplein postgres://…/kennisplein_restored
"""

import sys

import psycopg
from psycopg import sql


def table_counts(url: str) -> dict[str, int]:
    with psycopg.connect(url) as connection:
        tables = [
            row[0]
            for row in connection.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
            )
        ]
        return {
            table: connection.execute(
                sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(table))
            ).fetchone()[0]
            for table in tables
        }


def main(original: str, restored: str) -> int:
    before, after = table_counts(original), table_counts(restored)
    differences = [
        (table, before.get(table), after.get(table))
        for table in sorted(before.keys() | after.keys())
        if before.get(table) != after.get(table)
    ]
    for table, count_before, count_after in differences:
        print(f"{table}: {count_before} in the original, {count_after} restored")
    rows = sum(before.values())
    print(f"{len(before)} tables, {rows} rows compared: {len(differences)} differ")
    return 1 if differences else 0


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1], sys.argv[2]))
