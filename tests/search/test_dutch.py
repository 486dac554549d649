"""Dutch text handling on the database backend the suite runs on (SQLite locally; PostgreSQL in
CI): stemming and accents, through the search page."""

import pytest
from django.urls import reverse

from cooperation.models import Group
from search.highlight import snippet


@pytest.fixture
def dutch_groups(make_group):
    make_group(
        Group.Visibility.PUBLIC,
        name="Netwerk",
        description="De bibliotheek van morgen en de coöperatie van culturele huizen.",
    )
    make_group(Group.Visibility.PUBLIC, name="Leesclubs", description="Voorlezen voor kinderen.")


@pytest.mark.parametrize(
    ("query", "finds"),
    [
        ("bibliotheek", True),
        ("bibliotheken", True),  # plural finds singular
        ("coöperatie", True),
        ("cooperatie", True),  # accents ignored
        ("COOPERATIE", True),
        ("culturele huizen", True),
        ("cultureel huizen", True),  # inflections of more than one word
        ("kinderen", True),
        ("voorlezen", True),
        ("sportschool", False),
    ],
)
def test_dutch_words_find_their_forms(client, dutch_groups, query, finds):
    response = client.get(reverse("search:search"), {"q": query})
    assert (response.context["page"].paginator.count > 0) is finds


@pytest.mark.parametrize(
    ("text", "query", "expected"),
    [
        ("De bibliotheek van morgen", "bibliotheken", "De <mark>bibliotheek</mark> van morgen"),
        ("Een coöperatie", "cooperatie", "Een <mark>coöperatie</mark>"),
        (
            "<script>alert(1)</script> bibliotheek",
            "bibliotheek",
            "&lt;script&gt;alert(1)&lt;/script&gt; <mark>bibliotheek</mark>",
        ),
        ("Geen treffer <b>hier</b>", "sport", "Geen treffer &lt;b&gt;hier&lt;/b&gt;"),
        ("Tom & Jerry in de bibliotheek", "<mark>", "Tom &amp; Jerry in de bibliotheek"),
    ],
)
def test_snippet_escapes_user_text_then_marks_matches(text, query, expected):
    assert str(snippet(text, query)) == expected


def test_snippet_shows_the_passage_around_the_match_in_a_long_text():
    text = "inleiding " * 50 + "het leesplan voor scholen" + " slot" * 50
    result = str(snippet(text, "leesplannen"))
    assert "<mark>leesplan</mark>" in result
    assert result.startswith("…") and result.endswith("…")
    assert len(result) < 300


@pytest.mark.parametrize(
    ("text", "query", "expected"),
    [
        # Found despite a typo (a search engine's fuzziness): the word it was found by is marked.
        ("Nieuwe boeken voor de jeugd", "boeten", "Nieuwe <mark>boeken</mark> voor de jeugd"),
        ("Het jaarverslag van 2025", "jaarverslga", "Het <mark>jaarverslag</mark> van 2025"),
        # The typed word itself is in the text: only it is marked, not its neighbours.
        ("boeten en boeken", "boeten", "<mark>boeten</mark> en boeken"),
        # Under five letters a word must match exactly, as on the engine.
        ("Een boek", "boet", "Een boek"),
    ],
)
def test_snippet_marks_the_word_a_typo_found(text, query, expected):
    assert str(snippet(text, query)) == expected
