"""Sends the daily digest e-mails. Run it once a day (cron, systemd timer); running it twice, or
on two machines at once, mails each notification once."""

from django.core.management.base import BaseCommand

from notifications.tasks import send_digests


class Command(BaseCommand):
    help = "Send each person one e-mail with the notifications waiting for their daily digest."

    def handle(self, *args, **options):
        count = send_digests.call()
        self.stdout.write(f"{count} digest(s) sent.")
