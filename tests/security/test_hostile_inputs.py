"""No input crashes a page: what broken or hostile clients send, in every URL parameter the views
read, every id in the URL conf and every field of every form on the site's pages, gets a 4xx or a
page that says what was wrong; never a server error.

The values (Hypothesis): digits that are not ASCII ("١٢", "①", "²", "１２"), huge and negative
numbers, control characters and NUL, lone surrogates as they arrive on the wire (%ED%A0%80),
strings of 10,000 characters, and text of every Unicode category. The pages are those of the
route walk's world (tests/security/world.py), with content of every visibility; the forms are
found by opening every page of the route walk and reading its forms, so a new form is fuzzed
without a new line here. Hypothesis runs derandomized, without its example database and with few
examples per target (the `ci` profile in tests/conftest.py), so CI sends the same requests every
time."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from urllib.parse import quote, urlsplit

import lxml.html
import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import Resolver404, resolve, reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.security.test_route_walk import ROUTES
from tests.security.world import MEMBERS, PUBLIC, World, build_world

pytestmark = pytest.mark.django_db

HUGE = str(10**30)
# What the strategies below always include: one of each class a crash was ever seen with.
NASTY = [
    "١٢",  # Arabic-Indic digits: str.isdigit() says yes, and int() reads them
    "①",  # a circled digit: str.isdigit() says yes, int() refuses
    "²",
    "１２",  # full-width digits
    HUGE,
    "-" + HUGE,
    "-1",
    "0",
    "1e3",
    "\x00",
    "1\x00",
    "\x1b[31m",
    "\u202e",  # right-to-left override
    "\ud800",  # a lone surrogate: sent as %ED%A0%80
    "x" * 10_000,
    "٩" * 10_000,
    "2026-13-45",
    "9999-12-31",
    "0000-00-00",
    " ",
]

any_character = st.one_of(st.characters(), st.characters(categories=["Cs"]))
hostile = st.one_of(
    st.sampled_from(NASTY),
    st.integers(min_value=-(10**40), max_value=10**40).map(str),
    st.text(any_character, max_size=30),
    st.text(st.characters(max_codepoint=0x1F), min_size=1, max_size=5),
)


def wire(value: str) -> str:
    """A value as a client sends it in a URL or a form body: UTF-8, percent-encoded, a lone
    surrogate as the three bytes that encode it (which are not valid UTF-8)."""
    return quote(value.encode("utf-8", "surrogatepass"), safe="")


def query_string(pairs) -> str:
    return "&".join(f"{wire(name)}={wire(value)}" for name, value in pairs)


def multipart(pairs, files) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts = []
    for name, value in pairs:
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'.encode()
            + value.encode("utf-8", "surrogatepass")
            + b"\r\n"
        )
    for name in files:
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
            f'filename="notitie.txt"\r\nContent-Type: text/plain\r\n\r\nEen notitie.\r\n'.encode()
        )
    body = b"".join(parts) + f"--{boundary}--\r\n".encode()
    return body, f"multipart/form-data; boundary={boundary}"


def examples(count: int):
    return settings(max_examples=count)


def _client(world: World, persona: str) -> Client:
    client = Client()
    if persona != "anonymous":
        client.force_login(world.people[persona])
    return client


def _answer(client: Client, method: str, url: str, body=None, content_type=None):
    cache.clear()  # rate limits must not hide a crash behind a 429
    if method == "GET":
        return client.get(url)
    if body is None:
        return client.post(url)
    return client.post(url, data=body, content_type=content_type)


def _never_a_server_error(response, what) -> None:
    assert response.status_code < 500, (response.status_code, what)


@pytest.fixture
def world(home_page) -> World:
    return build_world(home_page)


# --- URL parameters the views read ---------------------------------------------------------------


@dataclass(frozen=True)
class Reads:
    """A page and the query parameters its view reads (request.GET, or a form bound to it)."""

    url: object  # (world) -> str
    params: tuple[str, ...]
    persona: str = "member"


def _group(name: str, visibility=MEMBERS):
    return lambda w: f"/cooperatie/{w.groups[visibility].slug}/{name}"


SEARCH = ("q", "type", "group", "year", "topic", "sort", "pagina")
# fmt: off
QUERY_PARAMETERS = {
    "search": Reads(lambda w: "/zoeken/", SEARCH),
    "search, anonymous": Reads(lambda w: "/zoeken/", SEARCH, persona="anonymous"),
    "search suggestions": Reads(lambda w: "/zoeken/suggesties/", ("q",)),
    "webinar list": Reads(
        lambda w: "/leerplatform/", ("topic", "series", "speaker", "month", "pagina", "opnames")
    ),
    "webinar list, anonymous": Reads(
        lambda w: "/leerplatform/", ("topic", "series", "speaker", "month", "pagina", "opnames"),
        persona="anonymous",
    ),
    "webinar page": Reads(lambda w: w.webinars[PUBLIC].url, ("t",)),
    "webinar recording": Reads(lambda w: f"/leren/webinar/{w.webinars[PUBLIC].pk}/opname/", ("t",)),
    "my learning": Reads(lambda w: "/leren/mijn/", ("pagina", "opnames")),
    "network report": Reads(lambda w: "/leren/netwerk/", ("formaat",), persona="staff"),
    "publications": Reads(lambda w: "/presentaties/", ("groep", "jaar", "pagina")),
    "news": Reads(lambda w: "/nieuws/", ("pagina",)),
    "groups": Reads(lambda w: "/cooperatie/", ("pagina", "q")),
    "decision register": Reads(_group("besluitenlijst/"), ("jaar",)),
    "meetings": Reads(_group("vergaderingen/"), ("jaar", "pagina")),
    "threads": Reads(_group("discussies/"), ("page",)),
    "thread": Reads(lambda w: w.threads[MEMBERS].get_absolute_url(), ("page", "citeer")),
    "thread's posts": Reads(
        lambda w: reverse(
            "discussions:posts_fragment",
            kwargs={"slug": w.groups[MEMBERS].slug, "pk": w.threads[MEMBERS].pk},
        ),
        ("id", "after"),
    ),
    "members to mention": Reads(_group("discussies/leden/"), ("q",)),
    "upload": Reads(_group("uploaden/"), ("folder",), persona="owner"),
    "download": Reads(
        lambda w: f"/cooperatie/bestand/{w.documents[MEMBERS].current_version.pk}/verslag.txt",
        ("inline",),
    ),
    "presentation": Reads(
        lambda w: f"/vergaderingen/{w.meetings[MEMBERS].pk}/presentatie/"
        f"{w.presentations[MEMBERS].pk}/presentatie.txt",
        ("inline",),
    ),
    "live room": Reads(lambda w: f"/live/group/{w.groups[MEMBERS].pk}/", ("before",)),
    "live history": Reads(lambda w: f"/live/group/{w.groups[MEMBERS].pk}/berichten/", ("before",)),
    "notifications": Reads(lambda w: "/meldingen/", ("pagina",)),
}
# fmt: on


@pytest.mark.parametrize("name", sorted(QUERY_PARAMETERS))
def test_no_url_parameter_crashes_a_page(world, name):
    reads = QUERY_PARAMETERS[name]
    client = _client(world, reads.persona)
    url = reads.url(world)
    # The page itself answers (the posts' JSON asks for one of its parameters: 400 without).
    assert client.get(url).status_code in (200, 400), url

    @examples(40)
    @given(st.lists(st.tuples(st.sampled_from(reads.params), hostile), min_size=1, max_size=3))
    def crashes_nothing(pairs):
        address = f"{url}?{query_string(pairs)}"
        _never_a_server_error(_answer(client, "GET", address), address[:300])

    crashes_nothing()


# --- Ids and names in URLs ------------------------------------------------------------------------

PATH_VALUES = {
    "int": ["0", HUGE, "9" * 400],
    "str": ["①", "١٢", "-1", "%00", "%ED%A0%80", "%E2%80%AE", "x" * 2000],
    "slug": ["x" * 2000, "-", "_"],
}


def _converters(route: str) -> dict[str, str]:
    """The kinds of the route's named parts: <int:pk> is "int", a regex group is "str"."""
    kinds = {name: kind for kind, name in re.findall(r"<(?:(\w+):)?(\w+)>", route)}
    kinds.update(dict.fromkeys(re.findall(r"\(\?P<(\w+)>", route), "str"))
    return {
        name: {"path": "str", "uuid": "str"}.get(kind or "str", kind)
        for name, kind in kinds.items()
    }


def test_no_id_or_name_in_a_url_crashes_a_page(world):
    """Every route of the URL conf (the route walk's rows give a real address of each), with
    each of its parts replaced in turn by what its converter lets through."""
    client = _client(world, "member")
    tried = 0
    for pattern, row in ROUTES.items():
        for url, _visibility in row.urls(world, "member")[:1]:
            path = urlsplit(url).path
            try:
                match = resolve(path)
            except Resolver404:  # served before the URL conf (media files)
                continue
            kinds = _converters(match.route)
            for name, value in match.kwargs.items():
                original = quote(str(value), safe="/:@")
                if f"/{original}" not in path:
                    continue
                for replacement in PATH_VALUES.get(kinds.get(name, "str"), PATH_VALUES["str"]):
                    address = path.replace(f"/{original}", f"/{replacement}", 1)
                    for method in ("GET", "POST"):
                        response = _answer(client, method, address)
                        _never_a_server_error(response, (pattern, method, address[:300]))
                        tried += 1
    assert tried > 300


# --- Every form on the site's pages --------------------------------------------------------------

# Forms that would end the fuzzing person's session or account, not test their input.
LEAVES = ("/account/logout/", "/account/verwijderen/")


@dataclass(frozen=True)
class Form:
    page: str
    action: str
    values: tuple[tuple[str, str], ...]  # as the page fills them in
    files: tuple[str, ...]
    multipart: bool


def _forms_on(client: Client, url: str) -> list[Form]:
    response = client.get(url)
    if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
        return []
    document = lxml.html.fromstring(response.content, base_url=f"http://testserver{url}")
    forms = []
    for form in document.forms:
        if form.method.upper() != "POST":
            continue
        action = urlsplit(form.action or url)
        if action.netloc not in ("", "testserver") or action.path.startswith(LEAVES):
            continue
        files = tuple(i.name for i in form.inputs if i.get("type") == "file" and i.name)
        forms.append(
            Form(
                page=url,
                action=action.path + (f"?{action.query}" if action.query else ""),
                values=tuple((name, value) for name, value in form.form_values()),
                files=files,
                multipart="multipart" in (form.get("enctype") or ""),
            )
        )
    return forms


def _all_forms(world: World, persona: str) -> dict[tuple, Form]:
    client = _client(world, persona)
    found = {}
    for row in ROUTES.values():
        for url, _visibility in row.urls(world, persona):
            for form in _forms_on(client, url):
                names = tuple(sorted({name for name, _ in form.values} | set(form.files)))
                found.setdefault((urlsplit(form.action).path, names), form)
    return found


def _fuzz_form(client: Client, form: Form, count: int) -> None:
    names = sorted({name for name, _ in form.values if name != "csrfmiddlewaretoken"})
    names += [name for name in form.files if name not in names]
    if not names:
        return

    @examples(count)
    @given(st.dictionaries(st.sampled_from(names), hostile, min_size=1, max_size=4))
    def crashes_nothing(changes):
        pairs = [(n, changes.get(n, v)) for n, v in form.values if n not in form.files]
        pairs += [(n, v) for n, v in changes.items() if n not in dict(form.values)]
        sent_files = [name for name in form.files if name not in changes]
        if form.multipart:
            body, content_type = multipart(pairs, sent_files)
        else:
            body, content_type = query_string(pairs), "application/x-www-form-urlencoded"
        response = _answer(client, "POST", form.action, body, content_type)
        _never_a_server_error(response, (form.action, {n: v[:80] for n, v in changes.items()}))

    crashes_nothing()


@pytest.mark.parametrize("persona", ["owner", "anonymous"])
def test_no_form_field_crashes_a_page(world, persona):
    """Every form on every page of the route walk, as the groups' owner (who is offered the most
    forms) and as a visitor (sign-up, log-in, password reset)."""
    forms = _all_forms(world, persona)
    assert len(forms) > (30 if persona == "owner" else 3), sorted(forms)
    for form in forms.values():
        client = _client(world, persona)  # a form may have logged them out: in again
        _fuzz_form(client, form, count=12)
