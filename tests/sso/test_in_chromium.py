"""The log-in through the OpenID provider once in a real Chromium, which holds the pages to their
Content Security Policy (a form's redirect to the provider included) and fails on any error."""

import pytest
from playwright.sync_api import expect

from accounts.models import Organisation, User
from tests.factories import PASSWORD
from tests.sso.conftest import PROVIDER_NAME

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_librarian_logs_in_through_the_provider_in_chromium(live_provider, page, live_server):
    Organisation.objects.create(name="Bibliotheek Brugge")
    live_provider.person(
        "noor@brugge.test",
        password=PASSWORD,
        first_name="Noor",
        last_name="Janssens",
        organisation="Bibliotheek Brugge",
    )

    page.goto("/account/login/?next=/account/profiel/")
    page.get_by_role("button", name=f"Inloggen met {PROVIDER_NAME}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Inloggen bij de provider")
    page.get_by_label("Username").fill("noor@brugge.test")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.get_by_role("button", name="Authorize").click()

    page.wait_for_url(f"{live_server.url}/account/profiel/")
    expect(page.get_by_label("Naam")).to_have_value("Noor Janssens")
    assert User.objects.get(email="noor@brugge.test").library.name == "Bibliotheek Brugge"
