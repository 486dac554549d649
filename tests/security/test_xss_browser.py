"""XSS payloads in Chromium, as another person sees them: a representative part of the corpus
(every eighth payload, one of each kind) written into every field by attackers
(tests/security/hostile.py), read by a member in a real browser served by daphne, with the page's
own scripts running: pages, the search with payload queries and its suggestions in the header box,
the notifications, and a webinar's live room, where an attacker sends chat messages and questions
over the WebSocket while the reader watches them arrive, and its transcript without JavaScript.

No dialog, no injected element or attribute (page_check.FIND_INJECTIONS), no request to another
host, no script error (a CSP violation is one). The whole corpus is checked on the server side by
test_xss_pages.py; the discussions' posts by tests/e2e/test_discussions_xss.py."""

import time
from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from playwright.sync_api import expect

from live.models import Message, Question
from tests.e2e.live_pages import logged_in_page
from tests.security import hostile
from tests.security.page_check import FIND_INJECTIONS, Watch, page_injections
from tests.security.xss_payloads import EXTERNAL_HOST, PAYLOADS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SUBSET = PAYLOADS[::8]

# Run in the attacker's page: its own socket to the room, the payloads as chat messages and
# questions, each message acknowledged before the next (as the room's script does).
SEND_OVER_THE_SOCKET = """async ([path, payloads]) => {
  const socket = new WebSocket(`ws://${location.host}${path}`);
  const frames = [];
  socket.onmessage = (event) => frames.push(JSON.parse(event.data));
  await new Promise((resolve) => socket.addEventListener("open", resolve));
  let ref = 0;
  for (const body of payloads) {
    ref += 1;
    socket.send(JSON.stringify({type: "message", body, ref}));
    socket.send(JSON.stringify({type: "question", body}));
  }
  const deadline = Date.now() + 20000;
  while (frames.filter((f) => f.type === "ack" || f.type === "error").length < ref
         && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  socket.close();
  return frames.filter((f) => f.type === "error").map((f) => f.code);
}"""


def _in_a_thread(function):
    """Runs `function` away from Playwright's event loop (the services' broadcasts cannot be
    sent from a thread that runs one) and closes that thread's database connection."""
    from concurrent.futures import ThreadPoolExecutor

    from django.db import connection

    def run():
        try:
            return function()
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(run).result()


def _findings(page) -> list[str]:
    return page.evaluate(FIND_INJECTIONS, EXTERNAL_HOST)


def test_payloads_stay_text_in_another_members_browser(
    browser, asgi_server, home_page, monkeypatch
):
    from live import services as live

    world = _in_a_thread(lambda: hostile.build(home_page, SUBSET, chatters=len(SUBSET)))
    library, members = world.library, world.members
    context, page, _errors = logged_in_page(browser, asgi_server, world.reader)
    watch = Watch(page, "127.0.0.1")
    found = []
    try:
        pages = [
            members.get_absolute_url(),
            reverse("cooperation:members", kwargs={"slug": members.slug}),
            world.thread.get_absolute_url(),
            reverse("cooperation:directory"),
            library.get_absolute_url(),
            world.documents[0].get_absolute_url(),
            world.groups[0].get_absolute_url(),
            reverse("meetings:list", kwargs={"slug": library.slug}),
            reverse("meetings:detail", args=[library.slug, world.agenda_meeting.pk]),
            reverse("meetings:published"),
            reverse("notifications:list"),
            f"{reverse('search:search')}?{urlencode({'q': SUBSET[3]})}",
            f"{reverse('search:search')}?q=alert",
        ]
        for url in pages:
            page.goto(url)
            found += [(url, finding) for finding in _findings(page)]

        # The header's suggestions, rendered by its script from the JSON of payload titles.
        page.goto("/")
        # ("alert": PostgreSQL's parser drops "<script>" as a tag, but keeps the word "alert".)
        page.get_by_role("combobox").fill("alert")
        expect(page.get_by_role("option").first).to_be_visible()
        shown = page.get_by_role("listbox").inner_text()
        assert "alert(" in shown and "<" in shown  # the titles, as text
        found += [("suggestions", finding) for finding in _findings(page)]

        # The webinar's room: the reader watches while an attacker sends the corpus over the
        # socket (the flood limit is lifted so that one attacker can send it all).
        monkeypatch.setattr(live, "FLOOD_MESSAGES", 10_000)
        room_url = reverse("live:room", args=["webinar", world.webinar.pk])
        page.goto(room_url)
        expect(page.get_by_label("Je bericht")).to_be_visible()  # connected
        in_room = {"room__kind": "webinar", "room__target_pk": str(world.webinar.pk)}
        before = Message.objects.filter(**in_room).count()
        attacker_context, attacker_page, _ = logged_in_page(browser, asgi_server, world.chatters[1])
        try:
            attacker_page.goto(room_url)
            refused = attacker_page.evaluate(
                SEND_OVER_THE_SOCKET, [f"/ws/live/webinar/{world.webinar.pk}/", SUBSET]
            )
        finally:
            attacker_context.close()
        assert set(refused) <= {"empty"}, refused
        assert Message.objects.filter(**in_room).count() > before
        # The room may still be storing the last items when the attacker's page closes: the
        # reader's page must come to show exactly what is stored.
        _shows_what_is_stored(page, "messages", Message.objects.filter(**in_room))
        _shows_what_is_stored(page, "questions", Question.objects.filter(**in_room))
        found += [("live room", finding) for finding in _findings(page)]
    finally:
        context.close()
    assert found == []
    assert watch.problems() == []

    # The same room without JavaScript: the transcript the server writes.
    client = Client()
    client.force_login(world.reader)
    no_script = browser.new_context(base_url=asgi_server, java_script_enabled=False)
    no_script.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME,
          "value": client.cookies[settings.SESSION_COOKIE_NAME].value, "url": asgi_server}]
    )  # fmt: skip
    try:
        transcript = no_script.new_page()
        watch = Watch(transcript, "127.0.0.1")
        transcript.goto(room_url)
        assert transcript.locator(".live-message").count() >= 50
        html = transcript.content()
    finally:
        no_script.close()
    assert page_injections(html) == []
    assert watch.problems() == []


def _shows_what_is_stored(page, kind: str, stored, seconds: float = 10) -> None:
    items = page.locator(f'[data-live="{kind}"] li[data-id]')
    deadline = time.monotonic() + seconds
    while (shown := items.count()) != (count := stored.count()):
        assert time.monotonic() < deadline, f"{kind}: {shown} shown, {count} stored"
        page.wait_for_timeout(100)
