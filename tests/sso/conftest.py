"""A real OpenID provider for the single sign-on tests: tests/sso/provider/, a second Django with
django-oauth-toolkit, started once per test worker in its own process, with an RSA key made for
the run. For the log-in flow Kennisplein runs in Django's live server, so the provider can reach
it (back-channel logout) and the tests' browser (tests/sso/browser.py) walks between the two."""

from __future__ import annotations

import copy
import json
import os
import secrets
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import jwt
import pytest
import requests
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from accounts.sso import BACKCHANNEL_LOGOUT_EVENT
from bench.common import free_port
from tests.sso.browser import Browser

BASE_DIR = Path(__file__).resolve().parents[2]
PROVIDER_NAME = "Testprovider"
PROVIDER_ID = "sso"
CLIENT_ID = "kennisplein"
ORGANISATION_CLAIM = "organisation"
# The subject of the logout tokens the tests sign themselves.
SUB = "provider-person-7"


def rsa_private_key_pem() -> str:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()


@dataclass
class Provider:
    url: str
    issuer: str
    key_pem: str
    client_secret: str
    control_token: str

    def control(self, what: str, data: dict) -> dict:
        response = requests.post(
            f"{self.url}/control/{what}/",
            data=json.dumps(data),
            headers={"Authorization": f"Bearer {self.control_token}"},
            timeout=30,
        )
        response.raise_for_status()
        return response.json()

    def jwks(self) -> dict:
        return requests.get(f"{self.issuer}/.well-known/jwks.json", timeout=10).json()

    def person(self, email: str, **fields) -> dict:
        """Creates or changes a person at the provider; answers their `sub` and the statuses of
        the back-channel logouts it sent (when `is_active=False` disables them)."""
        return self.control("person", {"email": email, **fields})


@pytest.fixture(scope="session")
def oidc_provider(tmp_path_factory):
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    folder = tmp_path_factory.mktemp("provider")
    provider = Provider(
        url=url,
        issuer=f"{url}/o",
        key_pem=rsa_private_key_pem(),
        client_secret=secrets.token_urlsafe(24),
        control_token=secrets.token_urlsafe(24),
    )
    env = {
        **os.environ,
        "PROVIDER_DB": str(folder / "provider.sqlite3"),
        "PROVIDER_RSA_KEY": provider.key_pem,
        "PROVIDER_ISSUER": provider.issuer,
        "PROVIDER_CONTROL_TOKEN": provider.control_token,
        "PROVIDER_RP_CLIENT_ID": CLIENT_ID,
        "PROVIDER_RP_CLIENT_SECRET": provider.client_secret,
    }
    log = (folder / "provider.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.sso.provider.serve", str(port)],
        cwd=BASE_DIR,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 60
    while True:
        try:
            if requests.get(f"{provider.issuer}/.well-known/openid-configuration", timeout=2).ok:
                break
        except requests.ConnectionError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            pytest.fail(
                "The test provider did not start:\n" + (folder / "provider.log").read_text()
            )
        time.sleep(0.1)
    yield provider
    process.terminate()
    process.wait(timeout=10)
    log.close()


def oidc_environment(provider: Provider) -> dict:
    """The SSO_* variables a deployment would set for this provider (README "Single sign-on")."""
    return {
        "SSO_OIDC_SERVER_URL": provider.issuer,
        "SSO_OIDC_ID": PROVIDER_ID,
        "SSO_OIDC_NAME": PROVIDER_NAME,
        "SSO_OIDC_CLIENT_ID": CLIENT_ID,
        "SSO_OIDC_CLIENT_SECRET": provider.client_secret,
        "SSO_OIDC_ORGANISATION_CLAIM": ORGANISATION_CLAIM,
    }


def configure_sso(monkeypatch, settings, environment: dict) -> None:
    """Sets the variables and reads them the way portal/settings.py does at start-up."""
    from portal import settings as portal_settings

    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    settings.SOCIALACCOUNT_PROVIDERS = portal_settings.sso_providers()
    policy = copy.deepcopy(settings.CONTENT_SECURITY_POLICY)
    policy["DIRECTIVES"]["form-action"] += portal_settings.sso_form_action_origins()
    settings.CONTENT_SECURITY_POLICY = policy


@pytest.fixture
def with_oidc(oidc_provider, monkeypatch, settings):
    """Kennisplein configured for the test provider."""
    configure_sso(monkeypatch, settings, oidc_environment(oidc_provider))
    return oidc_provider


@pytest.fixture
def live_provider(with_oidc, live_server):
    """The same with Kennisplein in the live server, registered at the provider as a client
    would be: its redirect URI and back-channel logout URI."""
    with_oidc.control(
        "client",
        {
            "redirect_uri": f"{live_server.url}/account/oidc/{PROVIDER_ID}/login/callback/",
            "backchannel_logout_uri": (
                f"{live_server.url}/account/oidc/{PROVIDER_ID}/backchannel-logout/"
            ),
        },
    )
    return with_oidc


def logout_token(provider: Provider, kid: str, *, key=None, headers=None, **changes):
    """A logout token as the provider signs it, with `changes` to its claims (None drops one)."""
    now = int(time.time())
    claims = {
        "iss": provider.issuer,
        "aud": CLIENT_ID,
        "iat": now,
        "exp": now + 120,
        "jti": uuid.uuid4().hex,
        "sub": SUB,
        "events": {BACKCHANNEL_LOGOUT_EVENT: {}},
        **changes,
    }
    claims = {name: value for name, value in claims.items() if value is not None}
    return jwt.encode(
        claims,
        key or provider.key_pem,
        algorithm="RS256",
        headers={"kid": kid, "typ": "logout+jwt", **(headers or {})},
    )


@pytest.fixture
def browser():
    return Browser()
