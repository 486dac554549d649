"""Two people chat in Chromium; one loses the connection, messages are sent meanwhile, and after
reconnecting that screen shows them all, in order, with no gap and no duplicate.

The room is served by daphne in a thread of this process (the asgi_server fixture)."""

import pytest
from playwright.sync_api import expect

from portal.models import StandardPage
from tests.e2e.live_pages import logged_in_page
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _say(page, text):
    box = page.get_by_label("Je bericht")
    box.fill(text)
    box.press("Enter")
    expect(box).to_have_value("")  # cleared on the server's ack


def test_a_dropped_chat_reconnects_and_shows_what_it_missed_once(browser, asgi_server, home_page):
    from tests.live.policies import register

    register()
    target = home_page.add_child(instance=StandardPage(title="Voorleeswebinar", slug="voorlezen"))
    target.save_revision().publish()
    alice = UserFactory(display_name="Anna Aalst")
    bob = UserFactory(display_name="Bert Brugge")
    url = f"/live/page/{target.pk}/"

    context_a, page_a, errors_a = logged_in_page(browser, asgi_server, alice)
    context_b, page_b, errors_b = logged_in_page(browser, asgi_server, bob)
    try:
        for page in (page_a, page_b):
            page.goto(url)
            expect(page.get_by_label("Je bericht")).to_be_visible()  # shown once connected

        messages_b = page_b.locator(".live-messages .live-message__body")
        _say(page_a, "Eerste bericht")
        expect(messages_b).to_have_text(["Eerste bericht"])

        # Bob's network drops (as when a laptop changes Wi-Fi) and stays away for a few seconds.
        page_b.evaluate("document.querySelector('.live-room').liveRoom.dropConnection(5000)")
        expect(page_b.get_by_role("status").filter(has_text="opnieuw verbinden")).to_be_visible()
        expect(page_b.get_by_label("Je bericht")).to_be_hidden()
        _say(page_a, "Tweede, terwijl Bert weg is")
        _say(page_a, "Derde, ook gemist")
        assert messages_b.count() == 1  # still away: nothing arrived live

        # Back: the catch-up brings exactly the two he missed; then the chat goes on live.
        expect(page_b.get_by_label("Je bericht")).to_be_visible(timeout=15_000)
        expect(messages_b).to_have_text(
            ["Eerste bericht", "Tweede, terwijl Bert weg is", "Derde, ook gemist"]
        )
        _say(page_b, "Ik ben er weer")
        _say(page_a, "Welkom terug")
        expected = [
            "Eerste bericht",
            "Tweede, terwijl Bert weg is",
            "Derde, ook gemist",
            "Ik ben er weer",
            "Welkom terug",
        ]
        expect(messages_b).to_have_text(expected)
        expect(page_a.locator(".live-messages .live-message__body")).to_have_text(expected)
        ids = page_b.locator(".live-messages li[data-id]").evaluate_all(
            "items => items.map(item => Number(item.dataset.id))"
        )
        assert ids == sorted(set(ids)) and len(ids) == 5
    finally:
        context_a.close()
        context_b.close()
    assert not errors_a and not errors_b, errors_a + errors_b
