"""axe-core (WCAG 2.1 A and AA rules) finds nothing on the foundation's pages."""

import pytest
from axe_playwright_python.sync_playwright import Axe

pytestmark = pytest.mark.django_db(transaction=True)

WCAG_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
PAGES = ["/", "/leerplatform/", "/account/login/", "/account/signup/", "/zoeken/?q=bibliotheek"]


def _violations(page) -> list[str]:
    results = Axe().run(page, options=WCAG_AA)
    return [
        f"{violation['id']}: {violation['help']} ({len(violation['nodes'])}x)"
        for violation in results.response["violations"]
    ]


@pytest.mark.parametrize("url", PAGES)
def test_public_pages_pass_axe(page, home_page, url):
    page.goto(url)
    assert _violations(page) == []


def test_profile_and_open_account_menu_pass_axe_in_english(page, home_page, librarian, password):
    page.goto("/account/login/")
    page.get_by_label("E-mail").fill(librarian.email)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_role("button", name="Aanmelden").click()
    page.get_by_role("button", name="English").click()
    page.goto("/account/profiel/")
    page.locator("summary").click()  # the open menu must pass too
    assert _violations(page) == []
