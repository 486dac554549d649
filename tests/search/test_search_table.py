"""PostgreSQL: the search table (search/table.py). Its rows follow the index, and each source's
permission filter, translated to conditions on the stored values, selects exactly the objects the
owning app's permission queryset allows, for every kind of person."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.urls import reverse

from accounts.models import User
from search import table
from search.models import Item
from search.sources import SOURCES, Source
from tests.search.test_leaks import ANON, MEMBER, OUTSIDER, STAFF
from tests.search.test_leaks import person as person  # noqa: F401,PLC0414 (fixture)

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="The search table is PostgreSQL's; SQLite and Elasticsearch search their own index.",
)


def _user(person, member, outsider):
    if person == STAFF:
        return User.objects.get(email="staf@kennisplein.test")
    return {ANON: AnonymousUser(), OUTSIDER: outsider, MEMBER: member}[person]


def _keys(kind, condition="TRUE", params=()):
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT object_id FROM search_item WHERE kind = %s AND ({condition})",
            [kind, *params],
        )
        return {row[0] for row in cursor.fetchall()}


@pytest.mark.parametrize("person", [ANON, OUTSIDER, MEMBER, STAFF], indirect=True)
def test_the_translated_filter_allows_what_the_permission_queryset_allows(person, member, outsider):
    """For every source (one world per person: building it is the slow part)."""
    user = _user(person, member, outsider)
    wrong = {}
    for source in SOURCES:
        condition, params = table.permission_sql(source, user)
        indexed = _keys(source.kind)
        # The rule as Django applies it to the source's own table.
        allowed = set(source.search_queryset(user).values_list("pk", flat=True))
        found = _keys(source.kind, condition, params)
        if found != indexed & allowed:
            wrong[source.kind] = {"found": found, "allowed": indexed & allowed}
    assert wrong == {}


def test_the_world_has_rows_of_each_kind_that_the_leak_table_searches(world):
    kinds = set(Item.objects.values_list("kind", flat=True))
    assert {"group", "document", "webinar", "recording", "page"} <= kinds


def test_a_condition_on_a_field_that_is_not_a_filterfield_is_refused(world, member):
    from cooperation.models import Document

    by_title = Source(
        kind="document",
        label="Documenten",
        model=lambda: Document,
        visible=lambda user: Document.objects.filter(title="Notulen"),
        present=lambda obj, request, query="": None,
    )
    with pytest.raises(table.Untranslatable, match="title"):
        table.permission_sql(by_title, member)


def test_deleting_an_object_deletes_its_row(world):
    from cooperation.models import Document

    document = Document.objects.get(title="Notulen")
    assert _keys("document") >= {document.pk}
    document.delete()
    assert document.pk not in _keys("document")


def test_refresh_writes_the_rows_again_from_the_index_entries(client, world):
    before = sorted(Item.objects.values_list("kind", "object_id"))
    Item.objects.all().delete()
    response = client.get(reverse("search:search"), {"q": "uitleenbalie"})
    assert response.context["page"].paginator.count == 0

    assert table.refresh() >= len(before)
    assert sorted(Item.objects.values_list("kind", "object_id")) == before
    response = client.get(reverse("search:search"), {"q": "uitleenbalie"})
    assert [hit.title for hit in response.context["page"]] == ["Jaarplan openbaar"]


def test_the_kinds_with_the_most_rows_are_tested_first_and_results_stay_the_same(
    client, world, monkeypatch
):
    """The CASE's order is the planner's statistics: a speed hint, which must never change what is
    found (with no statistics at all, the sources' own order)."""
    from search.selectors import Filters

    def searched():
        response = client.get(reverse("search:search"), {"q": "jaarplan"})
        return sorted(hit.title for hit in response.context["page"])

    monkeypatch.setattr(table, "_kind_order", (float("-inf"), {}))
    monkeypatch.setattr(table, "KIND_ORDER_SECONDS", 0)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE search_item")
        cursor.execute("SELECT kind, count(*) FROM search_item GROUP BY kind")
        rows = dict(cursor.fetchall())
    found = searched()

    search = table.TableSearch(user=AnonymousUser(), query="jaarplan", sources=SOURCES)
    _sql, params = search._where(SOURCES, Filters())
    kinds = {source.kind for source in SOURCES}
    tested = [param for param in params if isinstance(param, str) and param in kinds]
    sizes = [rows.get(kind, 0) for kind in tested]
    assert len(set(sizes)) > 2 and sizes == sorted(sizes, reverse=True)

    monkeypatch.setattr(table, "_kinds_by_size", dict)  # no statistics
    assert searched() == found
