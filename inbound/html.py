"""Plain text from the HTML of an e-mail that has no text/plain part.

The quoted message is taken out before the text is made: blockquotes (Apple Mail, Thunderbird,
Gmail), Gmail's quote and signature divs, Thunderbird's citation prefix and signature, Yahoo's
quote, and everything after Outlook's markers (`#appendonsend`, `#divRplyFwdMsg`,
`hr#stopSpelling`), which put the earlier message after, not inside, an element. Scripts, styles
and the head are never text. The result is plain text (links as "text (address)"); it becomes the
Markdown of a post and is sanitised by the discussions' renderer like everything typed on the web.
"""

import re
from html.parser import HTMLParser

# Elements whose whole content is left out.
_SKIPPED_TAGS = {"script", "style", "head", "title", "blockquote", "template", "noscript"}
_SKIPPED_CLASSES = {
    "gmail_quote",
    "gmail_quote_container",
    "gmail_signature",
    "gmail_extra",
    "moz-cite-prefix",
    "moz-signature",
    "yahoo_quoted",
    "outlookmessageheader",
}
# Outlook marks where the earlier message begins; it follows as siblings, so the text ends here.
_END_IDS = {
    "appendonsend",
    "divrplyfwdmsg",
    "stopspelling",
    "mail-editor-reference-message-container",
}
_VOID = {
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr",
}  # fmt: skip
_BLOCKS = {
    "p", "div", "section", "article", "header", "footer", "table", "tr", "ul", "ol", "li", "h1",
    "h2", "h3", "h4", "h5", "h6", "pre", "address", "hr", "dl", "dt", "dd",
}  # fmt: skip


class _TextMaker(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping: str | None = None  # the tag whose content is being left out
        self.skip_depth = 0
        self.ended = False
        self.pre = 0
        self.links: list[str | None] = []

    def _newline(self, count: int = 1):
        self.parts.append("\n" * count)

    def handle_starttag(self, tag, attrs):
        if self.ended:
            return
        if self.skipping:
            if tag == self.skipping:
                self.skip_depth += 1
            return
        attributes = dict(attrs)
        classes = {name.lower() for name in (attributes.get("class") or "").split()}
        element_id = (attributes.get("id") or "").lower()
        if element_id in _END_IDS:
            self.ended = True
            return
        if tag in _SKIPPED_TAGS or classes & _SKIPPED_CLASSES:
            if tag not in _VOID:
                self.skipping, self.skip_depth = tag, 1
            return
        if tag == "br":
            self._newline()
        elif tag == "li":
            self._newline()
            self.parts.append("- ")
        elif tag in _BLOCKS:
            self._newline(2 if tag == "p" else 1)
        if tag == "pre":
            self.pre += 1
        elif tag in {"td", "th"}:
            self.parts.append(" ")
        elif tag == "a":
            href = attributes.get("href") or ""
            self.links.append(href if re.match(r"(https?|mailto):", href, re.I) else None)
            self.parts.append("\x00")  # where the link's text starts

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in _VOID and not self.ended:
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        if self.ended:
            return
        if self.skipping:
            if tag == self.skipping:
                self.skip_depth -= 1
                if not self.skip_depth:
                    self.skipping = None
            return
        if tag == "pre":
            self.pre = max(0, self.pre - 1)
        if tag == "a" and self.links:
            self._close_link(self.links.pop())
        elif tag in _BLOCKS and tag != "li":  # the next item starts its own line
            self._newline(2 if tag == "p" else 1)

    def _close_link(self, href: str | None):
        # Everything since the link's start marker is its text.
        for position in range(len(self.parts) - 1, -1, -1):
            if self.parts[position] == "\x00":
                text = "".join(self.parts[position + 1 :]).strip()
                del self.parts[position:]
                shown = href.removeprefix("mailto:") if href else ""
                if href and text and shown not in text:
                    text = f"{text} ({href})"
                self.parts.append(text or shown)
                return

    def handle_data(self, data):
        if self.ended or self.skipping:
            return
        if not self.pre:
            data = re.sub(r"\s+", " ", data)
        self.parts.append(data)

    def text(self) -> str:
        text = "".join(part for part in self.parts if part != "\x00").replace("\xa0", " ")
        lines = [line.strip() for line in text.split("\n")]
        return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def html_to_text(html: str) -> str:
    maker = _TextMaker()
    maker.feed(html)
    maker.close()
    return maker.text()
