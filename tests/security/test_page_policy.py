"""The Content Security Policy holds on every page type: every route of the route walk (so a new
page is checked the day its row is added), as a member and as staff, carries the strict policy
and no inline script, inline event handler or style attribute that the policy would have to
allow; every response has the other security headers. The templates are scanned as well, for
pages no route of the walk reaches (error pages, rarely shown branches)."""

from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.test import Client

from tests.security.test_route_walk import ROUTES
from tests.security.world import build_world

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


class _Inline(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._script = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"handler {name} on <{tag}>")
            if name == "style":
                self.found.append(f"style attribute on <{tag}>")
            if name in {"href", "src", "action", "formaction"} and (value or "").replace(
                " ", ""
            ).lower().startswith("javascript:"):
                self.found.append(f"javascript: URL on <{tag}>")
        if tag == "script":
            kind = attributes.get("type", "")
            self._script = None if "src" in attributes or kind == "application/json" else ""
        if tag == "style":
            self.found.append("<style> element")

    def handle_data(self, data):
        if self._script is not None:
            self._script += data

    def handle_endtag(self, tag):
        if tag == "script":
            if self._script is not None:
                self.found.append(f"inline script {self._script.strip()[:60]!r}")
            self._script = None


def inline_code(html: str) -> list[str]:
    parser = _Inline()
    parser.feed(html)
    parser.close()
    return parser.found


def _policy(response) -> dict[str, list[str]]:
    policy = response.headers.get("Content-Security-Policy", "")
    return {name: values for name, *values in (p.split() for p in policy.split(";") if p.strip())}


def header_problems(url: str, response) -> list[str]:
    problems = []
    if response.headers.get("X-Content-Type-Options") != "nosniff":
        problems.append("no nosniff")
    if response.status_code in (301, 302, 303, 304, 307, 308):
        return problems
    if "Referrer-Policy" not in response.headers:
        problems.append("no referrer policy")
    content_type = response.headers.get("Content-Type", "")
    if not content_type.startswith("text/html"):
        return problems
    policy = _policy(response)
    if policy.get("script-src") != ["'self'"]:
        problems.append(f"script-src {policy.get('script-src')}")
    if policy.get("frame-ancestors") != ["'self'"] and "X-Frame-Options" not in response.headers:
        problems.append("may be framed by anyone")
    if policy.get("object-src") != ["'none'"] or policy.get("base-uri") != ["'self'"]:
        problems.append("object-src or base-uri missing")
    return problems


def _body(response) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode("utf-8", errors="replace")
    return response.content.decode("utf-8", errors="replace")


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["member", "staff"])
def test_every_page_carries_the_strict_policy_and_no_inline_code(persona, home_page):
    world = build_world(home_page)
    client = Client()
    client.force_login(world.people[persona])
    problems, pages = [], 0
    urls = [url for row in ROUTES.values() for url, _ in row.urls(world, persona)]
    urls += ["/bestaat-niet/", "/cooperatie/bestaat-niet/"]  # the 404 page
    for url in urls:
        response = client.get(url)
        problems += [(url, problem) for problem in header_problems(url, response)]
        if response.headers.get("Content-Type", "").startswith("text/html"):
            pages += 1
            problems += [(url, found) for found in inline_code(_body(response))]
    assert pages > 40  # the walk did reach the pages
    assert problems == []


def test_the_templates_carry_no_inline_script_handler_or_style():
    """Wagtail admin templates (templates/**/admin/) live under the admin's own policy."""
    problems = []
    for path in sorted(TEMPLATES.rglob("*.html")):
        if "admin" in path.relative_to(TEMPLATES).parts:
            continue
        problems += [
            (str(path.relative_to(TEMPLATES)), found) for found in inline_code(path.read_text())
        ]
    assert problems == []
