"""Chat text to HTML: a small Markdown subset (emphasis, code, links, line breaks; no raw HTML),
then the project's one sanitiser. Mentions are marked after rendering, on the escaped text."""

import re
from collections.abc import Iterable

from django.utils.html import escape
from markdown_it import MarkdownIt

from portal.sanitize import sanitize_html

# "zero" enables nothing; only what chat needs is switched on. Raw HTML stays off, so "<b>" is shown
# as text, and markdown-it refuses javascript: links before the sanitiser even sees them.
_markdown = MarkdownIt("zero", {"linkify": True, "breaks": True, "html": False}).enable(
    ["emphasis", "backticks", "link", "linkify", "newline", "escape"]
)


def render_chat_html(body: str, mentioned_names: Iterable[str] = ()) -> str:
    html = _markdown.renderInline(body)
    for name in sorted(set(mentioned_names), key=len, reverse=True):
        html = re.sub(
            rf"(?<![\w>])@{re.escape(escape(name))}(?!\w)",
            lambda match: f"<strong>{match.group(0)}</strong>",
            html,
            flags=re.IGNORECASE,
        )
    return sanitize_html(html)


def mentioned_names(body: str, candidates: Iterable[str]) -> set[str]:
    """The names among `candidates` written as @Name in `body` (case-insensitive, whole name)."""
    found = set()
    if "@" not in body:
        return found
    for name in candidates:
        if name and re.search(rf"(?<!\w)@{re.escape(name)}(?!\w)", body, flags=re.IGNORECASE):
            found.add(name)
    return found
