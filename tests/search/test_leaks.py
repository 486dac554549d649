"""Nothing a person may not see appears in results, counts, facets or suggestions: for every
content type and visibility, search as each kind of person for words only that item contains."""

import pytest
from django.urls import reverse

from tests.factories import UserFactory

# word -> who finds it (anonymous, outsider, member, staff)
ANON, OUTSIDER, MEMBER, STAFF = "anonymous", "outsider", "member", "staff"
EVERYONE = {ANON, OUTSIDER, MEMBER, STAFF}
TABLE = [
    # groups
    ("Openbaar", EVERYONE),  # public group
    ("Ledenkring", EVERYONE),  # members-only group: its existence is public
    ("Fluistertoren", {MEMBER, STAFF}),  # secret group, member joined
    ("Zwijgzaam", {STAFF}),  # secret group, member not in it
    # documents (words from the file's text)
    ("uitleenbalie", EVERYONE),  # in a public group
    ("ledenkringdossier", {MEMBER, STAFF}),  # in a members-only group
    ("fluisterplan", {MEMBER, STAFF}),  # in a secret group the member is in
    ("zwijgzaamheidsbudget", {STAFF}),  # in a secret group the member is not in
    ("prullenbaktekst", set()),  # in the trash
    # webinars
    ("leesplezier", EVERYONE),
    ("inlogkennis", {OUTSIDER, MEMBER, STAFF}),  # logged-in members
    ("kringkennis", {MEMBER, STAFF}),  # one group's audience
    ("kladversie", set()),  # never published
    # what was said with a recording: captions, answered questions and chat
    ("ondertitelwoord", {OUTSIDER, MEMBER, STAFF}),  # recording for logged-in members
    ("kletspraatje", {OUTSIDER, MEMBER, STAFF}),  # its chat
    ("antwoordwoordje", {OUTSIDER, MEMBER, STAFF}),  # an answered question
    ("scheldwoordbericht", set()),  # a message a moderator hid
    ("onbeantwoordvraagje", set()),  # a question nobody answered (not in the FAQ either)
    ("groepsopnamewoord", {MEMBER, STAFF}),  # recording for one group's members
    ("groepschatwoord", {MEMBER, STAFF}),
    ("kringopnamewoord", {MEMBER, STAFF}),  # public recording of a webinar for one group
    ("zonderopnamewoord", set()),  # chat of a session without a recording
    # editorial pages
    ("redactietekst", EVERYONE),
    ("afgeschermdtekst", set()),  # any view restriction keeps a page out of search
    ("ontwerptekst", set()),  # draft
]


@pytest.fixture
def person(request, client, world, member, outsider):
    role = request.param
    users = {
        OUTSIDER: outsider,
        MEMBER: member,
        STAFF: UserFactory(email="staf@kennisplein.test", is_staff=True, is_superuser=True),
    }
    if role in users:
        client.force_login(users[role])
    return role


@pytest.mark.parametrize("person", [ANON, OUTSIDER, MEMBER, STAFF], indirect=True)
@pytest.mark.parametrize(("word", "seen_by"), TABLE)
def test_search_shows_only_what_the_person_may_see(client, person, word, seen_by):
    response = client.get(reverse("search:search"), {"q": word})
    assert response.status_code == 200
    page = response.context["page"]
    facets = response.context["facets"]
    found = page.paginator.count
    counted = sum(count for _, count, _, _ in facets["type"])
    in_groups = sum(count for _, count, _, _ in facets["group"])
    body = response.content.decode()
    results = body.split('<ol class="results">')[1].split("</ol>")[0]
    facet_list = body.split('class="search-facets"')[1].split("</aside>")[0]
    if person in seen_by:
        assert found >= 1
        assert counted == found
    else:
        assert found == 0
        assert counted == 0
        assert in_groups == 0
        assert facets["year"] == []
        assert "<li" not in results
        assert "<li" not in facet_list


@pytest.mark.parametrize("person", [ANON, OUTSIDER, MEMBER, STAFF], indirect=True)
@pytest.mark.parametrize(
    ("prefix", "title", "seen_by"),
    [
        ("Fluis", "Stuurgroep Fluistertoren", {MEMBER, STAFF}),
        ("Zwijg", "Stuurgroep Zwijgzaam", {STAFF}),
        ("Groepsweb", "Groepswebinar kringkennis", {MEMBER, STAFF}),
        ("Begro", "Begroting", {STAFF}),
        ("Concept", "Conceptwebinar kladversie", set()),
    ],
)
def test_suggestions_show_only_what_the_person_may_see(client, person, prefix, title, seen_by):
    response = client.get(reverse("search:suggest"), {"q": prefix})
    titles = [suggestion["title"] for suggestion in response.json()["suggestions"]]
    assert (title in titles) == (person in seen_by)


def test_group_facet_never_names_a_secret_group(client, world, outsider):
    client.force_login(outsider)
    response = client.get(reverse("search:search"), {"q": "Stuurgroep"})
    assert b"Fluistertoren" not in response.content
    assert b"Zwijgzaam" not in response.content


@pytest.mark.parametrize("person", [ANON, OUTSIDER, MEMBER, STAFF], indirect=True)
@pytest.mark.parametrize(
    ("typo", "word", "seen_by"),
    [
        ("flusitertoren", "fluistertoren", {MEMBER, STAFF}),  # secret group, member joined
        ("zwjigzaamheidsbudget", "zwijgzaamheidsbudget", {STAFF}),  # its document's text
        ("ondertitlewoord", "ondertitelwoord", {OUTSIDER, MEMBER, STAFF}),  # members' recording
    ],
)
def test_typo_corrections_show_only_what_the_person_may_see(
    client, person, typo, word, seen_by, settings
):
    """The vocabulary holds every indexed word; a correction is offered only when it finds
    something the person may see, so a typo never reveals that a hidden word exists. A search
    engine matches the typo itself (fuzziness), inside the same permission filter."""
    response = client.get(reverse("search:search"), {"q": typo})
    found = response.context["page"].paginator.count
    body = response.content.decode().lower()
    if person in seen_by:
        assert found >= 1
        if not settings.SEARCH_URL:
            assert f"“{word}”" in body  # the corrected query, said on the page
    else:
        assert found == 0
        assert word not in body
        assert "search-corrected" not in body
