"""A librarian signs up, verifies the address, logs in and edits the profile, through the same
doors a browser uses (the HTTP client), in Dutch unless they switch."""

import html
import re

import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import User
from tests.portal.test_translations import FORMAL

pytestmark = pytest.mark.django_db

SIGNUP = {
    "display_name": "Sanne de Vries",
    "organisation": "Bibliotheek Antwerpen",
    "email": "sanne@bibliotheek.test",
    "password1": "leesclub-op-dinsdag-42",
    "password2": "leesclub-op-dinsdag-42",
}


def _confirmation_link(message) -> str:
    return re.search(r"https?://[^/\s]+(/account/confirm-email/\S+/)", message.body).group(1)


def test_sign_up_verify_log_in_and_edit_profile(client):
    response = client.post(reverse("account_signup"), SIGNUP, follow=True)
    assert response.status_code == 200
    user = User.objects.get(email="sanne@bibliotheek.test")
    assert (user.display_name, user.organisation) == ("Sanne de Vries", "Bibliotheek Antwerpen")
    assert user.preferred_language == "nl"

    # Mandatory verification: no log-in before the link in the e-mail is followed.
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["sanne@bibliotheek.test"]
    assert "Bevestig" in mail.outbox[0].subject or "bevestig" in mail.outbox[0].body
    blocked = client.post(
        reverse("account_login"),
        {"login": "sanne@bibliotheek.test", "password": SIGNUP["password1"]},
    )
    assert blocked.status_code == 302
    assert blocked.url == reverse("account_email_verification_sent")

    link = _confirmation_link(mail.outbox[0])
    assert client.get(link).status_code == 200
    client.post(link)
    assert user.emailaddress_set.get().verified

    client.logout()
    response = client.post(
        reverse("account_login"),
        {"login": "sanne@bibliotheek.test", "password": SIGNUP["password1"]},
    )
    assert response.status_code == 302
    assert client.get(reverse("accounts:profile")).status_code == 200

    response = client.post(
        reverse("accounts:profile"),
        {"display_name": "Sanne Peeters", "organisation": "Bib Gent", "preferred_language": "en"},
        follow=True,
    )
    user.refresh_from_db()
    assert (user.display_name, user.organisation, user.preferred_language) == (
        "Sanne Peeters",
        "Bib Gent",
        "en",
    )
    assert "Your profile has been saved." in response.content.decode()


def test_sign_up_with_an_address_in_use_says_so_and_keeps_the_form(client, librarian):
    response = client.post(reverse("account_signup"), {**SIGNUP, "email": librarian.email})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Er bestaat al een account met dit e-mailadres" in page
    assert 'value="Sanne de Vries"' in page
    assert 'value="Bibliotheek Antwerpen"' in page
    assert SIGNUP["password1"] not in page  # passwords are never sent back
    assert User.objects.count() == 1
    assert not mail.outbox


def test_the_same_address_in_other_capitals_is_also_in_use(client, librarian):
    response = client.post(reverse("account_signup"), {**SIGNUP, "email": librarian.email.upper()})
    assert "Er bestaat al een account met dit e-mailadres" in response.content.decode()
    assert User.objects.count() == 1


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("iloveyou", "Dit wachtwoord is te algemeen."),
        ("k0rt!", "Dit wachtwoord is te kort."),
        ("8312749650", "Dit wachtwoord bevat alleen cijfers."),
    ],
)
def test_weak_passwords_are_refused_in_dutch(client, password, message):
    response = client.post(
        reverse("account_signup"), {**SIGNUP, "password1": password, "password2": password}
    )
    page = response.content.decode()
    assert message in page
    assert 'value="sanne@bibliotheek.test"' in page
    assert f'value="{password}"' not in page
    assert not User.objects.exists()


def test_sign_up_in_english_speaks_english(client):
    client.post(reverse("accounts:set_language"), {"language": "en", "next": "/"})
    response = client.post(
        reverse("account_signup"), {**SIGNUP, "password1": "password", "password2": "password"}
    )
    assert "This password is too common." in response.content.decode()


def test_sign_up_with_an_empty_name_is_refused(client):
    response = client.post(reverse("account_signup"), {**SIGNUP, "display_name": "   "})
    assert response.status_code == 200
    assert "Vul je naam in." in response.content.decode()
    assert not User.objects.exists()


def test_profile_with_an_empty_name_is_refused_and_keeps_the_rest(client, librarian):
    client.force_login(librarian)
    response = client.post(
        reverse("accounts:profile"),
        {"display_name": "  ", "organisation": "Bib Brugge", "preferred_language": "nl"},
    )
    page = response.content.decode()
    assert "Vul je naam in." in page
    assert 'value="Bib Brugge"' in page
    librarian.refresh_from_db()
    assert (librarian.display_name, librarian.organisation) == (
        "Bram Bibliothecaris",
        "Bibliotheek Gent",
    )


def _visible_text(page: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


@pytest.mark.parametrize("name", ["account_signup", "account_reset_password"])
def test_the_password_pages_say_je_like_the_rest_of_the_site(client, name):
    # Django's and allauth's own Dutch say "Uw wachtwoord mag niet ..." and "a.u.b."
    text = _visible_text(client.get(reverse(name)).content.decode())
    assert not FORMAL.search(text), FORMAL.search(text)
    if name == "account_signup":
        assert "Je wachtwoord mag niet te veel lijken op je andere persoonlijke gegevens." in text
        assert "Je wachtwoord moet minstens 8 tekens lang zijn." in text
