"""Writes the searchable text (captions, answered questions, chat) of every webinar with a
recording: once after deploying the recording search, or after restoring files."""

from django.core.management.base import BaseCommand

from learning.models import WebinarPage
from search.services import recording_text_refresh


class Command(BaseCommand):
    help = "Index what was said in every recorded webinar (captions, questions, chat)."

    def handle(self, *args, **options):
        found = 0
        for webinar_id in WebinarPage.objects.exclude(recording="").values_list("pk", flat=True):
            found += recording_text_refresh(webinar_id=webinar_id) is not None
        self.stdout.write(f"{found} recordings with text to search.")
