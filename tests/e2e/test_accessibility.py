"""axe-core (WCAG 2.1 A and AA rules, and the contrast it measured but left for review) finds
nothing on the foundation's pages."""

import pytest

from tests.e2e.a11y_site import WCAG_AA, axe_findings

__all__ = ["WCAG_AA"]  # other browser tests take the rule set from here

pytestmark = pytest.mark.django_db(transaction=True)

PAGES = ["/", "/leerplatform/", "/account/login/", "/account/signup/", "/zoeken/?q=bibliotheek"]


@pytest.mark.parametrize("url", PAGES)
def test_public_pages_pass_axe(page, home_page, url):
    page.goto(url)
    assert axe_findings(page) == []


def test_profile_and_open_account_menu_pass_axe_in_english(page, home_page, librarian, password):
    page.goto("/account/login/")
    page.get_by_label("E-mail").fill(librarian.email)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_role("button", name="Aanmelden").click()
    page.get_by_role("button", name="English").click()
    page.goto("/account/profiel/")
    page.locator("summary").click()  # the open menu must pass too
    assert axe_findings(page) == []
