"""Ranking: an item with the word in its title comes before items with it only in their text. On
PostgreSQL, a word found in more than FULL_RANK_LIMIT items keeps that order for the title
matches and lists the other matches newest first (search/table.py)."""

import pytest
from django.db import connection
from django.urls import reverse

from cooperation.models import Group


@pytest.fixture
def chronicles(make_group, make_document):
    group = make_group(Group.Visibility.PUBLIC, name="Werkgroep Archief")
    made = [make_document(group, title=f"Notitie {n}", text=f"Over de kroniek {n}") for n in (1, 2)]
    made.insert(1, make_document(group, title="Kroniek van het archief", text="Inleiding"))
    made.append(make_document(group, title="Notitie 3", text="Weer een kroniek"))
    return made  # in the order they were made: text, title, text, text


def _documents(client, **params):
    response = client.get(reverse("search:search"), {"q": "kroniek", "type": "document", **params})
    return [hit.title for hit in response.context["page"]], response.context["page"].paginator


def test_a_title_match_comes_first(client, chronicles):
    titles, paginator = _documents(client)
    assert titles[0] == "Kroniek van het archief"
    assert paginator.count == 4


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="Two-tier ranking is PostgreSQL's; SQLite ranks every match (FTS5's bm25 is cheap).",
)
def test_a_very_common_word_lists_title_matches_then_the_newest(client, chronicles, monkeypatch):
    monkeypatch.setattr("search.table.FULL_RANK_LIMIT", 1)
    titles, paginator = _documents(client)
    assert titles == ["Kroniek van het archief", "Notitie 3", "Notitie 2", "Notitie 1"]
    assert paginator.count == 4
