"""Rooms in the Wagtail admin: staff see every room with its state and message count and the
moderation log, and can switch a room to read-only, which its open sockets hear at once."""

import pytest
from channels.db import database_sync_to_async
from django.urls import reverse

from live.models import Message, ModerationAction, Room
from tests.helpers import run_async
from tests.live.test_consumer import joined, next_frame, path_for


@pytest.mark.django_db
def test_staff_see_the_rooms_with_state_and_message_count(client, editor, room_page, librarian):
    room = Room.objects.create(kind="page", target_pk=str(room_page.pk), slow_mode_seconds=30)
    for body in ("een", "twee", "drie"):
        Message.objects.create(room=room, author=librarian, body=body, body_html=body)
    ModerationAction.objects.create(
        room=room, actor=editor, action=ModerationAction.Action.SLOW_MODE, detail="30"
    )
    client.force_login(editor)

    listing = client.get(reverse("live_rooms:index")).content.decode()
    assert "Webinar over voorlezen" in listing
    assert "trage modus (30 s)" in listing
    assert "<td>3</td>" in "".join(listing.split())  # its message count

    log = client.get(reverse("live_moderation_log:index")).content.decode()
    assert "Bea Beheer" in log and "trage modus" in log.lower()
    edit = client.get(reverse("live_rooms:edit", args=[room.pk])).content.decode()
    assert "Moderatielogboek" in edit


@pytest.mark.django_db
def test_people_who_are_not_staff_do_not_get_the_rooms(client, librarian):
    client.force_login(librarian)
    response = client.get(reverse("live_rooms:index"))
    assert response.status_code in (302, 403)


@pytest.mark.django_db(transaction=True)
def test_staff_switch_a_room_to_read_only_and_open_screens_hear_it(
    client, cookies, editor, room_page, librarian
):
    client.force_login(editor)

    async def scenario():
        socket, _ = await joined(path_for(room_page), cookies[librarian.pk])
        room = await Room.objects.aget()
        response = await database_sync_to_async(client.post)(
            reverse("live_rooms:edit", args=[room.pk]),
            {"state": "read_only", "slow_mode_seconds": "0"},
        )
        frame = await next_frame(socket)
        await socket.send_json_to({"type": "message", "body": "Mag dit nog?"})
        refused = await next_frame(socket)
        await socket.disconnect()
        return response, frame, refused

    response, frame, refused = run_async(scenario())
    assert response.status_code == 302
    assert frame == {"type": "room_state", "state": "read_only", "slow_mode_seconds": 0}
    assert refused["code"] == "read_only"
    assert Room.objects.get().state == Room.State.READ_ONLY
    entry = ModerationAction.objects.get()
    assert (entry.actor, entry.action, entry.detail) == (editor, "state", "read_only")


@pytest.mark.django_db
def test_the_moderation_log_says_what_happened_in_dutch(client, editor, room_page, librarian):
    room = Room.objects.create(kind="page", target_pk=str(room_page.pk))
    ModerationAction.objects.create(
        room=room,
        actor=editor,
        action=ModerationAction.Action.MUTE,
        target_user=librarian,
        detail="until 2026-11-07T13:00:00+00:00",  # as the log has stored it from the start
    )
    ModerationAction.objects.create(
        room=room, actor=editor, action=ModerationAction.Action.SLOW_MODE, detail="1"
    )
    client.force_login(editor)
    log = client.get(reverse("live_moderation_log:index")).content.decode()
    assert "tot 7 november 2026, 14:00" in log and "until 2026" not in log
    assert "1 seconde" in log
    assert "Ruimte" in log and ">Room<" not in log  # the column and filter labels
    listing = client.get(reverse("live_rooms:index")).content.decode()
    assert "Doel" in listing and "Toestand" in listing
