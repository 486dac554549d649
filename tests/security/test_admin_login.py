"""Staff log in through the same door as everyone: allauth's, with its rate limits and the
two-factor step. Wagtail's own log-in form would let a stolen password skip both."""

import pytest
from allauth.mfa.models import Authenticator

pytestmark = pytest.mark.django_db


def test_the_admin_sends_people_to_the_one_log_in_page(client):
    response = client.get("/admin/pages/")
    assert response.status_code == 302
    assert response.url.startswith("/account/login/?next=/admin/pages/")
    assert client.get("/admin/login/?next=/admin/").url == "/account/login/?next=/admin/"


def test_a_password_alone_does_not_open_the_admin_for_an_editor_with_two_factor(
    client, editor, password
):
    Authenticator.objects.create(user=editor, type=Authenticator.Type.TOTP, data={"secret": "x"})

    client.post("/admin/login/", {"username": editor.email, "password": password})
    assert client.get("/admin/").status_code == 302  # not logged in by the admin's old form

    response = client.post("/account/login/", {"login": editor.email, "password": password})
    assert response.url.startswith("/account/2fa/authenticate/")  # the code is asked first
    assert client.get("/admin/").status_code == 302


def test_the_admins_own_password_reset_is_off(client):
    assert client.get("/admin/password_reset/").status_code == 404
