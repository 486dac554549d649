"""Editors work in the Wagtail admin; its looser policy under /admin/ must let it run cleanly
(the page fixture fails the test on any console error, CSP violations included)."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)


def test_editor_writes_a_draft_of_the_home_page_in_the_admin(page, home_page, editor, password):
    page.goto("/admin/")  # sent to the one log-in page, and back
    page.get_by_label("E-mail").fill(editor.email)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_role("button", name="Aanmelden").click()
    expect(page.locator("#wagtail")).to_be_visible()

    page.goto(f"/admin/pages/{home_page.pk}/edit/")
    editor_box = page.locator(".Draftail-Editor [contenteditable=true]").first
    editor_box.click()
    page.keyboard.press("Control+End")
    page.keyboard.type(" Nieuw: de webinarreeks over leesbevordering.")
    # Draftail writes its hidden field after a short debounce, as it does for any typist.
    expect(page.locator("input[name=introduction]")).to_have_value(re.compile("leesbevordering"))
    page.get_by_role("button", name="Bewaar concept").click()
    expect(page.locator(".messages")).to_contain_text("is gewijzigd")

    home_page.refresh_from_db()
    draft = home_page.get_latest_revision_as_object()
    assert "de webinarreeks over leesbevordering" in draft.introduction
    assert "leesbevordering" not in home_page.introduction  # not published yet
