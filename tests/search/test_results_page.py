"""The results page: types together, facets that narrow, sorting, pagination, the empty query,
and a search backend that cannot be reached."""

import pytest
from django.urls import reverse

from cooperation.models import Group
from learning.models import Audience
from tests import search_engine


@pytest.fixture
def mixed(make_group, make_webinar, make_document):
    group = make_group(Group.Visibility.PUBLIC, name="Werkgroep Leesbevordering")
    other = make_group(Group.Visibility.PUBLIC, name="Werkgroep Digitaal")
    make_document(group, title="Leesbevordering plan", text="Leesbevordering voor peuters")
    make_document(other, title="Digitaal", text="Leesbevordering online")
    make_webinar(
        title="Leesbevordering in de praktijk", audience=Audience.EVERYONE, topics=["jeugd"]
    )
    return group


def _search(client, **params):
    return client.get(reverse("search:search"), params)


def test_empty_query_shows_a_prompt(client, db):
    response = _search(client)
    assert response.status_code == 200
    assert "page" not in response.context
    assert b"search-prompt" in response.content


def test_results_of_all_types_come_together_with_type_where_and_snippet(client, mixed):
    response = _search(client, q="leesbevordering")
    kinds = {hit.kind for hit in response.context["page"]}
    assert kinds == {"group", "document", "webinar"}
    documents = [hit for hit in response.context["page"] if hit.kind == "document"]
    assert {hit.where for hit in documents} == {"Werkgroep Leesbevordering", "Werkgroep Digitaal"}
    content = response.content.decode()
    assert "<mark>Leesbevordering</mark>" in content
    assert "voor peuters" in content  # the passage inside the file


def test_facets_count_and_narrow(client, mixed):
    response = _search(client, q="leesbevordering")
    facets = response.context["facets"]
    assert {link.split("type=")[1]: count for _, count, link, _ in facets["type"]} == {
        "webinar": 1,
        "group": 1,
        "document": 2,
    }
    assert ("jeugd", 1) in [(label, count) for label, count, _, _ in facets["topic"]]
    narrowed = _search(client, q="leesbevordering", type="document")
    assert {hit.kind for hit in narrowed.context["page"]} == {"document"}
    in_group = _search(client, q="leesbevordering", group=mixed.pk)
    assert {hit.title for hit in in_group.context["page"]} == {
        "Werkgroep Leesbevordering",
        "Leesbevordering plan",
    }
    by_topic = _search(client, q="leesbevordering", topic="jeugd")
    assert [hit.kind for hit in by_topic.context["page"]] == ["webinar"]
    year = facets["year"][0][0]
    by_year = _search(client, q="leesbevordering", year=year)
    assert by_year.context["page"].paginator.count >= 1


def test_sorting_by_date_puts_the_newest_first(client, mixed):
    response = _search(client, q="leesbevordering", sort="date")
    dates = [hit.date for hit in response.context["page"] if hit.date]
    assert dates == sorted(dates, reverse=True)


def test_pagination(client, make_group):
    for number in range(13):
        make_group(Group.Visibility.PUBLIC, name=f"Werkgroep Erfgoed {number}")
    first = _search(client, q="erfgoed")
    second = _search(client, q="erfgoed", pagina=2)
    assert first.context["page"].paginator.count == 13
    assert len(first.context["page"]) == 10
    assert len(second.context["page"]) == 3
    titles = {hit.title for hit in first.context["page"]} | {
        hit.title for hit in second.context["page"]
    }
    assert len(titles) == 13


@pytest.mark.parametrize("engine", ["OpenSearchBackend", "ElasticsearchBackend"])
def test_an_unreachable_engine_says_so_in_the_users_language(client, db, settings, engine):
    settings.WAGTAILSEARCH_BACKENDS = {
        "default": {"BACKEND": f"search.backends.engine.{engine}", **search_engine.unreachable()}
    }
    response = _search(client, q="bibliotheek")
    assert response.status_code == 503
    assert "Zoeken is tijdelijk niet beschikbaar" in response.content.decode()
    client.post(reverse("accounts:set_language"), {"language": "en", "next": "/"})
    english = _search(client, q="bibliotheek")
    assert "Search is temporarily unavailable" in english.content.decode()
    suggestions = client.get(reverse("search:suggest"), {"q": "bibliotheek"})
    assert suggestions.json() == {"suggestions": []}


def test_suggestions_need_two_characters(client, mixed):
    assert client.get(reverse("search:suggest"), {"q": "l"}).json() == {"suggestions": []}
    titles = [
        suggestion["title"]
        for suggestion in client.get(reverse("search:suggest"), {"q": "lees"}).json()["suggestions"]
    ]
    assert "Werkgroep Leesbevordering" in titles
    assert "Leesbevordering in de praktijk" in titles


def test_header_box_is_a_combobox_with_its_module(client, home_page):
    html = client.get("/").content.decode()
    assert 'role="combobox"' in html
    assert 'aria-controls="site-search-suggestions"' in html
    assert 'role="listbox"' in html
    assert "js/search-suggest" in html


def test_speakers_and_series_found_together_look_up_the_leerplatform_once(client, make_webinar):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from learning.models import Series, Speaker

    index_url = make_webinar(title="Iets anders", audience=Audience.EVERYONE).get_parent().url
    for name in ("Anouk Jansen", "Pieter Jansen", "Fatima Jansen"):
        Speaker.objects.create(name=name)
    series = Series.objects.create(title="Jansen vertelt", slug="jansen")
    with CaptureQueriesContext(connection) as queries:
        page = _search(client, q="Jansen").content.decode()
    assert page.count(f'href="{index_url}?speaker=') == 3
    assert f'href="{index_url}?series={series.slug}"' in page
    lookups = [q for q in queries.captured_queries if "learning_webinarindexpage" in q["sql"]]
    assert len(lookups) == 1
