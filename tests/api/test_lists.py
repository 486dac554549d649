"""Lists: pages with their total and links, filters, and a constant number of queries however
long the page is (permission checks of a page are read in bulk)."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cooperation.models import Group
from tests.cooperation.conftest import add_member, upload
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _queries(api, path) -> int:
    api.get(path)  # once before: the key's "last used" and the site's addresses are then known
    with CaptureQueriesContext(connection) as queries:
        response = api.get(path)
    assert response.status_code == 200, response.content
    return len(queries)


def test_pages_carry_their_total_and_links(api_as, librarian, make_webinar):
    for number in range(5):
        make_webinar(title=f"Webinar {number}", starts_in=timedelta(days=number + 1))
    api = api_as(librarian)
    first = api.get("/api/v1/webinars", {"page_size": 2}).json()
    assert first["count"] == 5 and len(first["items"]) == 2
    assert first["previous"] is None
    assert first["next"].endswith("/api/v1/webinars?page_size=2&page=2")
    assert [w["title"] for w in first["items"]] == ["Webinar 0", "Webinar 1"]
    last = api.get("/api/v1/webinars", {"page_size": 2, "page": 3}).json()
    assert [w["title"] for w in last["items"]] == ["Webinar 4"] and last["next"] is None
    assert api.get("/api/v1/webinars", {"page": 9}).json()["items"] == []
    too_big = api.get("/api/v1/webinars", {"page_size": 101})
    assert too_big.status_code == 422 and too_big.json()["details"][0]["loc"][-1] == "page_size"


def test_upcoming_and_past_webinars(api_as, librarian, make_webinar):
    make_webinar(title="Straks", starts_in=timedelta(days=1))
    make_webinar(title="Voorbij", starts_in=timedelta(days=-3))
    api = api_as(librarian)

    def titles(when):
        return [w["title"] for w in api.get(f"/api/v1/webinars?when={when}").json()["items"]]

    assert titles("upcoming") == ["Straks"] and titles("past") == ["Voorbij"]
    assert api.get("/api/v1/webinars?when=morgen").status_code == 422


def test_lists_cost_the_same_queries_however_long(api_as, make_webinar, make_group, group_owner):
    api = api_as(group_owner)
    groups = [make_group(Group.Visibility.MEMBERS, name=f"Groep {n}") for n in range(2)]
    for group in groups:
        add_member(group, UserFactory())
    library = groups[0]

    def add_document(number):
        from cooperation import services

        document = services.document_upload(
            group=library,
            uploaded=upload(f"stuk-{number}.txt", b"tekst", "text/plain"),
            by=group_owner,
            tags=["verslag", f"stuk{number}"],
        )
        return document

    for number in range(2):
        make_webinar(title=f"Webinar {number}", speakers=[f"Spreker {number}"], topics=["lezen"])
        add_document(number)
    short = {
        "webinars": _queries(api, "/api/v1/webinars"),
        "groups": _queries(api, "/api/v1/groups"),
        "documents": _queries(api, f"/api/v1/groups/{library.slug}/documents"),
    }
    for number in range(2, 8):
        make_webinar(title=f"Webinar {number}", speakers=[f"Spreker {number}"], topics=["lezen"])
        make_group(Group.Visibility.MEMBERS, name=f"Groep {number}")
        add_document(number)
    long = {
        "webinars": _queries(api, "/api/v1/webinars"),
        "groups": _queries(api, "/api/v1/groups"),
        "documents": _queries(api, f"/api/v1/groups/{library.slug}/documents"),
    }
    assert long == short


def test_the_publications_list_costs_the_same_queries_however_long(
    api_as, make_group, group_owner, librarian, django_capture_on_commit_callbacks
):
    from cooperation.meetings import services as meetings
    from tests.cooperation.samples import pdf

    group = make_group(Group.Visibility.PUBLIC, owner=group_owner, name="Open werkgroep")

    def publish_a_meeting(number):
        start = timezone.now().replace(microsecond=0) - timedelta(days=number + 1)
        meeting = meetings.meeting_create(
            group=group,
            by=group_owner,
            title=f"Sessie {number}",
            starts_at=start,
            ends_at=start + timedelta(hours=1),
        )
        with django_capture_on_commit_callbacks(execute=True):
            for sheet in range(2):
                meetings.presentation_upload(
                    meeting=meeting,
                    by=group_owner,
                    title=f"Sheets {number}.{sheet}",
                    uploaded=upload(f"sheets-{sheet}.pdf", pdf("Sheets"), "application/pdf"),
                )
        meetings.meeting_publish(
            meeting=meeting, by=group_owner, presentations=True, minutes=False, recording=False
        )

    api = api_as(librarian)
    publish_a_meeting(0)
    short = _queries(api, "/api/v1/publications")
    for number in range(1, 6):
        publish_a_meeting(number)
    long = _queries(api, "/api/v1/publications")

    items = api.get("/api/v1/publications").json()["items"]
    assert len(items) == 6 and all(len(item["presentations"]) == 2 for item in items)
    assert long == short
