from django.core.management.base import BaseCommand

from search.services import index_pending_changes


class Command(BaseCommand):
    help = (
        "Writes to the search engine what could not be written while it was away "
        "(run every minute from the scheduler; without a search engine it does nothing)."
    )

    def handle(self, *args, **options):
        done = index_pending_changes()
        if done:
            self.stdout.write(f"{done} pending index changes written")
