from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand

from portal.worker import requeue_stale_tasks


class Command(BaseCommand):
    help = "Puts tasks whose worker died back in the queue (run every few minutes)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--minutes",
            type=float,
            default=settings.TASKS_STALE_AFTER_MINUTES,
            help="A task running longer than this is taken to have lost its worker.",
        )

    def handle(self, *args, minutes, **options):
        requeued, given_up = requeue_stale_tasks(
            running_longer_than=timedelta(minutes=minutes),
            max_attempts=settings.TASKS_MAX_ATTEMPTS,
        )
        self.stdout.write(f"{requeued} requeued, {given_up} given up")
