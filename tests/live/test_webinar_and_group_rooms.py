"""The rooms beside webinars and groups follow the Leerplatform's and the Coöperatieplatform's
own permission rules (through their room policies)."""

from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.test import Client

from cooperation import services as cooperation_services
from cooperation.models import Group, Membership
from learning.models import Audience, Registration
from live.models import Message, Question, Room
from live.permissions import access_for
from tests.cooperation.conftest import group_owner, make_group  # noqa: F401 - fixtures
from tests.factories import UserFactory
from tests.helpers import run_async
from tests.learning.conftest import make_webinar, webinar_index  # noqa: F401 - fixtures
from tests.live.conftest import session_cookie
from tests.live.test_consumer import joined, next_frame

pytestmark = pytest.mark.django_db(transaction=True)


def _rights(user, kind, target):
    access = access_for(user, kind, str(target.pk))
    return (access.can_read, access.can_post, access.can_moderate)


def test_during_a_webinar_the_registered_chat_others_read_and_editors_host(
    make_webinar, librarian, outsider, editor
):
    webinar = make_webinar(starts_in=timedelta(minutes=-5))
    Registration.objects.create(
        webinar=webinar, user=librarian, status=Registration.Status.REGISTERED
    )
    waiting = UserFactory(email="wacht@bibliotheek.test")
    Registration.objects.create(webinar=webinar, user=waiting, status=Registration.Status.WAITING)

    assert _rights(librarian, "webinar", webinar) == (True, True, False)
    assert _rights(waiting, "webinar", webinar) == (True, False, False)
    assert _rights(outsider, "webinar", webinar) == (True, False, False)
    assert _rights(editor, "webinar", webinar) == (True, True, True)
    from django.contrib.auth.models import AnonymousUser

    assert _rights(AnonymousUser(), "webinar", webinar) == (False, False, False)


def test_after_the_webinar_its_chat_belongs_to_the_recording_audience(
    make_webinar, make_group, librarian, outsider
):
    group = make_group(Group.Visibility.MEMBERS, name="Werkgroep jeugd")
    Membership.objects.create(group=group, user=librarian, role=Membership.Role.MEMBER)
    webinar = make_webinar(
        starts_in=timedelta(days=-1),
        recording_audience=Audience.GROUP,
        recording_group=group,
    )
    webinar.recording.save("opname.wav", ContentFile(b"RIFF0000WAVE"), save=True)
    assert _rights(librarian, "webinar", webinar)[0] is True
    assert _rights(outsider, "webinar", webinar)[0] is False


def test_the_webinar_page_carries_the_room_only_around_the_session(make_webinar, client, librarian):
    soon = make_webinar(starts_in=timedelta(minutes=20))
    later = make_webinar(starts_in=timedelta(days=3))
    client.force_login(librarian)
    assert 'class="live-room"' in client.get(soon.url).content.decode()
    assert 'class="live-room"' not in client.get(later.url).content.decode()


def test_the_recording_shows_the_answered_questions_and_the_chat(make_webinar, client, librarian):
    webinar = make_webinar(starts_in=timedelta(days=-1), recording_audience=Audience.MEMBERS)
    webinar.recording.save("opname.wav", ContentFile(b"RIFF0000WAVE"), save=True)
    room = Room.objects.create(kind="webinar", target_pk=str(webinar.pk))
    Question.objects.create(
        room=room, author=librarian, body="Mag ik de slides delen?", answered=True, answer="Ja."
    )
    Question.objects.create(room=room, author=librarian, body="Onbeantwoorde vraag")
    Message.objects.create(room=room, author=librarian, body="Dank!", body_html="<p>Dank!</p>")
    client.force_login(librarian)
    page = client.get(webinar.url).content.decode()
    assert "Mag ik de slides delen?" in page and "Ja." in page
    assert "Onbeantwoorde vraag" not in page
    assert "<p>Dank!</p>" in page


def test_group_rooms_follow_membership_and_visibility(make_group, librarian, outsider):
    private = make_group(Group.Visibility.MEMBERS, name="Stuurgroep")
    public = make_group(Group.Visibility.PUBLIC, name="Open werkgroep")
    for group in (private, public):
        Membership.objects.create(group=group, user=librarian, role=Membership.Role.MEMBER)
    owner = private.memberships.get(role=Membership.Role.OWNER).user

    assert _rights(librarian, "group", private) == (True, True, False)
    assert _rights(owner, "group", private) == (True, True, True)
    assert _rights(outsider, "group", private) == (False, False, False)
    assert _rights(outsider, "group", public) == (True, False, False)


def test_a_removed_member_loses_the_open_group_room_at_once(make_group, librarian):
    group = make_group(Group.Visibility.MEMBERS, name="Stuurgroep")
    membership = Membership.objects.create(group=group, user=librarian, role=Membership.Role.MEMBER)
    owner = group.memberships.get(role=Membership.Role.OWNER).user
    cookie = session_cookie(Client(), librarian)

    async def scenario():
        from channels.db import database_sync_to_async

        socket, _welcome = await joined(f"/ws/live/group/{group.pk}/", cookie)
        await database_sync_to_async(cooperation_services.membership_remove)(
            membership=membership, by=owner
        )
        frame = await next_frame(socket)
        closed = await socket.receive_output(timeout=5)
        return frame, closed

    frame, closed = run_async(scenario())
    assert frame["code"] == "access_revoked"
    assert closed == {"type": "websocket.close", "code": 4403}
