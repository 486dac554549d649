"""The XSS corpus, posted by one member in a few big posts through the reply form (and as thread
titles), then read by another member in Chromium: no dialog, no element or attribute outside the
allow-list, no javascript: link, no request to another host; also for posts that arrive through
the live fragment the page inserts itself."""

from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from cooperation import services as group_services
from cooperation.discussions import services
from cooperation.models import Group
from tests.cooperation.conftest import add_member
from tests.factories import UserFactory
from tests.security.xss_payloads import EXTERNAL_HOST, PAYLOADS

pytestmark = pytest.mark.django_db(transaction=True)

POSTS = 4  # the corpus in a few big posts, not hundreds of requests
# Null characters are refused by the form (as Django's fields do); the payloads that carry one are
# posted without it here (tests/security/test_xss_render.py renders them as they are).
TYPED = [payload.replace("\x00", "") for payload in PAYLOADS]

# Run in the reader's page: everything that must not be there, as a list of findings.
FIND_INJECTIONS = """() => {
  const allowed = new Set(["A", "B", "STRONG", "I", "EM", "U", "S", "P", "BR", "UL", "OL", "LI",
                           "BLOCKQUOTE", "CODE", "PRE", "H2", "H3", "H4"]);
  const findings = [];
  for (const body of document.querySelectorAll(".post__body")) {
    for (const element of body.querySelectorAll("*")) {
      if (!allowed.has(element.tagName)) findings.push(`element ${element.tagName}`);
      for (const attribute of element.attributes) {
        const ofLink = element.tagName === "A" && ["href", "title", "rel"].includes(attribute.name);
        if (!ofLink) findings.push(`attribute ${attribute.name} on ${element.tagName}`);
      }
    }
  }
  for (const element of document.querySelectorAll("*")) {
    for (const attribute of element.attributes) {
      if (attribute.name.toLowerCase().startsWith("on")) findings.push(`handler ${attribute.name}`);
      if (attribute.name === "style") findings.push(`style on ${element.tagName}`);
    }
  }
  const main = document.querySelector("main");
  for (const element of main.querySelectorAll(
      "img, svg, math, iframe, frame, object, embed, style, link, meta, base, video, audio, " +
      "source, picture, portal, applet, template, noscript")) {
    findings.push(`element ${element.tagName} in main`);
  }
  for (const script of document.querySelectorAll("script")) {
    if (!script.src || !new URL(script.src).pathname.startsWith("/static/js/")) {
      findings.push("script");
    }
  }
  for (const element of document.querySelectorAll("[href], [src], [action], [formaction]")) {
    for (const name of ["href", "src", "action", "formaction"]) {
      const raw = element.getAttribute(name) || "";
      const value = raw.replace(/[\\u0000-\\u0020]/g, "").toLowerCase();
      if (/^(javascript|vbscript|data):/.test(value)) findings.push(`${name}=${value}`);
    }
  }
  return findings;
}"""


def _context(browser, base_url, user):
    client = Client()
    client.force_login(user)
    context = browser.new_context(base_url=base_url, locale="nl-BE")
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": base_url,
            }
        ]
    )
    return context


def test_xss_payloads_never_reach_another_members_browser(browser, live_server):
    owner = UserFactory(display_name="Wies Werkgroep")
    author = UserFactory(display_name="Aster Aanvaller")
    reader = UserFactory(display_name="Lies Lezer")
    group = group_services.group_create(
        owner=owner, name="Werkgroep Veiligheid", visibility=Group.Visibility.MEMBERS
    )
    add_member(group, author)
    add_member(group, reader)
    thread = services.thread_create(group=group, author=owner, title="Proef", body="Begin")
    for payload in TYPED[:10]:  # titles are text: they go through the template's escaping
        services.thread_create(group=group, author=author, title=payload[:200], body=payload)

    # The attacker posts the corpus through the reply form, a few big posts.
    attacker = _context(browser, live_server.url, author)
    page = attacker.new_page()
    page.route_web_socket("**/ws/**", lambda ws: None)  # no live room on the WSGI test server
    size = len(TYPED) // POSTS + 1
    for start in range(0, len(TYPED), size):
        page.goto(thread.get_absolute_url())
        page.get_by_label("Je bericht").fill("\n\n".join(TYPED[start : start + size]))
        page.get_by_role("button", name="Reactie plaatsen").click()
        expect(page.locator(".form-errors")).to_have_count(0)
        expect(page.locator(".post")).to_have_count(1 + start // size + 1)
    attacker.close()
    assert thread.posts.count() == 1 + POSTS

    # Another member reads the thread, the list of threads and the search results.
    context = _context(browser, live_server.url, reader)
    page = context.new_page()
    page.route_web_socket("**/ws/**", lambda ws: None)
    dialogs, foreign, errors = [], [], []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    own_host = urlsplit(live_server.url).hostname
    page.on(
        "request",
        lambda request: (
            foreign.append(request.url)
            if urlsplit(request.url).hostname not in {own_host, "localhost", "127.0.0.1"}
            else None
        ),
    )
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    try:
        page.goto(thread.get_absolute_url())
        expect(page.locator(".post")).to_have_count(1 + POSTS)
        page.locator(".post").last.hover()
        assert page.evaluate(FIND_INJECTIONS) == []

        # A post that arrives live is inserted by the page's own script from the fragment URL.
        services.post_reply(thread=thread, author=author, body="\n\n".join(TYPED[::7]))
        page.evaluate("document.querySelector('[data-thread-live]').threadLive.fetchNew()")
        expect(page.locator(".post")).to_have_count(2 + POSTS)
        assert page.evaluate(FIND_INJECTIONS) == []

        page.goto(f"/cooperatie/{group.slug}/discussies/")
        expect(page.locator(".thread-item")).to_have_count(11)
        assert page.evaluate(FIND_INJECTIONS) == []
    finally:
        context.close()
    assert dialogs == []
    assert foreign == [], f"requests to other hosts, e.g. {EXTERNAL_HOST}"
    assert errors == []  # also no CSP violation: nothing even tried to run
