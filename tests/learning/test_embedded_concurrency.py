"""The embedded default (SQLite in a file, served by daphne as `make run` does) holds simultaneous
registrations: nobody sees a server error ("database is locked" answered 500 before SQLite ran in
WAL mode with IMMEDIATE transactions), and nobody is overbooked."""

import http.client
import json
import os
import sqlite3
import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.helpers import wait_until_listening

ROOT = Path(__file__).resolve().parents[2]
PEOPLE, SEATS = 24, 5
CSRF = "k" * 32  # Django accepts its 32-character secret as cookie and header alike

SETUP = f"""
import json
from datetime import timedelta
from importlib import import_module

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.utils import timezone

from accounts.models import User
from learning.demo import _index
from learning.models import Audience, WebinarPage
from portal.demo import demo_pages

start = timezone.now() + timedelta(days=2)
webinar = _index(demo_pages()).add_child(instance=WebinarPage(
    title="Drukbezocht webinar", slug="drukbezocht", start=start, end=start + timedelta(hours=1),
    audience=Audience.MEMBERS, capacity={SEATS}, live_url="https://meet.example.org/druk",
))
webinar.save_revision().publish()
store = import_module(settings.SESSION_ENGINE).SessionStore
sessions = []
for number in range({PEOPLE}):
    user = User.objects.create_user(
        f"persoon{{number}}@bibliotheek.test", display_name=f"P{{number}}"
    )
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    session = store()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    sessions.append(session.session_key)
print(json.dumps({{"webinar": webinar.pk, "sessions": sessions}}))
"""


def _free_port() -> int:
    from bench.common import free_port

    return free_port()


@pytest.fixture(scope="module")
def embedded_site(tmp_path_factory):
    """A file-based SQLite database, migrated, with a webinar of few seats and many people logged
    in; and daphne serving it, as `make run` does."""
    database = tmp_path_factory.mktemp("embedded") / "db.sqlite3"
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{database}",
        "DJANGO_DEBUG": "1",
        "DJANGO_SETTINGS_MODULE": "portal.settings",
        "TASKS_BACKEND": "immediate",
    }
    for name in ("REDIS_URL", "ELASTICSEARCH_URL", "EMAIL_HOST"):
        env.pop(name, None)
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "migrate", "-v0"], cwd=ROOT, env=env, check=True, timeout=300)
    made = subprocess.run(
        [*manage, "shell", "-c", SETUP],
        cwd=ROOT,
        env=env,
        check=True,
        timeout=120,
        capture_output=True,
        text=True,
    )
    world = json.loads(made.stdout.strip().splitlines()[-1])
    port = _free_port()
    log = tmp_path_factory.mktemp("embedded-log") / "daphne.log"
    with log.open("w") as errors:
        server = subprocess.Popen(
            [sys.executable, "-m", "daphne", "-b", "127.0.0.1", "-p", str(port)]
            + ["portal.asgi:application"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,  # the console e-mail backend prints every confirmation
            stderr=errors,
        )
    wait_until_listening(port, process=server, output=log.read_text)
    yield {"port": port, "database": database, "log": log, **world}
    server.terminate()
    server.wait(timeout=10)


def _register(port: int, webinar: int, session: str, start: threading.Barrier) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    start.wait()
    connection.request(
        "POST",
        f"/leren/webinar/{webinar}/inschrijven/",
        body="",
        headers={
            "Cookie": f"sessionid={session}; csrftoken={CSRF}",
            "X-CSRFToken": CSRF,
            "Content-Type": "application/x-www-form-urlencoded",
        },
    )
    status = connection.getresponse().status
    connection.close()
    return status


def test_simultaneous_registrations_get_no_error_and_never_overbook(embedded_site):
    site = embedded_site
    start = threading.Barrier(PEOPLE)
    with ThreadPoolExecutor(PEOPLE) as pool:
        statuses = list(
            pool.map(
                lambda session: _register(site["port"], site["webinar"], session, start),
                site["sessions"],
            )
        )
    log = site["log"].read_text()
    assert statuses == [302] * PEOPLE, f"{statuses}\n{log[-3000:]}"  # back to the webinar page
    assert "database is locked" not in log
    with sqlite3.connect(site["database"]) as database:
        counts = dict(
            database.execute(
                "SELECT status, COUNT(*) FROM learning_registration WHERE webinar_id = ? "
                "GROUP BY status",
                [site["webinar"]],
            ).fetchall()
        )
        journal_mode = database.execute("PRAGMA journal_mode").fetchone()[0]
    assert counts == {"registered": SEATS, "waiting": PEOPLE - SEATS}
    assert journal_mode == "wal"  # kept in the file: every connection reads it
