"""The privacy page: public, in Dutch, linked from every page's footer and from the sign-up page,
listing every kind of data the platform keeps with the configured retention periods."""

import pytest

from privacy.registry import all_entries

pytestmark = pytest.mark.django_db


def test_the_privacy_page_lists_what_is_kept_why_and_how_long(client, settings):
    settings.PRIVACY_CHAT_RETENTION_DAYS = 90
    settings.PRIVACY_REGISTRATION_RETENTION_DAYS = 400
    settings.PRIVACY_CONTACT_EMAIL = "privacy@kennisplein.example.org"
    response = client.get("/privacy/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "<h1>Privacy op Kennisplein</h1>" in page
    with_labels = [str(entry.label) for entry in all_entries()]
    assert "Inschrijvingen voor webinars" in with_labels and "Chatberichten" in with_labels
    for label in with_labels:
        assert label in page
    assert "Tot 400 dagen na het webinar." in page
    assert "90 dagen. Dan worden je berichten en vragen geanonimiseerd" in page
    assert "Je gegevens inzien en meenemen" in page
    assert "7 dagen downloaden" in page
    assert 'href="mailto:privacy@kennisplein.example.org"' in page


def test_the_footer_and_the_sign_up_page_link_to_it(client, home_page):
    assert 'href="/privacy/"' in client.get("/").content.decode()
    signup = client.get("/account/signup/").content.decode()
    assert "Wat we over je bewaren, waarom en hoe lang" in signup
    assert signup.count('href="/privacy/"') == 2  # the form's note and the footer


def test_the_account_pages_are_for_logged_in_people_and_linked_from_the_profile(client, pien):
    for url in ("/account/mijn-gegevens/", "/account/verwijderen/"):
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith("/account/login/")
    client.force_login(pien)
    profile = client.get("/account/profiel/").content.decode()
    assert 'href="/account/mijn-gegevens/"' in profile
    assert 'href="/account/verwijderen/"' in profile
    page = client.get("/account/mijn-gegevens/").content.decode()
    assert "Je vroeg nog geen kopie aan." in page
    assert "Een kopie van mijn gegevens aanvragen" in page
