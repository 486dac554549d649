"""A search on an engine is one request for every source, count and facet
(search/engine_search.py); facets count without their own narrowing on every path."""

from datetime import UTC, datetime

import pytest
from django.conf import settings
from django.utils import timezone
from modelsearch.backends import get_search_backend

from cooperation.models import Group
from learning.models import Audience
from search import selectors
from search.selectors import Filters

on_an_engine = pytest.mark.skipif(
    settings.SEARCH_ENGINE == "database", reason="SEARCH_URL names no search engine"
)


@pytest.fixture
def requests_to_the_engine(monkeypatch):
    """The paths of the requests the engine's client sends."""
    transport = get_search_backend().es.transport
    sent = []
    perform = transport.perform_request

    def counted(method, url, *args, **kwargs):
        sent.append(url)
        return perform(method, url, *args, **kwargs)

    monkeypatch.setattr(transport, "perform_request", counted)
    return sent


@pytest.fixture
def library(make_group, make_document, make_webinar, member):
    public = make_group(Group.Visibility.PUBLIC, name="Werkgroep Erfgoed")
    other = make_group(Group.Visibility.PUBLIC, name="Werkgroep Archief")
    for number in range(12):
        make_document(public, title=f"Erfgoed plan {number}", text="Erfgoed in de bibliotheek")
    make_document(other, title="Erfgoed archief", text="Erfgoed van de stad")
    make_webinar(title="Erfgoed voor iedereen", audience=Audience.EVERYONE, topics=["erfgoed"])
    return public, other


@on_an_engine
def test_a_search_is_one_request_to_the_engine(library, member, requests_to_the_engine):
    results, facets = selectors.search(user=member, query="erfgoed", filters=Filters())
    hits = results[0:10]
    assert len(hits) == 10
    assert {kind for kind, _, _ in facets.kinds} == {"group", "document", "webinar"}
    assert [url.rsplit("/", 1)[-1] for url in requests_to_the_engine] == ["_msearch"]


@on_an_engine
def test_a_page_beyond_the_first_request_is_asked_for(library, member, requests_to_the_engine):
    results, _ = selectors.search(user=member, query="erfgoed", filters=Filters(), page_end=10)
    first, beyond = results[0:10], results[10:20]
    assert results.count() == 15  # 13 documents, a group, a webinar
    assert len(beyond) == 5
    assert not {hit.title for hit in first} & {hit.title for hit in beyond}
    assert len(requests_to_the_engine) == 2


def test_a_facet_counts_without_its_own_narrowing(library, member):
    """Narrowed to one group, the group facet still lists the other group with its count (a
    click moves to it), and the year facet counts only the chosen group's matches."""
    public, other = library
    _, facets = selectors.search(
        user=member, query="erfgoed", filters=Filters(group=public.pk, kind="document")
    )
    assert [(pk, count) for pk, _, count in facets.groups] == [(public.pk, 12), (other.pk, 1)]
    assert sum(count for _, count in facets.years) == 12  # the chosen group's documents


def test_the_years_facet_and_narrowing_follow_the_sites_calendar(make_group, make_document, member):
    """A document added at 00:30 on New Year's day in Amsterdam belongs to the new year, though
    it is still the old year in UTC."""
    from cooperation.models import Document

    group = make_group(Group.Visibility.PUBLIC, name="Werkgroep Nieuwjaar")
    document = make_document(group, title="Nieuwjaarsbrief", text="Nieuwjaarsbrief")
    zone = timezone.get_default_timezone()
    new_year = datetime(2025, 1, 1, 0, 30, tzinfo=zone)
    Document.objects.filter(pk=document.pk).update(created_at=new_year)
    group_created = datetime(2024, 6, 1, tzinfo=zone)
    Group.objects.filter(pk=group.pk).update(created_at=group_created)
    _reindex(Document.objects.get(pk=document.pk), Group.objects.get(pk=group.pk))
    assert new_year.astimezone(UTC).year == 2024
    _, facets = selectors.search(user=member, query="nieuwjaarsbrief", filters=Filters())
    assert dict(facets.years) == {2025: 1}
    in_2025, _ = selectors.search(user=member, query="nieuwjaarsbrief", filters=Filters(year=2025))
    assert [hit.title for hit in in_2025[0:10]] == ["Nieuwjaarsbrief"]
    assert not selectors.search(user=member, query="nieuwjaarsbrief", filters=Filters(year=2024))[
        0
    ].count()


def _reindex(*objects):
    from modelsearch.index import insert_or_update_object

    for obj in objects:
        insert_or_update_object(obj)
