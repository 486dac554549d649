"""Chromium fixtures for every browser test (Debian's Chromium driven by Playwright): one browser
and one daphne per pytest worker, registered once from tests/conftest.py (pytest_plugins), so that
tests outside tests/e2e use the same session-wide instances instead of starting a second
Playwright in the same process."""

import os
import shutil
import threading
import time

import pytest
from django.conf import settings
from django.core.signals import request_finished, request_started
from django.test import override_settings

from tests.helpers import wait_until_listening

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

# Playwright's sync API runs an event loop in the test thread; the Django ORM calls the tests make
# there (fixtures, assertions on the database) are still plain synchronous calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def chromium():
    if not (os.path.exists(CHROMIUM) or shutil.which(CHROMIUM)):
        pytest.skip(
            f"No Chromium at {CHROMIUM}: install Debian's package (apt-get install -y chromium) "
            "or set CHROMIUM_PATH. CI installs it, so these tests run there."
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def _no_websockets_here(text: str) -> bool:
    """Django's live server speaks HTTP only, so a page with a chat room beside it cannot open
    its socket there; the chat's own browser tests run daphne (tests/e2e/test_live_*)."""
    return "WebSocket connection to" in text and "/ws/" in text and "code: 404" in text


@pytest.fixture(scope="session")
def browser(chromium):
    """The tests' name for it; `chromium` stays reachable where a folder has a `browser` of its own
    (tests/sso: a plain HTTP client walking between two servers)."""
    return chromium


@pytest.fixture
def page(chromium, live_server):
    """A fresh browser context per test (own cookies), failing on any script error in the page."""
    context = chromium.new_context(base_url=live_server.url, locale="nl-BE")
    page = context.new_page()
    page.set_default_timeout(10_000)
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on(
        "console",
        lambda message: (
            errors.append(message.text)
            if message.type == "error" and not _no_websockets_here(message.text)
            else None
        ),
    )
    yield page
    context.close()
    assert not errors, f"The page reported errors: {errors}"


class _InFlight:
    """What a test server is still handling (sockets, requests), counted from start to end."""

    def __init__(self):
        self.count = 0
        self.changed = threading.Condition()

    def add(self, change: int) -> None:
        with self.changed:
            self.count += change
            self.changed.notify_all()

    def wait_until_closed(self, timeout: float) -> bool:
        with self.changed:
            return self.changed.wait_for(lambda: self.count == 0, timeout=timeout)


# The WebSocket connections the test daphne is handling, counted until their consumer has
# returned. A consumer still writes when its socket closes (leaving the room's presence); on
# SQLite's shared in-memory database such a write at the moment the test's database is reset
# failed the teardown ("database table is locked").
OPEN_SOCKETS = _InFlight()
# The live server's HTTP requests, counted from Django's request_started to request_finished. A
# page closing sends its last request as it goes: Wagtail's editor releases its editing session
# with a beacon, whose write met the reset of SQLite's shared in-memory database ("cannot start a
# transaction within a transaction").
OPEN_REQUESTS = _InFlight()


def _from_live_server(sender) -> bool:
    # The live server is a WSGIHandler; the test client's handler is not (and a streaming answer
    # a test never reads would never count as finished).
    from django.core.handlers.wsgi import WSGIHandler

    return isinstance(sender, type) and issubclass(sender, WSGIHandler)


def _request_started(sender, **kwargs):
    if _from_live_server(sender):
        OPEN_REQUESTS.add(+1)


def _request_finished(sender, **kwargs):
    if _from_live_server(sender):
        OPEN_REQUESTS.add(-1)


request_started.connect(_request_started, dispatch_uid="tests.chromium.started")
request_finished.connect(_request_finished, dispatch_uid="tests.chromium.finished")


def _counting_sockets(application):
    async def counted(scope, receive, send):
        if scope["type"] != "websocket":
            return await application(scope, receive, send)
        OPEN_SOCKETS.add(+1)
        try:
            return await application(scope, receive, send)
        finally:
            OPEN_SOCKETS.add(-1)

    return counted


def _wait_until_quiet(counter: _InFlight, *, quiet: float, timeout: float) -> None:
    """Until nothing has been open for `quiet` seconds, or `timeout` has passed."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if counter.wait_until_closed(timeout=deadline - time.monotonic()):
            time.sleep(quiet)
            if counter.count == 0:
                return


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_teardown(item):
    """Before a test's fixtures (its database) are torn down: let the test servers finish with
    the sockets and requests of the browsers the test closed. A test that left one open only
    costs the wait."""
    fixtures = getattr(item, "fixturenames", ())
    if "asgi_server" in fixtures:
        OPEN_SOCKETS.wait_until_closed(timeout=10)
    if "live_server" in fixtures:
        # A closing page's last request may reach the server a moment after the page is gone.
        _wait_until_quiet(OPEN_REQUESTS, quiet=0.3, timeout=10)


@pytest.fixture(scope="session")
def asgi_server(django_db_setup, django_db_blocker):
    """Django's live_server speaks WSGI only, so live rooms are served by daphne (the server `make
    run` uses) in a thread of this process, with the test room kinds registered; it shares the test
    database (in-memory SQLite's shared cache, or PostgreSQL's test database). Twisted's reactor
    cannot be restarted, so one server serves the whole session and stops with the process."""
    from daphne.endpoints import build_endpoint_description_strings
    from daphne.server import Server

    from bench.common import free_port
    from tests.live.asgi import application

    port = free_port()
    server = Server(
        application=_counting_sockets(application),
        endpoints=build_endpoint_description_strings(host="127.0.0.1", port=port),
        signal_handlers=False,
        verbosity=0,
    )
    threading.Thread(target=server.run, daemon=True, name="daphne").start()
    wait_until_listening(port, output=lambda: "in a thread", timeout=20)
    base = f"http://127.0.0.1:{port}"
    # Its pages open their sockets from this origin, which the origin check must know
    # (portal/origins.py), as a site served there would list it.
    trusted = override_settings(CSRF_TRUSTED_ORIGINS=[*settings.CSRF_TRUSTED_ORIGINS, base])
    with django_db_blocker.unblock(), trusted:
        yield base
