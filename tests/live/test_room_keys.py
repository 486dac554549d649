"""One room, one key (issue 21, class 5): a room is reached by exactly one address,
/ws/live/<kind>/<str(target.pk)>/. Every other spelling of that address is refused, so mute,
slow mode and a closed room cannot be walked around by writing the number differently, and a
membership change reaches every socket of the room.

Each spelling goes through the real ASGI application (origin check, session, URL router) with
Channels' WebsocketCommunicator, percent-encoded as a browser sends it, and through the room's
HTTP page."""

from datetime import timedelta
from urllib.parse import quote

import pytest
from channels.db import database_sync_to_async
from django.test import Client

from cooperation.models import Group, Membership
from learning.models import Registration
from live.models import Message, Room
from live.services import room_access_revoke
from tests.cooperation.conftest import group_owner, make_group  # noqa: F401 - fixtures
from tests.helpers import run_async
from tests.learning.conftest import make_webinar, webinar_index  # noqa: F401 - fixtures
from tests.live.conftest import session_cookie
from tests.live.test_consumer import joined, next_frame, open_socket

pytestmark = pytest.mark.django_db(transaction=True)

ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")
SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")

# Every other way to write the target's pk in the address (`pk` is the canonical "7").
OTHER_PK_SPELLINGS = {
    "leading zero": lambda pk: f"0{pk}",
    "many leading zeros": lambda pk: "0" * 80 + pk,
    "plus sign": lambda pk: f"+{pk}",
    "minus zero": lambda pk: f"-0{pk}",
    "decimal point": lambda pk: f"{pk}.0",
    "exponent": lambda pk: f"{pk}e0",
    "hexadecimal": lambda pk: hex(int(pk)),
    "underscore": lambda pk: f"0_{pk}",
    "space before": lambda pk: f" {pk}",
    "space after": lambda pk: f"{pk} ",
    "newline after": lambda pk: f"{pk}\n",
    "arabic-indic digits": lambda pk: pk.translate(ARABIC_INDIC),
    "fullwidth digits": lambda pk: pk.translate(FULLWIDTH),
    "superscript digits": lambda pk: pk.translate(SUPERSCRIPT),
    "beyond 64 bits": lambda pk: "9" * 30,
    "beyond int() of a string": lambda pk: "9" * 5000,
}

# Other spellings of the whole address, kind included.
OTHER_PATHS = {
    "kind capitalised": lambda kind, pk: f"/ws/live/{kind.capitalize()}/{pk}/",
    "kind upper case": lambda kind, pk: f"/ws/live/{kind.upper()}/{pk}/",
    "no trailing slash": lambda kind, pk: f"/ws/live/{kind}/{pk}",
    "double trailing slash": lambda kind, pk: f"/ws/live/{kind}/{pk}//",
    "double slash before pk": lambda kind, pk: f"/ws/live/{kind}//{pk}/",
    "extra segment": lambda kind, pk: f"/ws/live/{kind}/{pk}/x/",
}


def _canonical(kind, pk) -> str:
    return f"/ws/live/{kind}/{pk}/"


def _spellings(kind, pk) -> dict[str, str]:
    paths = {
        name: f"/ws/live/{kind}/{quote(spell(str(pk)), safe='')}/"
        for name, spell in OTHER_PK_SPELLINGS.items()
    }
    paths.update({name: spell(kind, pk) for name, spell in OTHER_PATHS.items()})
    return paths


async def _refused(path, cookie) -> tuple[bool, str]:
    """(refused, how): the socket never opened, by a refused handshake or because no route
    matched. Any other exception is a crash, and fails the test."""
    try:
        communicator, connected, code = await open_socket(path, cookie)
    except ValueError as error:
        if not str(error).startswith("No route found for path"):  # Channels' URLRouter
            raise
        return True, "no route"
    if connected:
        await communicator.disconnect()
        return False, "accepted"
    return True, f"closed {code}"


@pytest.fixture
def rooms(make_webinar, make_group, room_page, librarian):  # noqa: F811 - fixtures above
    """One target of every kind `librarian` may post in: (kind, pk) pairs."""
    webinar = make_webinar(starts_in=timedelta(minutes=-5))
    Registration.objects.create(
        webinar=webinar, user=librarian, status=Registration.Status.REGISTERED
    )
    group = make_group(Group.Visibility.MEMBERS, name="Werkgroep sleutels")
    Membership.objects.create(group=group, user=librarian, role=Membership.Role.MEMBER)
    return [("page", room_page.pk), ("webinar", webinar.pk), ("group", group.pk)]


def test_every_other_spelling_of_a_room_address_is_refused(rooms, librarian):
    cookie = session_cookie(Client(), librarian)

    async def scenario():
        outcome = {}
        for kind, pk in rooms:
            socket, _ = await joined(_canonical(kind, pk), cookie)
            await socket.disconnect()
            for name, path in _spellings(kind, pk).items():
                try:
                    outcome[(kind, name)] = await _refused(path, cookie)
                except Exception as crash:
                    outcome[(kind, name)] = (False, f"crashed: {crash!r}")
        return outcome

    outcome = run_async(scenario())
    opened = {cell: how for cell, (refused, how) in outcome.items() if not refused}
    assert opened == {}, f"other spellings opened a room: {opened}"
    keys = sorted(Room.objects.values_list("kind", "target_pk"))
    assert keys == sorted((kind, str(pk)) for kind, pk in rooms)


def test_every_other_spelling_of_a_room_page_is_not_found(rooms, client, librarian):
    client.force_login(librarian)
    for kind, pk in rooms:
        assert client.get(f"/live/{kind}/{pk}/").status_code == 200
        for name, spell in OTHER_PK_SPELLINGS.items():
            response = client.get(f"/live/{kind}/{quote(spell(str(pk)), safe='')}/")
            assert response.status_code == 404, (kind, name, response.status_code)
    assert not Room.objects.exists()  # reading a page creates no room


@pytest.mark.parametrize("spelling", sorted(OTHER_PK_SPELLINGS))
def test_a_person_muted_in_a_room_cannot_post_through_another_spelling(
    cookies, room_page, librarian, moderator, spelling
):
    """The attack: muted (or slowed, or closed) in /ws/live/page/7/, write in /ws/live/page/07/."""
    other = f"/ws/live/page/{quote(OTHER_PK_SPELLINGS[spelling](str(room_page.pk)), safe='')}/"

    async def scenario():
        mod, _ = await joined(_canonical("page", room_page.pk), cookies[moderator.pk])
        await mod.send_json_to({"type": "mute", "user": librarian.pk})
        await mod.send_json_to({"type": "room_state", "slow_mode_seconds": 600})
        alice, connected, _ = await open_socket(other, cookies[librarian.pk])
        answer = None
        if connected:
            await next_frame(alice)  # welcome
            await alice.send_json_to({"type": "message", "body": "toch nog even"})
            answer = await next_frame(alice)
            await alice.disconnect()
        await mod.disconnect()
        return connected, answer

    connected, answer = run_async(scenario())
    assert not connected, f"{other!r} opened a room and answered {answer}"
    assert not Message.objects.exists()
    assert Room.objects.count() == 1


def test_a_removed_member_is_closed_out_of_the_only_room_there_is(
    cookies, room_page, librarian, _room_kinds
):
    """A membership change reaches the room of the canonical key; a socket that came in through
    another spelling would have sat in a room of its own and never heard of it."""
    _room_kinds.club_policy.members.add(librarian.pk)

    async def scenario():
        refused = await _refused(f"/ws/live/club/0{room_page.pk}/", cookies[librarian.pk])
        socket, _ = await joined(_canonical("club", room_page.pk), cookies[librarian.pk])
        _room_kinds.club_policy.members.discard(librarian.pk)
        await database_sync_to_async(room_access_revoke)("club", room_page.pk, librarian)
        frame = await next_frame(socket)
        closed = await socket.receive_output(timeout=5)
        return refused, frame, closed

    refused, frame, closed = run_async(scenario())
    assert refused[0], refused
    assert frame["code"] == "access_revoked"
    assert closed == {"type": "websocket.close", "code": 4403}
