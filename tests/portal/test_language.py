import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_dutch_is_the_default_whatever_the_browser_asks(client, home_page):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    assert '<html lang="nl">' in response.content.decode()
    assert "Naar de inhoud" in response.content.decode()


def test_the_switch_turns_the_site_english_and_back(client, home_page):
    response = client.post(reverse("accounts:set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302 and response.url == "/"
    html = client.get("/").content.decode()
    assert '<html lang="en">' in html and "Skip to content" in html
    client.post(reverse("accounts:set_language"), {"language": "nl", "next": "/"})
    assert "Naar de inhoud" in client.get("/").content.decode()


def test_a_members_switch_is_remembered_in_the_profile(client, home_page, librarian):
    client.force_login(librarian)
    client.post(reverse("accounts:set_language"), {"language": "en", "next": "/"})
    librarian.refresh_from_db()
    assert librarian.preferred_language == "en"
    client.cookies.clear()
    client.force_login(librarian)  # another browser: the profile's choice follows
    assert '<html lang="en">' in client.get("/").content.decode()


def test_the_switch_does_not_redirect_to_another_site(client):
    response = client.post(
        reverse("accounts:set_language"), {"language": "en", "next": "https://evil.example/"}
    )
    assert response.url == "/"


def test_an_unknown_language_falls_back_to_dutch(client, home_page):
    client.post(reverse("accounts:set_language"), {"language": "xx", "next": "/"})
    assert '<html lang="nl">' in client.get("/").content.decode()
