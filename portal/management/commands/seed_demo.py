"""Loads the demo content that `make run` shows. Idempotent: a second run changes nothing."""

from django.core.management.base import BaseCommand
from django.db import transaction

from cooperation.demo import demo_groups
from cooperation.discussions.demo import demo_discussions
from cooperation.meetings.demo import demo_meetings
from learning.demo import demo_learning, demo_live_webinar
from portal.demo import DEMO_ACCOUNTS, DEMO_PASSWORD, demo_accounts, demo_pages

# Each app that has demo content adds its step here, in the order they depend on each other.
DEMO_STEPS = [
    demo_pages,
    demo_accounts,
    demo_groups,
    demo_meetings,
    demo_discussions,
    demo_learning,
    demo_live_webinar,
]


class Command(BaseCommand):
    help = "Create the demo page tree, accounts and content (safe to run more than once)."

    @transaction.atomic
    def handle(self, *args, **options):
        for step in DEMO_STEPS:
            step()
        self.stdout.write(self.style.SUCCESS("Demo content is ready. Demo log-ins:"))
        for email, _name, _organisation, role in DEMO_ACCOUNTS:
            self.stdout.write(f"  {email:<34} {DEMO_PASSWORD}   {role}")
