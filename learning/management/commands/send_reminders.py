"""Sends the 24-hour and 1-hour webinar reminders that are due. Run it every few minutes (cron,
systemd timer); running it twice, or on two machines at once, sends each reminder once."""

from django.core.management.base import BaseCommand

from learning.services import reminders_send


class Command(BaseCommand):
    help = "Send due webinar reminders (24 hours and 1 hour before the start), each exactly once."

    def handle(self, *args, **options):
        count = reminders_send()
        self.stdout.write(f"{count} reminder(s) queued.")
