"""Personal access tokens: made on the profile and shown once, stored as a hash, refused when
revoked, expired, of a deactivated person or used beyond their scope."""

import hashlib
import re
from datetime import timedelta

import pytest
from django.utils import timezone

from api import services
from api.models import AccessToken
from tests.api.conftest import ApiClient, token_for

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r"kp_[0-9a-f]{12}_[A-Za-z0-9_-]{43}")


def _create_on_profile(client, **fields):
    data = {"name": "Intranet", "scope": "read", "expires_on": "", **fields}
    return client.post("/account/api-sleutels/", data)


def test_a_token_is_shown_once_and_only_its_hash_is_stored(client, librarian):
    client.force_login(librarian)
    response = _create_on_profile(client, name="Intranet van de bibliotheek")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    page = response.content.decode()
    assert "Kopieer de sleutel nu" in page
    shown = TOKEN.findall(page)
    assert len(shown) == 1
    raw = shown[0]

    token = AccessToken.objects.get(user=librarian)
    assert token.token_hash == hashlib.sha256(raw.encode()).hexdigest()
    row = AccessToken.objects.filter(pk=token.pk).values().get()
    # The secret is everything after the prefix; it may itself contain "_".
    secret = raw.split("_", 2)[2]
    assert not any(raw in str(value) or secret in str(value) for value in row.values())
    assert token.name == "Intranet van de bibliotheek" and token.scope == "read"

    # Later visits list the key by its public prefix only.
    later = client.get("/account/api-sleutels/").content.decode()
    assert raw not in later and token.prefix in later and "Intranet van de bibliotheek" in later

    me = ApiClient(raw).get("/api/v1/me")
    assert me.status_code == 200
    assert me.json()["email"] == librarian.email and me.json()["token_scope"] == "read"
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_the_profile_page_needs_a_log_in_and_refuses_a_past_expiry_in_dutch(client, librarian):
    assert client.get("/account/api-sleutels/").status_code == 302
    client.force_login(librarian)
    response = _create_on_profile(client, expires_on="2001-01-01")
    assert "Kies vandaag of een dag in de toekomst." in response.content.decode()
    assert not AccessToken.objects.exists()
    response = _create_on_profile(client, name="")
    assert "Geef de sleutel een naam." in response.content.decode()


def test_an_expiry_day_is_valid_through_that_day(client, librarian):
    client.force_login(librarian)
    today = timezone.localdate()
    _create_on_profile(client, expires_on=today.isoformat())
    token = AccessToken.objects.get()
    assert timezone.localtime(token.expires_at).date() == today + timedelta(days=1)
    assert token.is_usable()


def test_without_a_token_the_api_answers_401_in_the_language_asked_for(librarian):
    response = ApiClient().get("/api/v1/webinars")
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    body = response.json()
    assert body["code"] == "not_authenticated"
    assert body["message"].startswith("Stuur een geldige API-sleutel")
    english = ApiClient(language="en-GB,en;q=0.8").get("/api/v1/webinars")
    assert english.json()["message"].startswith("Send a valid API key")
    assert english["Content-Language"] == "en"


@pytest.mark.parametrize(
    "mangle",
    [
        lambda raw: raw[:-1] + ("A" if raw[-1] != "A" else "B"),  # right key, wrong secret
        lambda raw: raw.replace("kp_", "xx_"),
        lambda raw: "kp_000000000000_" + raw.split("_", 2)[2],  # unknown key
        lambda raw: "",
        lambda raw: "kp_",
        lambda raw: raw + " extra",
    ],
)
def test_a_wrong_token_is_refused(librarian, mangle):
    raw = token_for(librarian)
    assert ApiClient(mangle(raw)).get("/api/v1/me").status_code == 401


def test_a_revoked_token_stops_working_at_once(client, librarian, outsider):
    raw = token_for(librarian)
    api = ApiClient(raw)
    assert api.get("/api/v1/me").status_code == 200
    token = AccessToken.objects.get(user=librarian)

    client.force_login(outsider)  # someone else cannot revoke it
    assert client.post(f"/account/api-sleutels/{token.pk}/intrekken/").status_code == 404
    assert api.get("/api/v1/me").status_code == 200

    client.force_login(librarian)
    response = client.post(f"/account/api-sleutels/{token.pk}/intrekken/", follow=True)
    assert "is ingetrokken" in response.content.decode()
    assert api.get("/api/v1/me").status_code == 401
    assert token.prefix not in client.get("/account/api-sleutels/").content.decode()


def test_an_expired_token_is_refused(librarian):
    token, raw = services.token_create(
        user=librarian, name="Kort", scope="read", expires_at=timezone.now() + timedelta(hours=1)
    )
    api = ApiClient(raw)
    assert api.get("/api/v1/me").status_code == 200
    AccessToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert api.get("/api/v1/me").status_code == 401


def test_a_read_token_cannot_write(librarian):
    api = ApiClient(token_for(librarian, scope="read"))
    assert api.get("/api/v1/registrations").status_code == 200
    response = api.post("/api/v1/registrations", {"webinar_id": 1})
    assert response.status_code == 403
    assert response.json()["code"] == "insufficient_scope"
    assert api.delete("/api/v1/registrations/1").status_code == 403


def test_tokens_of_a_deactivated_person_stop_working(librarian):
    api = ApiClient(token_for(librarian))
    assert api.get("/api/v1/me").status_code == 200
    librarian.is_active = False
    librarian.save()
    assert api.get("/api/v1/me").status_code == 401


def test_a_browser_session_may_read_but_never_write(client, librarian):
    client.force_login(librarian)
    assert client.get("/api/v1/me").json()["token_scope"] is None
    response = client.post(
        "/api/v1/registrations", {"webinar_id": 1}, content_type="application/json"
    )
    assert response.status_code == 401
    # A session never stands in for a bad token.
    bad = client.get("/api/v1/me", headers={"Authorization": "Bearer kp_bad"})
    assert bad.status_code == 401


@pytest.mark.parametrize("cookie", ["abcdefgh\x00ijklmnop", "ABC'; --", "x" * 5000])
def test_a_malformed_session_cookie_is_no_session_not_a_server_error(client, cookie):
    # PostgreSQL refuses NUL characters in a query: Django's own session store made that a 500.
    response = client.get("/api/v1/me", HTTP_COOKIE=f"sessionid={cookie}")
    assert response.status_code == 401
    assert client.get("/", HTTP_COOKIE=f"sessionid={cookie}").status_code in (200, 302)


def test_the_key_page_and_the_api_docs_carry_no_inline_script_or_style(client, librarian):
    import re

    client.force_login(librarian)
    for url in ("/account/api-sleutels/", "/api/v1/docs"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "'unsafe-inline'" not in response.headers["Content-Security-Policy"]
        html = response.content.decode()
        for tag in re.findall(r"<script\b[^>]*>", html):
            assert "src=" in tag or 'type="application/json"' in tag, (url, tag)
        assert not re.search(r"\son[a-z]+\s*=", html), url
        assert not re.search(r"\sstyle\s*=", html), url
