"""axe-core (WCAG 2.1 A and AA) finds nothing on the discussion pages, also with the editor's
toolbar and its @mention list open."""

import threading

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.db import connections
from django.test import Client
from django.urls import reverse
from playwright.sync_api import expect

from cooperation import services as group_services
from cooperation.discussions import services
from cooperation.models import Group
from tests.cooperation.conftest import add_member
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

WCAG_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


def _violations(page) -> list[str]:
    results = Axe().run(page, options=WCAG_AA)
    return [
        f"{violation['id']}: {violation['help']} ({len(violation['nodes'])}x)"
        for violation in results.response["violations"]
    ]


def test_thread_list_thread_and_new_thread_pages_pass_axe(browser, live_server):
    owner = UserFactory(display_name="Wies Werkgroep")
    member = UserFactory(display_name="Mo Moderator")
    group = group_services.group_create(
        owner=owner, name="Werkgroep Leesbevordering", visibility=Group.Visibility.MEMBERS
    )
    add_member(group, member)
    thread = services.thread_create(
        group=group, author=owner, title="Voorleesweek", body="**Wie** doet wat?\n\n- een\n- twee"
    )

    # In a thread of its own, as a request would be: the reply's broadcast uses async_to_sync,
    # which may not run beside Playwright's event loop.
    def reply():
        services.post_reply(thread=thread, author=member, body="> Wie doet wat?\n\nIk, @Wies")
        connections.close_all()  # this thread's own connection

    replying = threading.Thread(target=reply)
    replying.start()
    replying.join()
    client = Client()
    client.force_login(member)
    # A context of its own: a form sent back with remarks answers 400, which Chromium logs.
    context = browser.new_context(base_url=live_server.url, locale="nl-BE")
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    page = context.new_page()
    script_errors = []
    page.on("pageerror", lambda error: script_errors.append(str(error)))
    page.route_web_socket("**/ws/**", lambda route: None)

    page.goto(f"/cooperatie/{group.slug}/discussies/")
    assert _violations(page) == []

    page.goto(thread.get_absolute_url())
    box = page.get_by_label("Je bericht")
    mention_url = reverse("discussions:member_search", kwargs={"slug": group.slug})
    # Waiting for the answer itself: on a loaded CI machine it once took longer than the 5 s an
    # expect() waits, and a failed answer closes the list silently; its status says which it was.
    is_mention_answer = lambda response: mention_url in response.url  # noqa: E731
    with page.expect_response(is_mention_answer, timeout=30_000) as answer:
        box.press_sequentially("Dank je, @wi")
    assert answer.value.status == 200
    expect(page.get_by_role("option", name="Wies Werkgroep")).to_be_visible(timeout=10_000)
    assert _violations(page) == []

    page.goto(f"/cooperatie/{group.slug}/discussies/nieuw/")
    page.get_by_role("button", name="Draad starten").click()  # with the remarks shown
    expect(page.get_by_role("alert")).to_contain_text("Geef de draad een titel.")
    assert _violations(page) == []
    context.close()
    assert script_errors == []
