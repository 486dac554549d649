"""Deleting an account closes its open sockets in every room at once, not at the next connect."""

import pytest
from channels.db import database_sync_to_async
from django.conf import settings
from django.test import Client

from cooperation.models import Group, Membership
from privacy import services
from tests.factories import UserFactory
from tests.helpers import run_async
from tests.live.test_consumer import joined, next_frame, open_socket

pytestmark = pytest.mark.django_db(transaction=True)


def _cookie(user) -> bytes:
    client = Client()
    client.force_login(user)
    name = settings.SESSION_COOKIE_NAME
    return f"{name}={client.cookies[name].value}".encode()


def test_her_open_sockets_are_closed_and_the_room_goes_on():
    pien = UserFactory(display_name="Pien Privé")
    otto = UserFactory(display_name="Otto Ander")
    group = Group.objects.create(name="Werkgroep Privacy", slug="privacy")
    for person in (pien, otto):
        Membership.objects.create(group=group, user=person)
    path = f"/ws/live/group/{group.pk}/"
    cookies = {person.pk: _cookie(person) for person in (pien, otto)}

    async def scenario():
        hers, _ = await joined(path, cookies[pien.pk])
        his, _ = await joined(path, cookies[otto.pk])
        await database_sync_to_async(services.account_erase)(user=pien, by=pien)
        error, closed = await next_frame(hers), await hers.receive_output(timeout=5)
        await his.send_json_to({"type": "message", "body": "Nog iemand?", "ref": 1})
        frames = [await next_frame(his), await next_frame(his)]
        _again, connected, code = await open_socket(path, cookies[pien.pk])
        await his.disconnect()
        return error, closed, frames, (connected, code)

    error, closed, frames, again = run_async(scenario())
    assert error["code"] == "access_revoked"
    assert closed == {"type": "websocket.close", "code": 4403}
    assert sorted(frame["type"] for frame in frames) == ["ack", "message"]
    assert again == (False, 4403)
