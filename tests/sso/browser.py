"""A browser without JavaScript for the single sign-on tests: requests' session (cookies per host,
redirects followed across hosts, as a browser does) plus reading and submitting HTML forms.

The log-in pages of Kennisplein and of the provider need no JavaScript, so this is enough to walk
the real flow from one site to the other and back, in milliseconds instead of a Chromium start."""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin

import requests


@dataclass
class Form:
    action: str
    method: str
    attrs: dict
    fields: dict = field(default_factory=dict)
    buttons: list = field(default_factory=list)  # (name, value, text)


class _FormParser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.forms: list[Form] = []
        self._button: list | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.forms.append(
                Form(
                    action=attrs.get("action") or "",
                    method=(attrs.get("method") or "get").lower(),
                    attrs=attrs,
                )
            )
        elif not self.forms:
            return
        elif tag == "input":
            kind = (attrs.get("type") or "text").lower()
            if kind == "submit":
                self.forms[-1].buttons.append(
                    (attrs.get("name"), attrs.get("value", ""), attrs.get("value", ""))
                )
            elif kind in {"checkbox", "radio"}:
                if "checked" in attrs and attrs.get("name"):
                    self.forms[-1].fields[attrs["name"]] = attrs.get("value", "on")
            elif attrs.get("name"):
                self.forms[-1].fields[attrs["name"]] = attrs.get("value", "")
        elif tag == "button" and (attrs.get("type") or "submit") == "submit":
            self._button = [attrs.get("name"), attrs.get("value", ""), ""]

    def handle_data(self, data):
        if self._button is not None:
            self._button[2] += data

    def handle_endtag(self, tag):
        if tag == "button" and self._button is not None and self.forms:
            name, value, text = self._button
            self.forms[-1].buttons.append((name, value, " ".join(text.split())))
            self._button = None


def forms_of(text: str) -> list[Form]:
    parser = _FormParser()
    parser.feed(text)
    return parser.forms


class Page:
    def __init__(self, browser: Browser, response: requests.Response):
        self.browser = browser
        self.response = response
        self.url = response.url
        self.status = response.status_code
        self.text = html.unescape(response.text)
        self.forms = forms_of(response.text)

    def form(self, *, id: str | None = None, button: str | None = None) -> Form:
        for form in self.forms:
            if id and form.attrs.get("id") == id:
                return form
            if button and any(button == text for _, _, text in form.buttons):
                return form
        raise AssertionError(f"No form {id or button!r} on {self.url}:\n{self.text[:3000]}")

    def submit(self, form: Form, data: dict | None = None, button: str | None = None) -> Page:
        values = {**form.fields, **(data or {})}
        for name, value, text in form.buttons:
            if name and button in (name, text):
                values[name] = value
        url = urljoin(self.url, form.action or self.url)
        if form.method == "post":
            return self.browser.post(url, values)
        return self.browser.get(url, params=values)


class Browser:
    def __init__(self):
        self.session = requests.Session()

    def get(self, url: str, **kwargs) -> Page:
        return Page(self, self.session.get(url, timeout=30, **kwargs))

    def post(self, url: str, data: dict) -> Page:
        return Page(self, self.session.post(url, data=data, timeout=30))
