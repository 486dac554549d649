"""The bell in a real Chromium: a member sees the count, opens the list, follows a notification
and chooses e-mail settings; the pages pass axe (WCAG 2.1 AA)."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from notifications.models import EmailPreference
from tests.cooperation.conftest import add_member, upload
from tests.e2e.test_accessibility import WCAG_AA
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_member_follows_the_bell_to_a_new_document_and_changes_e_mail_settings(page, home_page):
    from cooperation import services
    from cooperation.models import Group

    owner = UserFactory(display_name="Wies Werkgroep")
    group = services.group_create(owner=owner, name="Werkgroep Leesbevordering")
    member = UserFactory(email="lid@bibliotheek.test", display_name="Lies Lid")
    add_member(group, member)
    services.document_upload(
        group=group,
        uploaded=upload("agenda.txt", b"Agenda\n", "text/plain"),
        title="Agenda september",
        by=owner,
    )
    assert group.visibility == Group.Visibility.MEMBERS

    page.goto("/account/login/")
    page.get_by_label("E-mail").fill(member.email)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Aanmelden").click()

    bell = page.get_by_role("link", name="Meldingen 1 ongelezen")
    expect(bell).to_be_visible()
    bell.click()
    expect(page.get_by_role("heading", level=1, name="Meldingen")).to_be_visible()
    assert Axe().run(page, options=WCAG_AA).response["violations"] == []

    page.get_by_role("link", name="Agenda september").click()
    expect(page.get_by_role("heading", level=1, name="Agenda september")).to_be_visible()
    expect(page.get_by_role("link", name="Meldingen", exact=True)).to_be_visible()  # no count

    page.goto("/account/meldingen/")
    page.get_by_role("group", name="Nieuwe documenten in mijn groepen").get_by_label(
        "Nooit"
    ).check()
    assert Axe().run(page, options=WCAG_AA).response["violations"] == []
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("Je e-mailinstellingen zijn opgeslagen.")).to_be_visible()
    assert EmailPreference.objects.get(user=member, kind="document").frequency == "never"
