"""The API's browsable documentation (Swagger UI from django-ninja's static files) in Chromium,
under the site's strict Content Security Policy: it renders every operation, the CSP reports no
violation, and a logged-in person's "Try it out" reads through the session."""

import json

import pytest
from playwright.sync_api import expect

from tests.e2e.live_pages import logged_in_page
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

# Recorded before any script of the page runs (injected by the browser, not subject to the CSP).
RECORD_CSP_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
    window.__cspViolations.push(event.violatedDirective + " " + event.blockedURI);
});
"""


def test_the_api_documentation_works_under_the_csp(browser, live_server, tmp_path):
    person = UserFactory(email="lezer@bibliotheek.test", display_name="Lea Lezer")
    context, page, errors = logged_in_page(browser, live_server.url, person)
    context.add_init_script(RECORD_CSP_VIOLATIONS)
    response = page.goto("/api/v1/docs")
    policy = response.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy

    expect(page.locator(".opblock").first).to_be_visible()
    paths = page.locator(".opblock-summary-path").all_inner_texts()
    assert "/api/v1/webinars" in paths and "/api/v1/documents/{document_id}/download" in paths
    expect(page.get_by_role("button", name="Authorize")).to_be_visible()

    me = page.locator("#operations-Account-me")
    me.locator(".opblock-summary").click()
    me.get_by_role("button", name="Try it out").click()
    me.get_by_role("button", name="Execute").click()
    body = me.locator(".response-col_description .microlight").first
    expect(body).to_contain_text("lezer@bibliotheek.test")
    assert json.loads(body.inner_text())["name"] == "Lea Lezer"

    page.screenshot(path=str(tmp_path / "api-docs.png"), full_page=False)
    assert page.evaluate("window.__cspViolations") == []
    context.close()
    assert errors == []
