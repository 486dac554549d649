"""The API's permission table: every operation of the API × every kind of person × content of
every visibility (tests/security/world.py), with the status each must get. Like the route walk
for pages, two rules hold for every answer:

- nobody meets the marker word of a visibility they may not see, whatever the status;
- where a cell says the content is shown, the answer is 200 and carries the marker.

The operations are read from the API's own OpenAPI schema: a new operation without a row here
fails `test_every_api_operation_has_a_row`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.db import transaction

from api.v1 import api
from learning.models import Series, WebinarPage
from tests.api.conftest import ApiClient, token_for
from tests.security.world import MARKERS, MAY_SEE, PERSONAS, PUBLIC, SECRET, VISIBILITIES, World

API = "/api/v1"

# (status, whether the answer must carry the visibility's marker)
Expect = tuple[int, bool]


@dataclass(frozen=True)
class Row:
    # (url, visibility) pairs; a list is asked once and judged for every visibility.
    urls: Callable[[World], list[tuple[str, str]]]
    expect: Callable[[str, str], Expect]
    method: str = "get"
    payload: Callable[[World, str], dict] | None = None


def per_visibility(build: Callable[[World, str], str]):
    return lambda world: [(API + build(world, v), v) for v in VISIBILITIES]


def listing(path: str):
    return lambda world: [(API + path, v) for v in VISIBILITIES]


def sees(persona: str, visibility: str) -> bool:
    return visibility in MAY_SEE[persona]


def seen_or_404(persona, v) -> Expect:
    return (200, True) if sees(persona, v) else (404, False)


def _readable_or_403(persona, v) -> Expect:
    """A group's inside: 404 where the group itself is secret to them, 403 where it is not."""
    if sees(persona, v):
        return 200, True
    return (404, False) if v == SECRET else (403, False)


def _registrants(persona, v) -> Expect:
    if not sees(persona, v):
        return 404, False
    return (200, True) if persona == "staff" else (403, False)


def _own_registration(persona, v) -> Expect:
    return (200, True) if persona == "member" else (404, False)


def _register(persona, v) -> Expect:
    # The world's webinars began ten minutes ago (registration closed); the member is registered.
    return (409, False) if sees(persona, v) else (404, False)


# fmt: off
ROWS: dict[tuple[str, str], Row] = {
    ("GET", "/me"): Row(lambda w: [(API + "/me", PUBLIC)], lambda p, v: (200, False)),
    # Leerplatform
    ("GET", "/webinars"): Row(listing("/webinars?page_size=100"),
                              lambda p, v: (200, sees(p, v))),
    ("GET", "/webinars/{webinar_id}"): Row(
        per_visibility(lambda w, v: f"/webinars/{w.webinars[v].pk}"), seen_or_404),
    ("GET", "/webinars/{webinar_id}/registrations"): Row(
        per_visibility(lambda w, v: f"/webinars/{w.webinars[v].pk}/registrations"), _registrants),
    ("GET", "/series"): Row(listing("/series"), lambda p, v: (200, False)),
    ("GET", "/series/{series_id}"): Row(
        lambda w: [(f"{API}/series/{Series.objects.get().pk}", v) for v in VISIBILITIES],
        lambda p, v: (200, sees(p, v))),
    ("GET", "/registrations"): Row(listing("/registrations"),
                                   lambda p, v: (200, p == "member" and sees(p, v))),
    ("POST", "/registrations"): Row(
        lambda w: [(API + "/registrations", v) for v in VISIBILITIES], _register, method="post",
        payload=lambda w, v: {"webinar_id": w.webinars[v].pk}),
    ("GET", "/registrations/{registration_id}"): Row(
        per_visibility(lambda w, v: f"/registrations/{w.registrations[v].pk}"), _own_registration),
    ("DELETE", "/registrations/{registration_id}"): Row(
        per_visibility(lambda w, v: f"/registrations/{w.registrations[v].pk}"), _own_registration,
        method="delete"),
    # Coöperatieplatform: only the secret group's name and description carry its marker.
    ("GET", "/groups"): Row(listing("/groups?page_size=100"),
                            lambda p, v: (200, v == SECRET and sees(p, v))),
    ("GET", "/groups/{slug}"): Row(
        per_visibility(lambda w, v: f"/groups/{w.groups[v].slug}"),
        lambda p, v: (200, v == SECRET) if sees(p, v) or v != SECRET else (404, False)),
    ("GET", "/groups/{slug}/documents"): Row(
        per_visibility(lambda w, v: f"/groups/{w.groups[v].slug}/documents"), _readable_or_403),
    ("GET", "/documents/{document_id}"): Row(
        per_visibility(lambda w, v: f"/documents/{w.documents[v].pk}"), seen_or_404),
    ("GET", "/documents/{document_id}/download"): Row(
        per_visibility(lambda w, v: f"/documents/{w.documents[v].pk}/download"), seen_or_404),
    ("GET", "/meetings"): Row(listing("/meetings?page_size=100"), lambda p, v: (200, sees(p, v))),
    ("GET", "/meetings/{meeting_id}"): Row(
        per_visibility(lambda w, v: f"/meetings/{w.meetings[v].pk}"), seen_or_404),
    # Only the public group published its meeting; what is published is for everyone.
    ("GET", "/publications"): Row(listing("/publications"), lambda p, v: (200, v == PUBLIC)),
    ("GET", "/publications/{meeting_id}"): Row(
        per_visibility(lambda w, v: f"/publications/{w.meetings[v].pk}"),
        lambda p, v: (200, True) if v == PUBLIC else (404, False)),
}
# fmt: on


def api_operations() -> set[tuple[str, str]]:
    schema = api.get_openapi_schema(path_prefix="")
    return {
        (method.upper(), path)
        for path, operations in schema["paths"].items()
        for method in operations
    }


def test_every_api_operation_has_a_row():
    served = api_operations()
    missing = sorted(served - ROWS.keys())
    stale = sorted(ROWS.keys() - served)
    assert not missing, f"API operations without a row in ROWS (add one): {missing}"
    assert not stale, f"Rows for operations that no longer exist (remove them): {stale}"


def _body(response) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode("utf-8", errors="replace")
    return response.content.decode("utf-8", errors="replace")


def _ask(client: ApiClient, row: Row, url: str, world: World, visibility: str):
    if row.method == "get":
        return client.get(url)
    # Writes are undone after each cell, so that every cell starts from the same world.
    with transaction.atomic():
        if row.method == "post":
            response = client.post(url, row.payload(world, visibility))
        else:
            response = client.delete(url)
        body = _body(response)
        transaction.set_rollback(True)
    response.text = body
    return response


@pytest.mark.django_db
def test_the_api_never_shows_more_than_the_web(home_page):
    from tests.security.world import build_world

    world = build_world(home_page)
    series = Series.objects.create(title="Reeks", slug="reeks")
    WebinarPage.objects.filter(pk__in=[w.pk for w in world.webinars.values()]).update(series=series)
    leaks, wrong = [], []
    for persona in PERSONAS:
        user = None if persona == "anonymous" else world.people[persona]
        client = ApiClient(token_for(user) if user else None)
        hidden = world.hidden_markers(persona)
        answers = {}
        for operation, row in ROWS.items():
            for url, visibility in row.urls(world):
                key = (row.method, url, visibility if row.method != "get" else None)
                if key not in answers:
                    response = _ask(client, row, url, world, visibility)
                    text = getattr(response, "text", None) or _body(response)
                    answers[key] = (response.status_code, text)
                status, body = answers[key]
                leaks += [(persona, operation, url, m) for m in hidden if m in body]
                expected, shown = (
                    (401, False) if persona == "anonymous" else row.expect(persona, visibility)
                )
                if status != expected or (shown and MARKERS[visibility] not in body):
                    wrong.append((persona, operation, visibility, url, status, expected, shown))
    assert leaks == [], f"hidden content in API answers: {leaks}"
    assert wrong == [], "cells with another answer than the table says: " + "\n".join(
        map(str, wrong)
    )
