"""The room socket through the door a browser uses: the ASGI application with its origin check and
session auth, driven by Channels' WebsocketCommunicator."""

import asyncio
from datetime import timedelta

import pytest
from channels.testing import WebsocketCommunicator
from django.utils import timezone

from live.models import Message, ModerationAction, Question, Room
from live.services import room_access_revoke
from portal.asgi import application
from tests.factories import UserFactory
from tests.helpers import run_async

pytestmark = pytest.mark.django_db(transaction=True)

SKIPPED = {"presence", "pong"}


async def open_socket(path, cookie=None):
    headers = [(b"origin", b"http://localhost:8000")]
    if cookie:
        headers.append((b"cookie", cookie))
    communicator = WebsocketCommunicator(application, path, headers=headers)
    connected, code = await communicator.connect(timeout=5)
    return communicator, connected, code


async def next_frame(communicator, timeout=5):
    """The next frame that is not a presence update (those come and go with every connect)."""
    while True:
        frame = await communicator.receive_json_from(timeout=timeout)
        if frame["type"] not in SKIPPED:
            return frame


async def joined(path, cookie):
    communicator, connected, _ = await open_socket(path, cookie)
    assert connected
    welcome = await next_frame(communicator)
    assert welcome["type"] == "welcome"
    return communicator, welcome


def path_for(page, kind="page"):
    return f"/ws/live/{kind}/{page.pk}/"


def test_a_message_reaches_everyone_in_the_room_and_is_stored(
    cookies, room_page, librarian, colleague
):
    async def scenario():
        alice, welcome = await joined(path_for(room_page), cookies[librarian.pk])
        bob, _ = await joined(path_for(room_page), cookies[colleague.pk])
        assert welcome["you"] == {"id": librarian.pk, "can_post": True, "can_moderate": False}
        await alice.send_json_to({"type": "message", "body": "Hallo **allemaal**", "ref": 1})
        frames = [await next_frame(alice), await next_frame(alice), await next_frame(bob)]
        await alice.disconnect()
        await bob.disconnect()
        return frames

    frames = run_async(scenario())
    types = sorted(frame["type"] for frame in frames)
    assert types == ["ack", "message", "message"]
    message = next(frame for frame in frames if frame["type"] == "message")
    stored = Message.objects.get()
    assert message["id"] == stored.pk
    assert message["html"] == "Hallo <strong>allemaal</strong>"
    assert message["author"] == {"id": librarian.pk, "name": "Bram Bibliothecaris"}


@pytest.mark.parametrize(
    ("who", "kind"),
    [("anonymous", "page"), ("outsider", "club"), ("anonymous", "nosuchkind")],
)
def test_who_may_not_read_the_room_cannot_open_its_socket(cookies, room_page, outsider, who, kind):
    cookie = cookies[outsider.pk] if who == "outsider" else None

    async def scenario():
        communicator, connected, code = await open_socket(path_for(room_page, kind), cookie)
        return connected, code

    connected, code = run_async(scenario())
    assert not connected
    assert code == 4403
    assert not Room.objects.exists()


@pytest.mark.parametrize(
    ("body", "code", "dutch"),
    [
        ("   ", "empty", "Schrijf eerst iets."),
        ("x" * 2001, "too_long", "maximaal 2000 tekens"),
        (None, "empty", "Schrijf eerst iets."),
    ],
)
def test_an_invalid_message_gets_a_dutch_error_and_is_not_stored(
    cookies, room_page, librarian, body, code, dutch
):
    async def scenario():
        socket, _ = await joined(path_for(room_page), cookies[librarian.pk])
        await socket.send_json_to({"type": "message", "body": body})
        frame = await next_frame(socket)
        await socket.disconnect()
        return frame

    frame = run_async(scenario())
    assert frame["type"] == "error"
    assert frame["code"] == code
    assert dutch in frame["message"]
    assert not Message.objects.exists()


def test_errors_come_in_the_language_of_the_person(cookies, room_page):
    english = UserFactory(preferred_language="en")
    cookie = cookies[english.pk]

    async def scenario():
        socket, _ = await joined(path_for(room_page), cookie)
        await socket.send_json_to({"type": "message", "body": ""})
        frame = await next_frame(socket)
        await socket.send_json_to({"type": "dance"})
        unknown = await next_frame(socket)
        await socket.disconnect()
        return frame, unknown

    frame, unknown = run_async(scenario())
    assert frame == {"type": "error", "code": "empty", "message": "Write something first."}
    assert unknown["code"] == "unknown_type"


def test_the_sixth_message_in_ten_seconds_is_refused_as_flood(cookies, room_page, librarian):
    async def scenario():
        socket, _ = await joined(path_for(room_page), cookies[librarian.pk])
        frames = []
        for number in range(6):
            await socket.send_json_to({"type": "message", "body": f"bericht {number}"})
            frames.append(await next_frame(socket))
        await socket.disconnect()
        return frames

    frames = run_async(scenario())
    assert [frame["type"] for frame in frames] == ["message"] * 5 + ["error"]
    assert frames[-1]["code"] == "flood"
    assert "Rustig aan" in frames[-1]["message"]
    assert Message.objects.count() == 5


def test_moderator_hides_a_message_and_it_vanishes_from_every_open_screen(
    cookies, room_page, librarian, colleague, moderator
):
    async def scenario():
        alice, _ = await joined(path_for(room_page), cookies[librarian.pk])
        bob, _ = await joined(path_for(room_page), cookies[colleague.pk])
        mod, welcome = await joined(path_for(room_page), cookies[moderator.pk])
        assert welcome["you"]["can_moderate"] is True
        await alice.send_json_to({"type": "message", "body": "iets ongepasts"})
        message = await next_frame(bob)
        await next_frame(alice)
        await next_frame(mod)
        await mod.send_json_to({"type": "hide", "message": message["id"]})
        seen = [await next_frame(alice), await next_frame(bob), await next_frame(mod)]
        for socket in (alice, bob, mod):
            await socket.disconnect()
        return message, seen

    message, seen = run_async(scenario())
    assert seen == [{"type": "hidden", "id": message["id"]}] * 3
    hidden = Message.objects.get()
    assert hidden.hidden and hidden.hidden_by == moderator
    action = ModerationAction.objects.get()
    assert (action.action, action.actor, action.target_message) == (
        "hide_message",
        moderator,
        hidden,
    )


def test_a_librarian_cannot_moderate(cookies, room_page, librarian, colleague):
    async def scenario():
        alice, _ = await joined(path_for(room_page), cookies[librarian.pk])
        await alice.send_json_to({"type": "message", "body": "mijn bericht"})
        message = await next_frame(alice)
        frames = []
        for frame in (
            {"type": "hide", "message": message["id"]},
            {"type": "mute", "user": colleague.pk},
            {"type": "room_state", "state": "closed"},
        ):
            await alice.send_json_to(frame)
            frames.append(await next_frame(alice))
        await alice.disconnect()
        return frames

    frames = run_async(scenario())
    assert {frame["code"] for frame in frames} == {"forbidden"}
    assert not ModerationAction.objects.exists()
    assert Room.objects.get().state == "open"


def test_a_muted_person_cannot_write_for_the_rest_of_the_session(
    cookies, room_page, librarian, moderator
):
    async def scenario():
        alice, _ = await joined(path_for(room_page), cookies[librarian.pk])
        mod, _ = await joined(path_for(room_page), cookies[moderator.pk])
        await mod.send_json_to({"type": "mute", "user": librarian.pk})
        notice = await next_frame(alice)
        await alice.send_json_to({"type": "message", "body": "mag ik nog?"})
        refused = await next_frame(alice)
        await alice.disconnect()
        await mod.disconnect()
        return notice, refused

    notice, refused = run_async(scenario())
    assert notice["type"] == "muted"
    assert refused["code"] == "muted"
    assert not Message.objects.exists()
    assert ModerationAction.objects.get().action == "mute"


def test_slow_mode_and_read_only_are_announced_and_enforced(
    cookies, room_page, librarian, moderator
):
    async def scenario():
        alice, _ = await joined(path_for(room_page), cookies[librarian.pk])
        mod, _ = await joined(path_for(room_page), cookies[moderator.pk])
        await mod.send_json_to({"type": "room_state", "slow_mode_seconds": 30})
        slow = await next_frame(alice)
        await next_frame(mod)
        await alice.send_json_to({"type": "message", "body": "één"})
        await next_frame(alice)
        await alice.send_json_to({"type": "message", "body": "twee"})
        too_soon = await next_frame(alice)
        await mod.send_json_to({"type": "room_state", "state": "read_only"})
        read_only = await next_frame(alice)
        assert (await next_frame(mod))["type"] == "message"
        assert (await next_frame(mod))["state"] == "read_only"
        await mod.send_json_to({"type": "message", "body": "ook de moderator niet"})
        refused = await next_frame(mod)
        await alice.disconnect()
        await mod.disconnect()
        return slow, too_soon, read_only, refused

    slow, too_soon, read_only, refused = run_async(scenario())
    assert slow == {"type": "room_state", "state": "open", "slow_mode_seconds": 30}
    assert too_soon["code"] == "slow_mode"
    assert read_only["state"] == "read_only"
    assert refused["code"] == "read_only"
    assert Message.objects.count() == 1
    assert sorted(ModerationAction.objects.values_list("action", flat=True)) == [
        "slow_mode",
        "state",
    ]


def test_a_room_turns_read_only_after_its_target_closes(cookies, room_page, librarian, _room_kinds):
    _room_kinds.page_policy.windows[room_page.pk] = (None, timezone.now() - timedelta(minutes=1))

    async def scenario():
        socket, welcome = await joined(path_for(room_page), cookies[librarian.pk])
        await socket.send_json_to({"type": "message", "body": "te laat"})
        frame = await next_frame(socket)
        await socket.disconnect()
        return welcome, frame

    welcome, frame = run_async(scenario())
    assert welcome["room"]["state"] == "read_only"
    assert frame["code"] == "read_only"


def test_reconnecting_with_after_gets_exactly_the_missed_messages(
    cookies, room_page, librarian, colleague
):
    async def scenario():
        alice, _ = await joined(path_for(room_page), cookies[librarian.pk])
        ids = []
        for number in range(4):
            await alice.send_json_to({"type": "message", "body": f"nummer {number}"})
            ids.append((await next_frame(alice))["id"])
        bob, _, _ = await open_socket(
            f"{path_for(room_page)}?after={ids[1]}", cookies[colleague.pk]
        )
        welcome = await next_frame(bob)
        catch_up = await next_frame(bob)
        await alice.disconnect()
        await bob.disconnect()
        return ids, welcome, catch_up

    ids, welcome, catch_up = run_async(scenario())
    assert welcome["type"] == "welcome"
    assert catch_up["type"] == "catch_up"
    assert [message["id"] for message in catch_up["messages"]] == ids[2:]
    assert catch_up["complete"] is True


def test_a_removed_member_is_closed_out_of_the_room(cookies, room_page, librarian, _room_kinds):
    _room_kinds.club_policy.members.add(librarian.pk)

    async def scenario():
        socket, _ = await joined(path_for(room_page, "club"), cookies[librarian.pk])
        from channels.db import database_sync_to_async

        _room_kinds.club_policy.members.discard(librarian.pk)
        await database_sync_to_async(room_access_revoke)("club", room_page.pk, librarian)
        frame = await next_frame(socket)
        closed = await socket.receive_output(timeout=5)
        return frame, closed

    frame, closed = run_async(scenario())
    assert frame["code"] == "access_revoked"
    assert closed == {"type": "websocket.close", "code": 4403}


def test_a_member_who_keeps_access_stays_after_a_recheck(
    cookies, room_page, librarian, _room_kinds
):
    _room_kinds.club_policy.members.add(librarian.pk)

    async def scenario():
        from channels.db import database_sync_to_async

        socket, _ = await joined(path_for(room_page, "club"), cookies[librarian.pk])
        await database_sync_to_async(room_access_revoke)("club", room_page.pk, librarian)
        await socket.send_json_to({"type": "message", "body": "Nog steeds hier", "ref": 3})
        frames = [await next_frame(socket), await next_frame(socket)]
        await socket.disconnect()
        return frames

    # Nothing changed for them: no `access` frame, and the room goes on as before.
    frames = run_async(scenario())
    assert sorted(frame["type"] for frame in frames) == ["ack", "message"]


def test_questions_are_voted_once_per_person_and_answered_by_a_moderator(
    cookies, room_page, librarian, colleague, moderator
):
    async def scenario():
        alice, _ = await joined(path_for(room_page), cookies[librarian.pk])
        bob, _ = await joined(path_for(room_page), cookies[colleague.pk])
        mod, _ = await joined(path_for(room_page), cookies[moderator.pk])
        await alice.send_json_to({"type": "question", "body": "Komen de slides online?"})
        question = await next_frame(bob)
        await bob.send_json_to({"type": "vote", "question": question["id"]})
        voted = await next_frame(bob)
        await bob.send_json_to({"type": "vote", "question": question["id"]})
        again = await next_frame(bob)
        await mod.send_json_to(
            {"type": "answer", "question": question["id"], "answer": "Ja, morgen."}
        )
        while (answered := await next_frame(alice))["answered"] is not True:
            pass
        for socket in (alice, bob, mod):
            await socket.disconnect()
        return question, voted, again, answered

    question, voted, again, answered = run_async(scenario())
    assert question["votes"] == 0
    assert voted["votes"] == 1
    assert again["code"] == "already_voted"
    assert answered["answer"] == "Ja, morgen."
    assert Question.objects.get().vote_count == 1


def test_a_mention_of_someone_in_the_room_is_marked_and_recorded(
    cookies, room_page, librarian, colleague
):
    async def scenario():
        alice, _ = await joined(path_for(room_page), cookies[librarian.pk])
        bob, _ = await joined(path_for(room_page), cookies[colleague.pk])
        await alice.send_json_to({"type": "message", "body": "Wat denk jij, @Cas Collega?"})
        frame = await next_frame(bob)
        await alice.disconnect()
        await bob.disconnect()
        return frame

    frame = run_async(scenario())
    assert "<strong>@Cas Collega</strong>" in frame["html"]
    assert list(Message.objects.get().mentions.all()) == [colleague]


def test_presence_counts_people_across_sockets(cookies, room_page, librarian, colleague):
    async def scenario():
        first, _ = await joined(path_for(room_page), cookies[librarian.pk])
        second, _ = await joined(path_for(room_page), cookies[librarian.pk])
        third, _ = await joined(path_for(room_page), cookies[colleague.pk])
        await asyncio.sleep(0)
        await third.send_json_to({"type": "ping"})
        while (frame := await third.receive_json_from(timeout=5))["type"] != "pong":
            pass
        for socket in (first, second, third):
            await socket.disconnect()
        return frame

    assert run_async(scenario()) == {"type": "pong", "presence": 2}
