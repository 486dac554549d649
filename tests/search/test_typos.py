"""Typos: on the database backends a query that finds nothing is searched again with each word of
five letters or more replaced by a known word one edit away, and the page says so; a search
engine finds the same with the typo, by fuzzy matching (search/backends/engine.py). A correction
is only made to a word that finds something the person may see (test_leaks.py has the table)."""

import pytest
from django.urls import reverse

from cooperation.models import Group
from search import vocabulary


@pytest.fixture
def groups(make_group):
    make_group(
        Group.Visibility.PUBLIC,
        name="Werkgroep Voorleesbibliotheek",
        description="Boeken voor de voorleesbibliotheek van de wijk.",
    )
    make_group(Group.Visibility.PUBLIC, name="Stuurgroep Museumkaart")
    make_group(Group.Visibility.SECRET, name="Stuurgroep Geheimhouding")


def _search(client, query):
    response = client.get(reverse("search:search"), {"q": query})
    return response, [hit.title for hit in response.context["page"]]


@pytest.mark.parametrize(
    "typo",
    [
        # Early in the word: on SQLite a word is matched by the start of its stem, which already
        # forgives a typo in the ending ("voorleesbiblioteek" finds it without a correction).
        "vorleesbibliotheek",  # a letter left out
        "voorlaesbibliotheek",  # a letter changed
        "voorlesebibliotheek",  # two letters swapped
        "voorleeesbibliotheek",  # a letter too many
    ],
)
def test_a_word_with_one_typo_is_corrected_and_the_page_says_so(client, groups, typo, settings):
    response, titles = _search(client, typo)
    assert titles == ["Werkgroep Voorleesbibliotheek"]
    if settings.SEARCH_URL:
        return  # a search engine matches the word with its typo (fuzziness), nothing to correct
    html = response.content.decode()
    assert f"Niets gevonden voor “{typo}”." in html
    assert "1 resultaat voor “voorleesbibliotheek”" in html
    assert "<mark>voorleesbibliotheek</mark>" in html  # the snippet marks the corrected word


def test_two_typos_in_one_word_or_short_words_are_not_corrected(client, groups):
    assert _search(client, "vorlesbibliotheek")[1] == []
    assert vocabulary.corrections("kaar") == []  # under five letters


def test_words_of_a_query_are_corrected_each(client, groups):
    response, titles = _search(client, "stuurgroep musuemkaart")
    assert titles == ["Stuurgroep Museumkaart"]


def test_a_correction_to_a_hidden_word_is_not_offered(client, groups, outsider):
    client.force_login(outsider)
    response, titles = _search(client, "geheimhoudnig")
    assert titles == []
    assert "search-corrected" not in response.content.decode()  # no "Niets gevonden" correction
    assert "geheimhouding" not in response.content.decode()


def test_a_known_word_without_results_is_left_alone(client, groups):
    assert vocabulary.corrections("museumkaart") == []
