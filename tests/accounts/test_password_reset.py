import re
from datetime import datetime, timedelta

import pytest
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core import mail
from django.urls import reverse

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "nieuw-en-sterk-wachtwoord-8"
BAD_TOKEN = "De link om je wachtwoord opnieuw in te stellen is niet geldig"


def _reset_link(client, email) -> str:
    client.post(reverse("account_reset_password"), {"email": email})
    body = mail.outbox[-1].body
    return re.search(r"https?://[^/\s]+(/account/password/reset/key/\S+/)", body).group(1)


def _set_password(client, link):
    # allauth moves the key from the URL into the session and redirects to a key-less URL.
    page = client.get(link, follow=True)
    return client.post(
        page.redirect_chain[-1][0] if page.redirect_chain else link,
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
        follow=True,
    )


def test_reset_link_sets_a_new_password_once(client, librarian):
    link = _reset_link(client, librarian.email)
    _set_password(client, link)
    librarian.refresh_from_db()
    assert librarian.check_password(NEW_PASSWORD)

    client.logout()
    again = client.get(link, follow=True)
    assert BAD_TOKEN in again.content.decode()


def test_an_expired_reset_link_is_refused_with_a_message(client, librarian, monkeypatch):
    link = _reset_link(client, librarian.email)
    four_days_later = datetime.now() + timedelta(days=4)
    monkeypatch.setattr(PasswordResetTokenGenerator, "_now", lambda self: four_days_later)
    response = _set_password(client, link)
    assert BAD_TOKEN in response.content.decode()
    librarian.refresh_from_db()
    assert not librarian.check_password(NEW_PASSWORD)


def test_reset_for_an_unknown_address_reveals_nothing(client):
    response = client.post(
        reverse("account_reset_password"), {"email": "niemand@bibliotheek.test"}, follow=True
    )
    assert response.status_code == 200
    assert "niet toegewezen" not in response.content.decode()
