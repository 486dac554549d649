"""A deactivated account leaves every room at once: its open sockets are closed, not just refused
at the next connect."""

import pytest
from channels.db import database_sync_to_async

from tests.helpers import run_async
from tests.live.test_consumer import joined, next_frame, open_socket, path_for

pytestmark = pytest.mark.django_db(transaction=True)


def _deactivate(user):
    user.is_active = False
    user.save()


def test_a_deactivated_person_is_closed_out_of_every_room(
    cookies, room_page, librarian, colleague, _room_kinds
):
    _room_kinds.club_policy.members.update({librarian.pk, colleague.pk})

    async def scenario():
        chat, _ = await joined(path_for(room_page), cookies[librarian.pk])
        club, _ = await joined(path_for(room_page, "club"), cookies[librarian.pk])
        other, _ = await joined(path_for(room_page), cookies[colleague.pk])
        await database_sync_to_async(_deactivate)(librarian)
        seen = []
        for socket in (chat, club):
            seen.append((await next_frame(socket), await socket.receive_output(timeout=5)))
        # The colleague in the same room goes on chatting.
        await other.send_json_to({"type": "message", "body": "Nog iemand?", "ref": 1})
        frames = [await next_frame(other), await next_frame(other)]
        # Coming back with the old session cookie fails: it logs nobody in any more.
        _again, connected, code = await open_socket(path_for(room_page), cookies[librarian.pk])
        await other.disconnect()
        return seen, frames, (connected, code)

    seen, frames, again = run_async(scenario())
    for error, closed in seen:
        assert error["code"] == "access_revoked"
        assert error["message"] == "Je hebt geen toegang meer tot deze ruimte."
        assert closed == {"type": "websocket.close", "code": 4403}
    assert sorted(frame["type"] for frame in frames) == ["ack", "message"]
    assert again == (False, 4403)


def test_saving_an_active_person_keeps_their_socket_open(cookies, room_page, librarian):
    async def scenario():
        socket, _ = await joined(path_for(room_page), cookies[librarian.pk])
        librarian.display_name = "Bram B."
        await database_sync_to_async(librarian.save)()
        await socket.send_json_to({"type": "message", "body": "Nog steeds hier", "ref": 7})
        frames = [await next_frame(socket), await next_frame(socket)]
        await socket.disconnect()
        return frames

    frames = run_async(scenario())
    assert {"type": "ack", "ref": 7} in frames
