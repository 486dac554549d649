"""Deactivating a person ends their sessions, whoever does it: an editor in the Wagtail admin, or
their provider (back-channel logout); their open WebSockets are closed too. People see their own
sessions and end the others themselves."""

import pytest
from allauth.socialaccount.models import SocialAccount
from allauth.usersessions.models import UserSession
from asgiref.sync import sync_to_async
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import connections
from django.test import Client

from tests.factories import PASSWORD
from tests.helpers import run_async
from tests.live.conftest import _room_kinds, room_page  # noqa: F401 (fixtures of the live rooms)
from tests.live.test_consumer import joined, next_frame, open_socket, path_for
from tests.sso.conftest import PROVIDER_ID, SUB, logout_token

PROFILE = "/account/profiel/"


def logged_in_browser(user, agent="Firefox"):
    browser = Client(HTTP_USER_AGENT=agent)
    response = browser.post("/account/login/", {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302
    return browser


@pytest.mark.django_db
def test_deactivating_a_person_in_the_admin_ends_every_session_of_theirs(
    client, editor, librarian, django_capture_on_commit_callbacks
):
    browsers = [logged_in_browser(librarian, agent) for agent in ("Balie-pc", "Telefoon")]
    keys = [browser.cookies[settings.SESSION_COOKIE_NAME].value for browser in browsers]
    client.force_login(editor)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/admin/users/edit/{librarian.pk}/",
            {
                "email": librarian.email,
                "display_name": librarian.display_name,
                "preferred_language": "nl",
                "is_active": "",
            },
        )

    assert response.status_code == 302
    assert not Session.objects.filter(session_key__in=keys).exists()
    assert not UserSession.objects.filter(user=librarian).exists()
    # Switched on again later, the old sessions stay ended: they were removed, not just refused.
    librarian.is_active = True
    librarian.save()
    for browser in browsers:
        assert browser.get(PROFILE).status_code == 302


@pytest.mark.django_db
def test_saving_an_active_person_leaves_their_sessions(
    librarian, django_capture_on_commit_callbacks
):
    browser = logged_in_browser(librarian)
    with django_capture_on_commit_callbacks(execute=True):
        librarian.display_name = "Bram B."
        librarian.save()
    assert browser.get(PROFILE).status_code == 200


@pytest.mark.django_db
def test_the_sessions_page_lists_where_the_person_is_logged_in_and_ends_the_others(librarian):
    browsers = [
        logged_in_browser(librarian, agent) for agent in ("Firefox op de balie", "Telefoon")
    ]

    page = browsers[0].get("/account/sessions/").content.decode()
    assert "Firefox op de balie" in page and "Telefoon" in page
    assert "Elders uitloggen" in page
    browsers[0].post("/account/sessions/")

    assert browsers[0].get("/account/profiel/").status_code == 200
    assert browsers[1].get("/account/profiel/").status_code == 302


@pytest.mark.django_db(transaction=True)
def test_a_back_channel_logout_closes_the_persons_open_sockets(
    with_oidc,
    librarian,
    room_page,
    _room_kinds,
):
    SocialAccount.objects.create(user=librarian, provider=PROVIDER_ID, uid=SUB)
    browser = logged_in_browser(librarian)
    cookie = f"{settings.SESSION_COOKIE_NAME}={browser.cookies[settings.SESSION_COOKIE_NAME].value}"
    kid = with_oidc.jwks()["keys"][0]["kid"]

    async def scenario():
        socket, _ = await joined(path_for(room_page), cookie.encode())
        response = await sync_to_async(Client().post)(
            f"/account/oidc/{PROVIDER_ID}/backchannel-logout/",
            {"logout_token": logout_token(with_oidc, kid)},
        )
        frame = await next_frame(socket)
        closed = await socket.receive_output(timeout=5)
        _again, connected, code = await open_socket(path_for(room_page), cookie.encode())
        # The POST ran in this loop's worker thread, whose connection would outlive the test.
        await sync_to_async(connections.close_all)()
        return response.status_code, frame, closed, (connected, code)

    status, frame, closed, again = run_async(scenario())

    assert status == 200
    assert frame["code"] == "access_revoked"
    assert closed == {"type": "websocket.close", "code": 4403}
    assert again == (False, 4403)
    assert browser.get(PROFILE).status_code == 302
