"""Scale-out on one machine, as behind a load balancer: two daphne processes and one task worker
share PostgreSQL and Redis. People registering at once, spread over both processes, never take
more seats than there are, and the worker mails every one of them once. (Chat across two
processes: tests/live/test_two_servers.py.)"""

import os
import secrets
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client

from learning.models import Registration
from tests.factories import UserFactory
from tests.live.conftest import session_cookie
from tests.live.test_two_servers import _database_url, _wait_for

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not settings.REDIS_URL or not settings.IS_POSTGRES,
        reason="needs PostgreSQL and Redis (DATABASE_URL and REDIS_URL, as in CI): the processes "
        "must share the test database and the channel layer",
    ),
]


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@pytest.fixture
def platform(tmp_path):
    """Two app processes and one worker; yields their base URLs and the worker's mail log."""
    from bench.common import free_port

    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "REDIS_URL": settings.CHANNEL_LAYERS["default"]["CONFIG"]["hosts"][0],
        "CHANNEL_LAYER_PREFIX": f"kp-scale-out-{os.getpid()}",
        "TASKS_BACKEND": "database",
        "DJANGO_DEBUG": "1",
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "REQUEST_LOG_LEVEL": "WARNING",
    }
    env.pop("EMAIL_HOST", None)  # the worker prints mail to its standard output
    ports = [free_port(), free_port()]
    servers = [
        subprocess.Popen(
            [sys.executable, "-m", "daphne", "-b", "127.0.0.1", "-p", str(port)]
            + ["portal.asgi:application"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        for port in ports
    ]
    mail_log = tmp_path / "worker-mail.txt"
    with mail_log.open("wb") as worker_out:
        worker = subprocess.Popen(
            [sys.executable, "manage.py", "db_worker", "--queue-name", "*", "--interval", "0.2"],
            cwd=ROOT,
            env=env,
            stdout=worker_out,
            stderr=subprocess.DEVNULL,
        )
    try:
        for port, server in zip(ports, servers, strict=True):
            _wait_for(port, server)
        yield [f"http://127.0.0.1:{port}" for port in ports], mail_log
    finally:
        for process in [*servers, worker]:
            process.terminate()
        for process in [*servers, worker]:
            process.wait(timeout=15)


def _register(base_url: str, webinar_id: int, cookie: str) -> int:
    token = secrets.token_hex(16)  # Django accepts a client-chosen CSRF cookie when it matches
    request = urllib.request.Request(  # noqa: S310 - the test's own local server
        f"{base_url}/leren/webinar/{webinar_id}/inschrijven/",
        method="POST",
        headers={
            "Cookie": f"{cookie}; {settings.CSRF_COOKIE_NAME}={token}",
            "X-CSRFToken": token,
            "Origin": base_url,
        },
    )
    try:
        return urllib.request.build_opener(_NoRedirect).open(request, timeout=30).status
    except urllib.error.HTTPError as response:
        return response.code


def test_registrations_spread_over_two_processes_never_overbook_and_are_mailed_once(
    platform, make_webinar
):
    (first, second), mail_log = platform
    webinar = make_webinar(capacity=5)
    people = UserFactory.create_batch(12)
    cookies = [session_cookie(Client(), person).decode() for person in people]
    connection.close()  # the servers take the row locks; this test only reads afterwards

    barrier = threading.Barrier(len(people))
    statuses = []

    def register(index: int) -> None:
        barrier.wait()
        base = first if index % 2 else second
        statuses.append(_register(base, webinar.pk, cookies[index]))

    threads = [threading.Thread(target=register, args=(i,)) for i in range(len(people))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert statuses == [302] * len(people)  # each back to the webinar page with a message
    states = list(Registration.objects.filter(webinar=webinar).values_list("status", flat=True))
    assert sorted(states) == ["registered"] * 5 + ["waiting"] * 7

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        mailed = [line for line in mail_log.read_text().splitlines() if line.startswith("To: ")]
        if len(mailed) >= len(people):
            break
        time.sleep(0.5)
    time.sleep(1)  # a duplicate would show up now
    mailed = [line for line in mail_log.read_text().splitlines() if line.startswith("To: ")]
    assert sorted(mailed) == sorted(f"To: {person.email}" for person in people)
