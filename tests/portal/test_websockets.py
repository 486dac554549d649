"""WebSockets pass the origin check and the auth middleware before any route, both through the
ASGI application in-process and through a real daphne, as `make run` serves it."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from channels.testing import WebsocketCommunicator
from django.conf import settings

from portal.asgi import application
from tests.helpers import run_async, wait_until_listening

ROOT = Path(__file__).resolve().parents[2]
# Channels closes stale database connections around each consumer call, so even anonymous sockets
# touch the database layer.
pytestmark = pytest.mark.django_db(transaction=True)


async def _ping(headers):
    communicator = WebsocketCommunicator(application, "/ws/ping/", headers=headers)
    connected, _ = await communicator.connect()
    reply = None
    if connected:
        await communicator.send_json_to({"type": "ping"})
        reply = await communicator.receive_json_from()
    await communicator.disconnect()
    return connected, reply


def test_same_origin_socket_connects_and_answers():
    connected, reply = run_async(_ping([(b"origin", b"http://localhost:8000")]))
    assert connected
    assert reply == {"type": "pong", "authenticated": False}


@pytest.mark.parametrize(
    "origin", [b"https://evil.example", b"http://localhost.evil.example", b"null"]
)
def test_socket_from_a_disallowed_origin_is_refused(origin):
    connected, reply = run_async(_ping([(b"origin", origin)]))
    assert not connected
    assert reply is None


def test_socket_knows_the_logged_in_user_from_the_session_cookie(client, librarian):
    client.force_login(librarian)
    cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
    connected, reply = run_async(
        _ping([(b"origin", b"http://localhost:8000"), (b"cookie", cookie.encode())])
    )
    assert connected
    assert reply["authenticated"] is True


@pytest.fixture(scope="module")
def daphne_url(tmp_path_factory):
    """The project served by a real daphne on a free port, as `make run` does."""
    from bench.common import free_port

    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path_factory.mktemp('daphne')}/db.sqlite3",
        "DJANGO_DEBUG": "1",
    }
    env.pop("REDIS_URL", None)
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "daphne",
            "-b",
            "127.0.0.1",
            "-p",
            str(port),
            "portal.asgi:application",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    wait_until_listening(port, process=process, output=lambda: process.stderr.read().decode())
    yield f"ws://127.0.0.1:{port}"
    process.terminate()
    process.wait(timeout=10)


def test_real_daphne_speaks_websocket_to_an_allowed_origin(daphne_url):
    from websockets.sync.client import connect

    with connect(f"{daphne_url}/ws/ping/", origin="http://127.0.0.1:8000") as socket:
        socket.send(json.dumps({"type": "ping"}))
        assert json.loads(socket.recv(timeout=10)) == {"type": "pong", "authenticated": False}


def test_real_daphne_refuses_a_websocket_from_another_origin(daphne_url):
    from websockets.exceptions import InvalidStatus
    from websockets.sync.client import connect

    with pytest.raises(InvalidStatus) as refused:
        connect(f"{daphne_url}/ws/ping/", origin="https://evil.example")
    assert refused.value.response.status_code == 403
