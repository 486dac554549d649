from django.core.management.base import BaseCommand

from privacy.services import retention_apply


class Command(BaseCommand):
    help = (
        "Anonymise chat messages, questions and registrations older than their retention period "
        "(PRIVACY_CHAT_RETENTION_DAYS, PRIVACY_REGISTRATION_RETENTION_DAYS) and delete data "
        "exports past their date. Run daily; running it twice does nothing more."
    )

    def handle(self, *args, **options):
        for key, count in retention_apply().items():
            self.stdout.write(f"{key}: {count}")
