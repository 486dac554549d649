"""Redis stopped and started under a live chat, for real: daphne runs as its own process against
PostgreSQL and a private Redis, two people chat in Chromium, and Redis goes away for a while. The
pages keep working, the chat says it is reconnecting, and once Redis is back each screen shows
every stored message once, in order (one stored during the outage, as by another server process,
whose broadcast never went out), and the chat goes on live (live.relay.LayerWatch)."""

import pytest
from django.conf import settings
from playwright.sync_api import expect

from cooperation import services
from cooperation.models import Group, Membership
from live import services as live_services
from live.models import Message
from tests.deploy.test_faults import (
    _daphne,
    _get,
    private_redis,  # noqa: F401 - a fixture
)
from tests.e2e.live_pages import logged_in_page
from tests.factories import UserFactory
from tests.live.test_two_servers import _database_url

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not settings.IS_POSTGRES,
        reason="needs PostgreSQL (DATABASE_URL, as in CI): daphne runs as its own process and "
        "shares the test database",
    ),
]


def _say(page, text):
    box = page.get_by_label("Je bericht")
    box.fill(text)
    box.press("Enter")
    expect(box).to_have_value("")  # cleared on the server's ack


def test_chat_survives_a_redis_outage_and_shows_every_stored_message_once(
    browser,
    private_redis,  # noqa: F811
):
    owner = UserFactory(display_name="Anna Aalst")
    member = UserFactory(display_name="Bert Brugge")
    group = services.group_create(
        owner=owner, visibility=Group.Visibility.MEMBERS, name="Werkgroep Voorlezen"
    )
    Membership.objects.create(group=group, user=member, role=Membership.Role.MEMBER)
    server, base = _daphne({"DATABASE_URL": _database_url(), "REDIS_URL": private_redis.url})
    pages = []
    try:
        for person in (owner, member):
            context, page, _errors = logged_in_page(browser, base, person)
            page.goto(f"/live/group/{group.pk}/")
            expect(page.get_by_label("Je bericht")).to_be_visible()
            pages.append(page)
        anna, bert = pages
        _say(anna, "Voor de storing")
        expect(bert.locator(".live-message__body")).to_have_text(["Voor de storing"])

        private_redis.stop()
        # The pages themselves keep working without Redis.
        assert _get(base + f"/cooperatie/{group.slug}/")[0] in (200, 302)
        for page in pages:
            expect(page.get_by_role("status").filter(has_text="opnieuw verbinden")).to_be_visible(
                timeout=20_000
            )

        # Stored meanwhile, as through another server process: its broadcast is lost with Redis.
        room = live_services.room_get_or_create(kind="group", target_pk=group.pk)
        live_services.message_post(room=room, user=owner, body="Tijdens de storing")

        private_redis.start()
        for page in pages:
            expect(page.get_by_label("Je bericht")).to_be_visible(timeout=30_000)
        _say(bert, "Na de storing")
        _say(anna, "Fijn dat je er weer bent")

        stored = list(Message.objects.order_by("pk").values_list("body", flat=True))
        for page in pages:
            expect(page.locator(".live-message__body")).to_have_text(stored)
        assert stored == [
            "Voor de storing",
            "Tijdens de storing",
            "Na de storing",
            "Fijn dat je er weer bent",
        ]
    finally:
        for page in pages:
            page.context.close()
        server.kill()  # daphne would wait for its sockets to close
        server.wait(timeout=10)
