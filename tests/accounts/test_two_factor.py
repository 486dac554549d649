"""Anyone who wants it can protect their account with an authenticator app (TOTP)."""

import base64
import hashlib
import hmac
import struct
import time

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def totp(secret: str) -> str:
    """RFC 6238 code, computed here independently of allauth. Made with at least 5 seconds of its
    30-second window left, so that a slow request (a loaded CI machine) still checks it within
    the window it was made for: allauth accepts the current window only."""
    if time.time() % 30 > 25:
        time.sleep(30 - time.time() % 30 + 0.1)
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    counter = struct.pack(">Q", int(time.time() // 30))
    digest = hmac.new(key, counter, hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    number = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{number % 1_000_000:06d}"


def test_activate_totp_then_log_in_with_password_and_code(client, librarian, password):
    client.post(reverse("account_login"), {"login": librarian.email, "password": password})
    # Turning on two-factor log-in asks for the password again first.
    asked = client.get(reverse("mfa_activate_totp"))
    assert asked.status_code == 302 and asked.url.startswith(reverse("account_reauthenticate"))
    client.post(reverse("account_reauthenticate"), {"password": password})
    assert client.get(reverse("mfa_activate_totp")).status_code == 200
    secret = client.session["mfa.totp.secret"]

    wrong = client.post(reverse("mfa_activate_totp"), {"code": "000000"})
    assert wrong.status_code == 200
    assert "Ongeldige code." in wrong.content.decode()

    response = client.post(reverse("mfa_activate_totp"), {"code": totp(secret)})
    assert response.status_code == 302
    assert librarian.authenticator_set.filter(type="totp").exists()

    client.post(reverse("account_logout"))
    step = client.post(reverse("account_login"), {"login": librarian.email, "password": password})
    assert step.status_code == 302 and step.url == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session

    refused = client.post(reverse("mfa_authenticate"), {"code": "123456"})
    assert "_auth_user_id" not in client.session
    assert refused.status_code == 200

    code = totp(secret)
    client.post(reverse("mfa_authenticate"), {"code": code})
    assert client.session["_auth_user_id"] == str(librarian.pk)

    # A code works once: someone who saw it cannot replay it within its 30 seconds.
    client.post(reverse("account_logout"))
    client.post(reverse("account_login"), {"login": librarian.email, "password": password})
    client.post(reverse("mfa_authenticate"), {"code": code})
    assert "_auth_user_id" not in client.session
