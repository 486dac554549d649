"""The one place where user-written HTML is made safe (DESIGN: sanitised on the way in, trusted
nowhere else). nh3 is the Python binding of the Rust sanitiser ammonia; bleach is unmaintained."""

import nh3

ALLOWED_TAGS = {
    "a", "b", "strong", "i", "em", "u", "s", "p", "br", "ul", "ol", "li",
    "blockquote", "code", "pre", "h2", "h3", "h4",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}


def sanitize_html(html: str) -> str:
    """Returns `html` with only the allow-listed tags, attributes and URL schemes left. Links get
    rel="noopener noreferrer nofollow ugc" so they cannot reach back into the opening page."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer nofollow ugc",
    )


def plain_text(html: str) -> str:
    """The text of `html` without any markup, e.g. for e-mail subjects and search snippets."""
    return nh3.clean(html, tags=set())
