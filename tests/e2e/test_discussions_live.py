"""A thread in Chromium: a member writes a reply with the editor's toolbar and the @mention
autocomplete, using only the keyboard; another member reading the thread sees it appear without
reloading; a reply posted while that reader's connection is away shows up once they are back,
exactly once.

Django's live_server speaks HTTP only. The pages' sockets are handed (Playwright's WebSocket
routing) to the real room consumer through Channels' WebsocketCommunicator, on an event loop of
its own: the consumer checks access, joins the thread's room on the channel layer and relays what
the server broadcasts; only the transport between browser and consumer is replaced. (A second
daphne in this process cannot start: Twisted's reactor runs once per process, and the chat's
browser test already runs it.)"""

import asyncio
import json
import queue
import threading
from urllib.parse import urlsplit

import pytest
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.db import connections
from django.test import Client
from playwright.sync_api import expect

from cooperation import services as group_services
from cooperation.discussions import services
from cooperation.discussions.models import Post
from cooperation.models import Group
from tests.cooperation.conftest import add_member
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


class SocketBridge:
    """Connects each socket a page opens to the ASGI application's consumer, and forwards the
    consumer's frames to the page when the test calls `relay` (Playwright's sync API may only be
    called from the test's thread)."""

    def __init__(self, cookie: str):
        self.cookie = cookie
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()
        self.frames: queue.Queue = queue.Queue()
        self.open: list = []
        # Channels' in-memory layer is fed from the live server's thread; a steady tick keeps this
        # loop turning so it notices.
        asyncio.run_coroutine_threadsafe(self._tick(), self.loop)

    def _serve(self):
        self.loop.run_forever()
        # Closed in its own thread: channels_redis finishes its connections with the loop's
        # run_until_complete, which may not run beside Playwright's loop in the test's thread.
        self.loop.close()

    async def _tick(self):
        while True:
            await asyncio.sleep(0.05)

    def _run(self, coroutine, timeout=10):
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result(timeout)

    def handle(self, route):
        from portal.asgi import application

        parts = urlsplit(route.url)
        headers = [(b"origin", b"http://localhost:8000"), (b"cookie", self.cookie.encode())]
        communicator = WebsocketCommunicator(
            application, f"{parts.path}?{parts.query}" if parts.query else parts.path, headers
        )
        connected, _code = self._run(communicator.connect(timeout=5))
        if not connected:
            route.close(code=4403)
            return
        self.open.append(communicator)
        asyncio.run_coroutine_threadsafe(self._pump(communicator, route), self.loop)
        route.on_message(
            lambda message: asyncio.run_coroutine_threadsafe(
                communicator.send_to(text_data=message), self.loop
            )
        )
        route.on_close(lambda code, reason: self._closed_by_page(communicator, route, code))

    async def _pump(self, communicator, route):
        while True:
            output = await communicator.receive_output(timeout=3600)
            if output["type"] == "websocket.send":
                self.frames.put((route, output["text"]))
            elif output["type"] == "websocket.close":
                return

    def _disconnect(self, communicator):
        if communicator in self.open:
            self.open.remove(communicator)
            self._run(communicator.disconnect())

    def _closed_by_page(self, communicator, route, code):
        self._disconnect(communicator)
        route.close(code=code or 1000)  # completes the page's closing handshake

    def relay(self, page, *, until: str, timeout_ms=10_000) -> list[dict]:
        """Forwards frames to the page until one of type `until` has gone through."""
        sent, waited = [], 0
        while waited <= timeout_ms:
            while not self.frames.empty():
                route, text = self.frames.get()
                route.send(text)
                sent.append(json.loads(text))
                if sent[-1]["type"] == until:
                    return sent
            page.wait_for_timeout(50)  # lets Playwright deliver the page's own events meanwhile
            waited += 50
        raise AssertionError(f"no {until!r} frame within {timeout_ms} ms; got {sent}")

    def close(self):
        for communicator in list(self.open):
            self._disconnect(communicator)
        # The consumer's database connections live in asgiref's thread; close them there.
        self._run(database_sync_to_async(connections.close_all)())
        self._run(self._cancel_tasks())
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(10)

    @staticmethod
    async def _cancel_tasks():
        tasks = [task for task in asyncio.all_tasks() if task is not asyncio.current_task()]
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)


def _elsewhere(function, **kwargs):
    """Runs a service outside the test's thread, as a request would: its broadcast after the
    commit uses async_to_sync, which may not run beside Playwright's event loop."""
    worker = threading.Thread(target=lambda: (function(**kwargs), connections.close_all()))
    worker.start()
    worker.join(30)


def _session(user) -> str:
    client = Client()
    client.force_login(user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def _page(browser, base_url, user, *, bridge=None):
    cookie = _session(user)
    context = browser.new_context(base_url=base_url, locale="nl-BE")
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": base_url}])
    page = context.new_page()
    page.set_default_timeout(10_000)
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.route_web_socket("**/ws/**", bridge.handle if bridge else (lambda route: None))
    return context, page, errors


def test_a_reply_written_with_the_editor_appears_live_for_another_reader(browser, live_server):
    owner = UserFactory(display_name="Wies Werkgroep")
    writer = UserFactory(display_name="Lies Lid")
    reader = UserFactory(display_name="Mo Moderator")
    group = group_services.group_create(
        owner=owner, name="Werkgroep Leesbevordering", visibility=Group.Visibility.MEMBERS
    )
    add_member(group, writer)
    add_member(group, reader)
    thread = services.thread_create(
        group=group, author=owner, title="Voorleesweek", body="Wie doet wat?"
    )
    bridge = SocketBridge(f"{settings.SESSION_COOKIE_NAME}={_session(reader)}")
    reader_context, reading, reader_errors = _page(browser, live_server.url, reader, bridge=bridge)
    writer_context, writing, writer_errors = _page(browser, live_server.url, writer)
    try:
        reading.goto(thread.get_absolute_url())
        bridge.relay(reading, until="welcome")
        posts = reading.locator(".posts > li")
        expect(posts).to_have_count(1)

        # The writer formats with the toolbar and mentions with the autocomplete, by keyboard.
        writing.goto(thread.get_absolute_url())
        box = writing.get_by_label("Je bericht")
        toolbar = writing.get_by_role("toolbar", name="Opmaak")
        expect(toolbar.get_by_role("button")).to_have_count(7)
        box.press_sequentially("Ik neem de ")
        box.focus()
        box.press("Control+b")
        box.press_sequentially("opening")
        writing.keyboard.press("End")
        box.press_sequentially(" voor mijn rekening, ")
        box.press_sequentially("@mo")
        listbox = writing.get_by_role("listbox", name="Leden")
        expect(listbox.get_by_role("option")).to_have_text(["Mo Moderator"])
        box.press("Enter")
        expect(listbox).to_be_hidden()
        box.press_sequentially("kijk jij mee?")
        box.press("Shift+Tab")  # from the textarea back to the toolbar…
        expect(toolbar.get_by_role("button", name="Vet (Ctrl+B)")).to_be_focused()
        writing.keyboard.press("End")  # …whose arrow keys and Home/End move between buttons
        expect(toolbar.get_by_role("button", name="Code")).to_be_focused()
        expect(box).to_have_value(
            "Ik neem de **opening** voor mijn rekening, @Mo Moderator kijk jij mee?"
        )
        writing.get_by_role("button", name="Reactie plaatsen").click()
        expect(writing.locator(".post").last).to_contain_text("voor mijn rekening")

        # The reader sees it appear, formatted, with the mention marked, and without reloading.
        bridge.relay(reading, until="post")
        expect(posts).to_have_count(2)
        last = posts.last.locator(".post__body")
        expect(last.locator("strong")).to_have_text(["opening", "@Mo Moderator"])
        status = reading.locator('[data-thread="status"]')
        expect(status).to_have_text("Er zijn nieuwe reacties geplaatst.")

        # The reader's connection drops; a reply comes in meanwhile; back, it shows once.
        reading.evaluate(
            "document.querySelector('[data-thread-live]').threadLive.dropConnection(1500)"
        )
        expect(status).to_have_text("Verbinding verbroken; opnieuw verbinden…")
        _elsewhere(services.post_reply, thread=thread, author=owner, body="Top, dank jullie wel!")
        bridge.relay(reading, until="welcome")
        expect(posts).to_have_count(3)
        expect(posts.last).to_contain_text("Top, dank jullie wel!")
        ids = posts.evaluate_all("items => items.map(item => Number(item.dataset.id))")
        assert ids == list(Post.objects.filter(thread=thread).values_list("id", flat=True))
    finally:
        reader_context.close()
        writer_context.close()
        bridge.close()
    assert not reader_errors and not writer_errors, reader_errors + writer_errors
