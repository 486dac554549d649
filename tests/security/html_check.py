"""Checks rendered user HTML against the sanitiser's allow-list with a real HTML parser, so a
payload that slipped through in any spelling shows up as a tag, attribute or URL it may not have."""

import re
from html.parser import HTMLParser

from portal.sanitize import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, ALLOWED_URL_SCHEMES

# Attributes the sanitiser itself adds to links.
ADDED_ATTRIBUTES = {"a": {"rel"}}
_CONTROL = re.compile(r"[\x00-\x20\x7f-\x9f]+")


def url_scheme(url: str) -> str | None:
    """The scheme a browser would see in `url` (control characters and whitespace dropped, as
    browsers do), or None for a relative URL."""
    cleaned = _CONTROL.sub("", url).lower()
    match = re.match(r"^([a-z][a-z0-9+.\-]*):", cleaned)
    return match.group(1) if match else None


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag not in ALLOWED_TAGS:
            self.problems.append(f"tag <{tag}>")
        allowed = ALLOWED_ATTRIBUTES.get(tag, set()) | ADDED_ATTRIBUTES.get(tag, set())
        for name, value in attrs:
            if name not in allowed:
                self.problems.append(f"attribute {name} on <{tag}>")
            elif name == "href":
                scheme = url_scheme(value or "")
                if scheme is not None and scheme not in ALLOWED_URL_SCHEMES:
                    self.problems.append(f"{scheme}: URL on <{tag}>")

    handle_startendtag = handle_starttag

    def handle_comment(self, data):
        self.problems.append("comment")

    def handle_decl(self, decl):
        self.problems.append(f"declaration {decl}")

    def handle_pi(self, data):
        self.problems.append("processing instruction")

    def unknown_decl(self, data):
        self.problems.append(f"declaration {data}")


def unsafe_parts(html: str) -> list[str]:
    """What in `html` is outside the allow-list (an empty list for safe HTML)."""
    collector = _Collector()
    collector.feed(html)
    collector.close()
    return collector.problems
