"""axe-core (WCAG 2.1 A and AA rules) finds nothing on the pages of issue 10, in Dutch and in
English, each seen by the person it is for, with the demo's content: the home page, the
Leerplatform, a webinar before (registration open), live (room with chat and questions) and after
(recording, FAQ, transcript), group space and library, a thread with replies, search results with
facets and highlighted snippets, the account and notification settings and the log-in page."""

import pytest

from tests.e2e.a11y_site import axe_findings, build_site, open_as, show

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("language", ["nl", "en"])
def test_every_page_passes_axe(browser, asgi_server, language):
    visits = build_site()
    pages, findings = {}, {}
    try:
        for visit in visits:
            if visit.person not in pages:
                page, _errors = pages[visit.person] = open_as(browser, asgi_server, visit.person)
                if language == "en":  # as a person does it: with the header's language button
                    page.goto("/")
                    page.get_by_role("button", name="English").click()
                    page.wait_for_url("/")
                    assert page.locator("html").get_attribute("lang") == "en"
            page, _errors = pages[visit.person]
            show(page, visit)
            # Folded content counts too: the webinar's chat transcript, a post's attachments.
            page.locator("main details:not([open])").evaluate_all(
                "folded => folded.forEach(details => { details.open = true; })"
            )
            if found := axe_findings(page):
                findings[visit.name] = found
    finally:
        for page, _errors in pages.values():
            page.context.close()
    assert findings == {}
    assert [errors for _page, errors in pages.values() if errors] == []
