"""The whole account journey in a real Chromium: sign up, verify, log in, edit the profile."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from accounts.models import User

pytestmark = pytest.mark.django_db(transaction=True)


def test_sign_up_verify_log_in_and_edit_profile_in_chromium(page, home_page):
    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    page.get_by_role("link", name="Registreren").click()

    page.get_by_label("Naam").fill("Noor Janssens")
    page.get_by_label("Organisatie").fill("Bibliotheek Hasselt")
    page.get_by_label("E-mail").fill("noor@bibliotheek.test")
    page.get_by_label("Wachtwoord", exact=False).first.fill("verhalen-voor-iedereen-7")
    page.get_by_label("Wachtwoord (bevestigen)").fill("verhalen-voor-iedereen-7")
    page.get_by_role("button", name="Registreren").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Verifieer je e-mailadres")

    link = re.search(r"https?://\S+/account/confirm-email/\S+/", mail.outbox[-1].body).group(0)
    page.goto(re.sub(r"^https?://[^/]+", "", link))
    page.get_by_role("button", name="Bevestig", exact=True).click()
    assert User.objects.get(email="noor@bibliotheek.test").emailaddress_set.get().verified

    # Confirming logs in; log out and in again through the form, as on another day.
    page.locator("summary", has_text="Noor Janssens").click()
    page.get_by_role("button", name="Uitloggen").click()
    page.goto("/account/login/")
    page.get_by_label("E-mail").fill("noor@bibliotheek.test")
    page.get_by_label("Wachtwoord").fill("verhalen-voor-iedereen-7")
    page.get_by_role("button", name="Aanmelden").click()

    page.locator("summary", has_text="Noor Janssens").click()
    page.get_by_role("link", name="Mijn profiel").click()
    page.get_by_label("Naam").fill("")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("Vul je naam in.")).to_be_visible()
    expect(page.get_by_label("Organisatie")).to_have_value("Bibliotheek Hasselt")

    page.get_by_label("Naam").fill("Noor Peeters")
    page.get_by_label("Taal").select_option("en")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("Your profile has been saved.")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    user = User.objects.get(email="noor@bibliotheek.test")
    assert (user.display_name, user.preferred_language) == ("Noor Peeters", "en")


def test_skip_link_is_the_first_stop_and_moves_focus_to_the_content(page, home_page):
    page.goto("/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Naar de inhoud")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
