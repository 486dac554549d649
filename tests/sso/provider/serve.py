"""Starts the test provider: `python -m tests.sso.provider.serve PORT` with the environment of
tests/sso/provider/settings.py. Creates its tables and its one client, then serves until killed."""

import os
import sys

os.environ["DJANGO_SETTINGS_MODULE"] = "tests.sso.provider.settings"

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.core.servers.basehttp import run  # noqa: E402
from django.core.wsgi import get_wsgi_application  # noqa: E402
from oauth2_provider.models import Application  # noqa: E402

call_command("migrate", run_syncdb=True, verbosity=0)
Application.objects.update_or_create(
    client_id=settings.RP_CLIENT_ID,
    defaults={
        "name": "Kennisplein",
        "client_secret": settings.RP_CLIENT_SECRET,
        "client_type": Application.CLIENT_CONFIDENTIAL,
        "authorization_grant_type": Application.GRANT_AUTHORIZATION_CODE,
        "redirect_uris": "",  # set through /control/client/
        "algorithm": Application.RS256_ALGORITHM,
        "skip_authorization": False,
    },
)
run("127.0.0.1", int(sys.argv[1]), get_wsgi_application(), threading=True)
