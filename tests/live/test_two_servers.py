"""Two daphne processes sharing Redis (as behind a load balancer): a message sent through one
reaches a client connected to the other. Runs when REDIS_URL and PostgreSQL are configured, as in
CI; both processes must see the test database, which an in-memory SQLite database cannot offer."""

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client

from tests.helpers import wait_until_listening
from tests.live.conftest import session_cookie

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not settings.REDIS_URL, reason="needs REDIS_URL (two servers share the Redis channel layer)"
    ),
]


def _database_url() -> str:
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return (
        f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/"
        f"{db['NAME']}"
    )


def _start_daphne(port: int, env: dict) -> subprocess.Popen:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "daphne",
            "-b",
            "127.0.0.1",
            "-p",
            str(port),
            "tests.live.asgi:application",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def _wait_for(port: int, process: subprocess.Popen) -> None:
    wait_until_listening(port, process=process, output=lambda: process.stderr.read().decode())


@pytest.fixture
def two_servers(db):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL as well: both servers must see the test database")
    from bench.common import free_port

    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        # The worker's own Redis database (tests/conftest.py) and a prefix of this test's own.
        "REDIS_URL": settings.CHANNEL_LAYERS["default"]["CONFIG"]["hosts"][0],
        "CHANNEL_LAYER_PREFIX": f"kp-live-two-servers-{os.getpid()}",
        "DJANGO_DEBUG": "1",
    }
    ports = [free_port(), free_port()]
    processes = [_start_daphne(port, env) for port in ports]
    try:
        for port, process in zip(ports, processes, strict=True):
            _wait_for(port, process)
        yield [f"ws://127.0.0.1:{port}" for port in ports]
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=10)


def _frames_until(client, wanted: str, timeout: float = 10):
    deadline = time.monotonic() + timeout
    while True:
        frame = json.loads(client.recv(timeout=max(0.1, deadline - time.monotonic())))
        if frame["type"] == wanted:
            return frame


def test_a_message_sent_on_one_server_reaches_a_client_of_the_other(
    two_servers, room_page, librarian, colleague
):
    from websockets.sync.client import connect

    path = f"/ws/live/page/{room_page.pk}/"
    cookies = [session_cookie(Client(), user).decode() for user in (librarian, colleague)]
    first_url, second_url = two_servers
    origin = "http://127.0.0.1:8000"
    with (
        connect(first_url + path, origin=origin, additional_headers={"Cookie": cookies[0]}) as one,
        connect(second_url + path, origin=origin, additional_headers={"Cookie": cookies[1]}) as two,
    ):
        _frames_until(one, "welcome")
        _frames_until(two, "welcome")
        one.send(json.dumps({"type": "message", "body": "Over twee servers heen"}))
        received = _frames_until(two, "message")
    assert received["html"] == "Over twee servers heen"
    assert received["author"]["id"] == librarian.pk
