"""Checks a whole page for what a cross-site scripting payload would leave in it, with a real HTML
parser (server-side, fast, every payload) and in the browser (the DOM after the page's own scripts
ran, see FIND_INJECTIONS).

Our public templates carry no inline script, event handler, style attribute, <style>, SVG,
MathML, frame or object (test_page_policy.py keeps it so), so any of those in a page is an
injection. Links, images and forms may only point at our own site or at http(s)/mailto/tel, and
never at the corpus' EXTERNAL_HOST.

The Wagtail admin has inline scripts and SVG icons of its own; there, `admin_injections` looks for
the corpus' markers instead (alert, the external host, javascript: URLs) in executable places."""

import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

from tests.security.html_check import url_scheme
from tests.security.xss_payloads import EXTERNAL_HOST

URL_ATTRIBUTES = {
    "href", "src", "action", "formaction", "poster", "background", "data", "xlink:href",
    "ping", "cite", "manifest", "codebase", "longdesc", "dynsrc", "lowsrc", "srcset", "icon",
}  # fmt: skip
SAFE_SCHEMES = {None, "http", "https", "mailto", "tel"}
FOREIGN_ELEMENTS = {
    "svg", "math", "iframe", "frame", "frameset", "object", "embed", "applet", "base",
    "portal", "style", "marquee", "xmp", "noembed", "noframes", "plaintext", "isindex",
    "listing", "image", "xss",
}  # fmt: skip
# The document page previews a PDF in a frame of our own download URL.
OWN_FRAMES = re.compile(r"^/(cooperatie/bestand|vergaderingen)/")
MARKERS = re.compile(rf"alert|prompt\(|confirm\(|{re.escape(EXTERNAL_HOST)}|msgbox", re.I)


def _url_problem(tag: str, name: str, value: str) -> str | None:
    # A link (<a href>) to another site is what people post; it loads nothing until followed.
    # Anything else that names the external host would load from it or send to it.
    loads = not (name == "href" and tag in {"a", "area"})
    for part in value.split(",") if name == "srcset" else [value]:
        part = part.strip().split(" ")[0] if name == "srcset" else part
        scheme = url_scheme(part)
        if scheme not in SAFE_SCHEMES:
            return f"{scheme}: URL in {name} of <{tag}>"
        if loads and EXTERNAL_HOST in part:
            return f"{EXTERNAL_HOST} in {name} of <{tag}>"
    return None


def _own_frame(tag: str, attributes: dict) -> bool:
    return tag == "iframe" and bool(OWN_FRAMES.match(attributes.get("src") or ""))


class _PageParser(HTMLParser):
    def __init__(self, *, strict: bool):
        super().__init__(convert_charrefs=True)
        self.strict = strict
        self.problems: list[str] = []
        self.text: list[str] = []
        self._script: str | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        for name, value in attrs:
            value = value or ""
            if name.startswith("on"):
                if self.strict or MARKERS.search(value):
                    self.problems.append(f"handler {name} on <{tag}>")
            elif name in {"style", "srcdoc"} and self.strict:
                self.problems.append(f"{name} on <{tag}>")
            elif name in URL_ATTRIBUTES:
                problem = _url_problem(tag, name, value)
                if problem:
                    self.problems.append(problem)
        if tag == "script":
            source = attributes.get("src")
            own = source is not None and (
                source.startswith("/static/")
                or (not self.strict and source.startswith("/") and not source.startswith("//"))
            )
            if source is not None and not own:
                self.problems.append(f"script from {source}")
            inline = source is None and attributes.get("type") != "application/json"
            self._script = "" if inline else None
        elif tag == "meta" and "http-equiv" in attributes:
            self.problems.append("<meta http-equiv>")
        elif self.strict and tag in FOREIGN_ELEMENTS and not _own_frame(tag, attributes):
            self.problems.append(f"element <{tag}>")

    handle_startendtag = handle_starttag

    def handle_endtag(self, tag):
        if tag == "script" and self._script is not None:
            if self.strict or MARKERS.search(self._script):
                self.problems.append(f"inline script {self._script.strip()[:60]!r}")
            self._script = None

    def handle_data(self, data):
        if self._script is not None:
            self._script += data
        else:
            self.text.append(data)


def _parse(html: str, strict: bool) -> _PageParser:
    parser = _PageParser(strict=strict)
    parser.feed(html)
    parser.close()
    return parser


def page_injections(html: str) -> list[str]:
    """What in a page of the public site can only have come from an injection."""
    return _parse(html, strict=True).problems


def admin_injections(html: str) -> list[str]:
    """What in a Wagtail admin page carries a payload into an executable place."""
    return _parse(html, strict=False).problems


def squeeze(text: str) -> str:
    return " ".join(text.split())


def page_text(html: str) -> str:
    """The text a person reads (whitespace squeezed): a payload that shows up here whole was
    shown as the text it is, not read as markup."""
    return squeeze(" ".join(_parse(html, strict=False).text))


# Run in the page (Playwright's page.evaluate): the DOM after every script of the page ran,
# also what the page inserted itself (live chat, suggestions, fetched posts).
FIND_INJECTIONS = """(externalHost) => {
  const findings = [];
  const foreign = "svg, math, iframe:not([src^='/cooperatie/bestand/']), frame, object, embed, " +
    "applet, base, portal, style, marquee, xmp, noembed, meta[http-equiv]";
  for (const element of document.querySelectorAll(foreign)) {
    findings.push(`element ${element.tagName}`);
  }
  for (const element of document.querySelectorAll("*")) {
    for (const attribute of element.attributes) {
      const name = attribute.name.toLowerCase();
      if (name.startsWith("on")) findings.push(`handler ${name} on ${element.tagName}`);
      if (name === "style" || name === "srcdoc") findings.push(`${name} on ${element.tagName}`);
      if (["href", "src", "action", "formaction", "poster", "xlink:href", "srcset", "data",
           "background", "ping"].includes(name)) {
        const value = attribute.value.replace(/[\\u0000-\\u0020]/g, "").toLowerCase();
        const link = name === "href" && ["A", "AREA"].includes(element.tagName);
        if (/^(javascript|vbscript|data|file):/.test(value) ||
            (!link && value.includes(externalHost))) {
          findings.push(`${name}=${value.slice(0, 60)} on ${element.tagName}`);
        }
      }
    }
  }
  for (const script of document.querySelectorAll("script")) {
    if (script.type === "application/json") continue;
    if (!script.src || !new URL(script.src).pathname.startsWith("/static/js/")) {
      findings.push(`script ${script.outerHTML.slice(0, 60)}`);
    }
  }
  return findings;
}"""


class Watch:
    """Everything a page does that an injection would make it do: dialogs, requests to another
    host, script errors (a CSP violation is one: something tried to run)."""

    def __init__(self, page, own_host: str):
        self.dialogs, self.foreign, self.errors = [], [], []
        allowed = {own_host, "localhost", "127.0.0.1"}
        page.on("dialog", lambda dialog: (self.dialogs.append(dialog.message), dialog.dismiss()))
        page.on(
            "request",
            lambda request: (
                self.foreign.append(request.url)
                if urlsplit(request.url).hostname not in allowed
                and not request.url.startswith(("data:", "blob:", "about:"))
                else None
            ),
        )
        page.on("pageerror", lambda error: self.errors.append(str(error)))
        page.on(
            "console",
            lambda message: self.errors.append(message.text) if message.type == "error" else None,
        )

    def problems(self) -> list[str]:
        return (
            [f"dialog {m}" for m in self.dialogs]
            + [f"request to {u}" for u in self.foreign]
            + [f"error {e}" for e in self.errors]
        )
