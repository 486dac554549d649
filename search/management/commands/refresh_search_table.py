"""Writes the search table's rows (PostgreSQL, search/table.py) from the existing index entries:
once after deploying the table, quicker than a full `update_index`, which also writes them."""

from django.core.management.base import BaseCommand
from django.db import connection

from search import table


class Command(BaseCommand):
    help = "Write the search table from the search index entries (PostgreSQL)."

    def handle(self, *args, **options):
        if connection.vendor != "postgresql":
            self.stdout.write("Only PostgreSQL searches the search table: nothing to do.")
            return
        self.stdout.write(f"{table.refresh()} objects written to the search table.")
