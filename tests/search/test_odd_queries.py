"""Queries of only stop words or punctuation: a friendly empty result on every backend (the
database's and a search engine's), never an error."""

import pytest
from django.urls import reverse

from cooperation.models import Group


@pytest.mark.parametrize("query", ["de", "de het", "*", "?!", "de * het", '"', "- + ~", "\\"])
def test_a_query_of_only_stop_words_or_punctuation_finds_nothing_kindly(client, make_group, query):
    make_group(Group.Visibility.PUBLIC, name="Werkgroep De Bibliotheek")
    response = client.get(reverse("search:search"), {"q": query})
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 0
    assert "Niets gevonden voor" in response.content.decode()
    suggestions = client.get(reverse("search:suggest"), {"q": query})
    assert suggestions.status_code == 200
