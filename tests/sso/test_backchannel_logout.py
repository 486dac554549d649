"""OpenID Connect Back-Channel Logout: the endpoint a provider POSTs its logout token to. Every
token a provider did not sign for this client, or that is not a logout token, is refused and
ends nothing; a genuine one ends the person's sessions. The keys are the test provider's: its
JWKS is served by the provider process (tests/sso/conftest.py)."""

import time

import jwt
import pytest
from allauth.socialaccount.models import SocialAccount
from django.test import Client

from accounts.sso import BACKCHANNEL_LOGOUT_EVENT
from tests.factories import PASSWORD, UserFactory
from tests.sso.conftest import CLIENT_ID, PROVIDER_ID, SUB, logout_token, rsa_private_key_pem

URL = f"/account/oidc/{PROVIDER_ID}/backchannel-logout/"


@pytest.fixture
def member(db, with_oidc):
    user = UserFactory(email="mila@gent.test")
    SocialAccount.objects.create(user=user, provider=PROVIDER_ID, uid=SUB)
    return user


@pytest.fixture
def member_client(member):
    """Mila logged in with her password (allauth records the session)."""
    client = Client()
    client.post("/account/login/", {"login": member.email, "password": PASSWORD})
    assert client.get("/account/profiel/").status_code == 200
    return client


@pytest.fixture(scope="session")
def provider_kid(oidc_provider):
    return oidc_provider.jwks()["keys"][0]["kid"]


@pytest.fixture
def post(django_capture_on_commit_callbacks):
    """The provider's POST; what the endpoint leaves for after the commit runs too."""

    def post(token):
        with django_capture_on_commit_callbacks(execute=True):
            return Client().post(URL, {"logout_token": token})

    return post


def test_a_genuine_logout_token_ends_the_persons_sessions(
    with_oidc, post, provider_kid, member_client
):
    response = post(logout_token(with_oidc, provider_kid))

    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    assert member_client.get("/account/profiel/").status_code == 302


def test_a_token_for_someone_unknown_is_accepted_and_ends_nothing(
    with_oidc, post, provider_kid, member_client
):
    response = post(logout_token(with_oidc, provider_kid, sub="niemand-hier"))

    assert response.status_code == 200
    assert member_client.get("/account/profiel/").status_code == 200


FORGERIES = {
    "signed-by-another-key": {"key": rsa_private_key_pem()},
    "for-another-client": {"aud": "een-andere-client"},
    "from-another-issuer": {"iss": "https://aanvaller.test/o"},
    "an-id-token-with-nonce": {"nonce": "abc"},
    "without-the-logout-event": {"events": {"http://example.test/other-event": {}}},
    "without-events": {"events": None},
    "naming-nobody": {"sub": None},
    "expired": {"exp": int(time.time()) - 600, "iat": int(time.time()) - 900},
    "without-jti": {"jti": None},
}


@pytest.mark.parametrize("forgery", FORGERIES.values(), ids=FORGERIES.keys())
def test_a_forged_or_wrong_token_is_refused_and_ends_nothing(
    with_oidc, post, provider_kid, member_client, forgery
):
    response = post(logout_token(with_oidc, provider_kid, **forgery))

    assert response.status_code == 400
    assert response.json()["error"] == "invalid_request"
    assert member_client.get("/account/profiel/").status_code == 200


def test_a_token_signed_with_the_public_key_as_a_shared_secret_is_refused(
    with_oidc, post, provider_kid, member_client
):
    """The algorithm confusion attack: HS256 with the provider's public key as the secret."""
    public = with_oidc.jwks()
    token = jwt.encode(
        {
            "iss": with_oidc.issuer,
            "aud": CLIENT_ID,
            "iat": int(time.time()),
            "jti": "x",
            "sub": SUB,
            "events": {BACKCHANNEL_LOGOUT_EVENT: {}},
        },
        str(public).encode(),
        algorithm="HS256",
        headers={"kid": provider_kid},
    )

    assert post(token).status_code == 400
    assert post("geen-jwt").status_code == 400
    assert member_client.get("/account/profiel/").status_code == 200


def test_a_token_is_accepted_once(with_oidc, post, provider_kid, member, member_client):
    token = logout_token(with_oidc, provider_kid)
    assert post(token).status_code == 200
    again = Client()
    again.post("/account/login/", {"login": member.email, "password": PASSWORD})

    assert post(token).status_code == 400
    assert again.get("/account/profiel/").status_code == 200


def test_only_a_configured_openid_provider_has_the_endpoint(with_oidc, db):
    assert Client().post("/account/oidc/onbekend/backchannel-logout/").status_code == 404
    assert Client().get(URL).status_code == 405
