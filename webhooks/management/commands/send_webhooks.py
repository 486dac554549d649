from django.core.management.base import BaseCommand

from webhooks.services import deliveries_send_due


class Command(BaseCommand):
    help = (
        "Sends webhook deliveries that are due (first attempts and retries). Needed with the "
        "immediate task backend; with the database backend the worker schedules retries itself."
    )

    def handle(self, *args, **options):
        count = deliveries_send_due()
        self.stdout.write(f"{count} webhook deliveries attempted.")
