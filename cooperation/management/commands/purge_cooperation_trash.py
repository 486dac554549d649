from django.core.management.base import BaseCommand

from cooperation.services import trash_purge
from cooperation.staging import staged_purge


class Command(BaseCommand):
    help = (
        "Delete library documents that have been in the trash longer than the retention period, "
        "and pieces of uploads that were never finished."
    )

    def handle(self, *args, **options):
        purged = trash_purge()
        self.stdout.write(f"{purged} document(s) deleted from the trash.")
        stale = staged_purge()
        self.stdout.write(f"{stale} stale piece(s) of unfinished uploads removed.")
