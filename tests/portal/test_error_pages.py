"""Error pages in production mode (DEBUG off): the site's design, the reader's language, and
nothing of the platform's insides."""

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.urls import reverse

from tests.portal.error_pages_urls import INTERNAL_DETAIL


@pytest.fixture(autouse=True)
def production_mode(settings):
    settings.DEBUG = False


def _choose_english(client):
    client.post(reverse("accounts:set_language"), {"language": "en", "next": "/"})


def _in_the_site_design(html: str, language: str) -> bool:
    return (
        f'<html lang="{language}">' in html
        and 'class="site-header"' in html
        and "/static/css/site.css" in html
        and "Kennisplein" in html
    )


@pytest.mark.django_db
def test_a_missing_page_says_so_in_dutch_in_the_site_design(client, home_page):
    response = client.get("/deze-pagina-bestaat-niet/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "Deze pagina bestaat niet (meer)" in html
    assert "Pagina niet gevonden · Kennisplein" in html
    assert _in_the_site_design(html, "nl")
    assert 'role="search"' in html  # the search box, to find it elsewhere
    assert "Not Found" not in html


@pytest.mark.django_db
def test_a_missing_page_is_english_for_who_chose_english(client, home_page):
    _choose_english(client)
    html = client.get("/deze-pagina-bestaat-niet/").content.decode()
    assert "This page does not exist (any more)" in html
    assert _in_the_site_design(html, "en")


@pytest.mark.django_db
def test_a_forbidden_page_says_who_may_see_it(client, librarian):
    client.force_login(librarian)  # a librarian, not the library's coordinator
    response = client.get(reverse("learning:library_report"))
    html = response.content.decode()
    assert response.status_code == 403
    assert "Je hebt geen toegang tot deze pagina" in html
    assert "vraag het aan de eigenaar van de groep of de redactie" in html
    assert _in_the_site_design(html, "nl")
    assert "403 Forbidden" not in html

    _choose_english(client)
    html = client.get(reverse("learning:library_report")).content.decode()
    assert "You do not have access to this page" in html
    assert _in_the_site_design(html, "en")


@pytest.mark.django_db
def test_a_bad_request_is_explained_in_the_readers_language(client, home_page):
    # A host name that is not the site's fails before the language is chosen, in Django's
    # CommonMiddleware: the page still finds the reader's language.
    response = client.get("/", HTTP_HOST="niet-van-ons.example")
    html = response.content.decode()
    assert response.status_code == 400
    assert "Je browser stuurde een verzoek dat we niet kunnen verwerken" in html
    assert _in_the_site_design(html, "nl")
    assert "Bad Request" not in html

    _choose_english(client)
    html = client.get("/", HTTP_HOST="niet-van-ons.example").content.decode()
    assert "Your browser sent a request we cannot handle" in html
    assert _in_the_site_design(html, "en")


@pytest.mark.django_db
def test_an_expired_form_says_what_to_do_instead_of_speaking_of_tokens(home_page):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("accounts:set_language"), {"language": "en", "next": "/"})
    html = response.content.decode()
    assert response.status_code == 403
    assert "Het formulier kon niet worden verstuurd" in html
    assert _in_the_site_design(html, "nl")
    assert "CSRF" not in html


def _server_error(client):
    client.raise_request_exception = False
    return client.get("/test/kapot/")


@pytest.mark.urls("tests.portal.error_pages_urls")
def test_a_server_error_is_our_own_page_without_the_database_or_internals(client):
    # No database access is allowed in this test: the page must not need it.
    response = _server_error(client)
    html = response.content.decode()
    assert response.status_code == 500
    assert "Er ging bij ons iets mis" in html
    assert _in_the_site_design(html, "nl")
    assert INTERNAL_DETAIL not in html and "RuntimeError" not in html
    assert "Traceback" not in html and "Server Error (500)" not in html


@pytest.mark.urls("tests.portal.error_pages_urls")
def test_a_server_error_is_english_for_who_chose_english(client):
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"  # what the switch sets
    html = _server_error(client).content.decode()
    assert "Something went wrong on our side" in html
    assert _in_the_site_design(html, "en")
