"""With SENTRY_DSN set, server errors of pages and failed background tasks reach the error
tracker, and nothing private goes with them. The tracker is a real HTTP server speaking Sentry's
envelope endpoint, and the platform runs in daphne, as in production."""

import gzip
import json
import os
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from bench.common import free_port
from tests.portal.error_site import SECRET

ROOT = Path(__file__).resolve().parents[2]


class Tracker(BaseHTTPRequestHandler):
    received: list[bytes] = []

    def do_POST(self):  # noqa: N802 (http.server's name)
        body = self.rfile.read(int(self.headers["Content-Length"]))
        if self.headers.get("Content-Encoding") == "gzip":
            body = gzip.decompress(body)
        Tracker.received.append(body)
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, *args):
        pass


@pytest.fixture
def tracker():
    Tracker.received = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), Tracker)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://publickey@127.0.0.1:{server.server_port}/1"
    server.shutdown()


@pytest.fixture
def site(tracker, tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.portal.error_site",
        "DATABASE_URL": f"sqlite:///{tmp_path}/unused.sqlite3",
        "TASKS_BACKEND": "immediate",
        "SENTRY_DSN": tracker,
        "SENTRY_RELEASE": "kennisplein@test",
        "SENTRY_ENVIRONMENT": "test",
        "SENTRY_TRACES_SAMPLE_RATE": "1",  # performance traces must not carry private data either
    }
    port = free_port()
    command = [sys.executable, "-m", "daphne", "-b", "127.0.0.1", "-p", str(port)]
    server = subprocess.Popen([*command, "portal.asgi:application"], cwd=ROOT, env=env)
    base = f"http://127.0.0.1:{port}"
    for _ in range(150):
        try:
            urllib.request.urlopen(f"{base}/klaar/", timeout=1)  # noqa: S310
            break
        except OSError:
            time.sleep(0.1)
    yield base
    server.terminate()
    server.wait(10)


def _request(url: str, body: bytes | None = None) -> int:
    request = urllib.request.Request(  # noqa: S310 (a local test server)
        url, data=body, headers={"Cookie": f"voorkeur={SECRET}", "X-Forwarded-For": "203.0.113.9"}
    )
    try:
        return urllib.request.urlopen(request, timeout=10).status  # noqa: S310
    except urllib.error.HTTPError as error:
        return error.code


def _events(kind: str = "event") -> list[dict]:
    events = []
    for envelope in Tracker.received:
        lines = envelope.split(b"\n")
        for header, payload in zip(lines[1::2], lines[2::2], strict=False):
            if json.loads(header).get("type") == kind:
                events.append(json.loads(payload))
    return events


def _wait_for_events(count: int) -> list[dict]:
    for _ in range(100):
        if len(_events()) >= count:
            break
        time.sleep(0.1)
    return _events()


def test_page_and_task_errors_are_reported_without_private_data(site):
    assert _request(f"{site}/kapot/?q={SECRET}", body=f"body={SECRET}".encode()) == 500
    assert _request(f"{site}/taak/") == 200
    events = _wait_for_events(2)

    page = next(e for e in events if e.get("exception"))
    assert page["exception"]["values"][-1]["type"] == "RuntimeError"
    assert page["request"] == {"method": "POST", "url": f"{site}/kapot/"}
    assert (page["release"], page["environment"]) == ("kennisplein@test", "test")
    # django-tasks logs a failed task with its exception, for error trackers to pick up.
    task = next(e for e in events if e.get("logger") == "django_tasks")
    assert task["exception"]["values"][-1]["type"] == "ValueError"
    assert "failing_task state=FAILED" in task["logentry"]["formatted"]

    traced = next(t for t in _events("transaction") if t["transaction"] == "/kapot/")
    assert traced["request"] == {"method": "POST", "url": f"{site}/kapot/"}
    everything = b"".join(Tracker.received).decode()
    assert SECRET not in everything  # no local variable, body, query string, cookie or argument
    assert "203.0.113.9" not in everything
    assert all("user" not in event for event in events)
