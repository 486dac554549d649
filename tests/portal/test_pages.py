import pytest
from django.conf import settings as django_settings
from django.urls import reverse

from portal.models import StandardPage

pytestmark = pytest.mark.django_db


def test_home_page_shows_the_editors_introduction_and_the_navigation(client, home_page):
    home_page.introduction = "<p>Welkom bij de <b>nieuwe</b> Kennisplein</p>"
    home_page.save_revision().publish()
    html = client.get("/").content.decode()
    assert "Welkom bij de <b>nieuwe</b> Kennisplein" in html
    for landmark in ('<header class="site-header">', '<main id="main"', "<footer", 'role="search"'):
        assert landmark in html
    assert 'href="#main"' in html  # skip link
    assert 'href="/leerplatform/"' in html and 'href="/cooperatie/"' in html


def test_the_account_menu_follows_the_login_state(client, home_page, librarian):
    html = client.get("/").content.decode()
    assert "Inloggen" in html and "Registreren" in html
    client.force_login(librarian)
    html = client.get("/").content.decode()
    assert "Bram Bibliothecaris" in html and "Uitloggen" in html and "Mijn profiel" in html
    assert "Beheeromgeving" not in html


def test_search_finds_published_pages_only(client, home_page):
    live = home_page.add_child(
        instance=StandardPage(title="Leesbevordering", introduction="Over voorlezen")
    )
    live.save_revision().publish()
    draft = home_page.add_child(instance=StandardPage(title="Leesbevordering concept", live=False))
    draft.save_revision()
    response = client.get(reverse("search:search"), {"q": "Leesbevordering"})
    results = list(response.context["page"])
    assert [page.pk for page in results] == [live.pk]
    assert "1 resultaat" in response.content.decode()


def test_health_check_answers(client, settings):
    settings.REDIS_URL = ""
    response = client.get(reverse("health"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok"}}
    # A cache between the load balancer and us must not answer for us.
    assert "no-cache" in response["Cache-Control"]
    assert client.get("/gezondheid/").status_code == 200


def test_health_check_says_503_when_redis_does_not_answer(client, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    response = client.get(reverse("health"))
    assert response.status_code == 503
    assert response.json() == {
        "status": "unavailable",
        "checks": {"database": "ok", "redis": "unavailable"},
    }


@pytest.mark.skipif(not django_settings.REDIS_URL, reason="needs REDIS_URL (CI sets it)")
def test_health_check_includes_the_real_redis(client):
    assert client.get(reverse("health")).json()["checks"] == {"database": "ok", "redis": "ok"}


def test_favicon_ico_leads_to_the_sites_icon(client):
    """What a browser asks for when it shows a feed or a file, and what feed readers ask for."""
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    icon = client.get(response["Location"])
    assert icon.status_code == 200
    assert b"<svg" in b"".join(icon.streaming_content if icon.streaming else [icon.content])
