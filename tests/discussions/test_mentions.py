"""@mentions: members by their display name, marked in the post; non-members refused by name;
the autocomplete lists members of groups the person may read, and nobody else."""

import pytest
from django.urls import reverse

from cooperation.discussions import services
from cooperation.discussions.mentions import find_mentions, mark_mentions
from cooperation.models import Group
from tests.cooperation.conftest import add_member
from tests.factories import UserFactory


def names(people):
    return sorted(person.display_name for person in people)


def test_members_are_found_by_their_whole_name(group, member, moderator, outsider):
    found, strangers = find_mentions(
        "Dag @Lies Lid en @mo moderator, en @Bo Buitenstaander; mail lid@bibliotheek.test", group
    )
    assert names(found) == ["Lies Lid", "Mo Moderator"]
    assert names(strangers) == ["Bo Buitenstaander"]


def test_the_longest_name_wins(group, member):
    UserFactory(display_name="Lies")  # a non-member whose name starts the member's name
    found, strangers = find_mentions("Hoi @Lies Lid!", group)
    assert names(found) == ["Lies Lid"] and strangers == []


def test_an_at_word_that_is_nobodys_name_is_plain_text(group):
    assert find_mentions("Werk je @home of @kantoor?", group) == ([], [])


def test_mentions_are_marked_in_text_but_not_in_code_or_links():
    html = (
        '<p>Hoi @Lies Lid, zie <a href="https://x.test/@Lies Lid">@Lies Lid</a></p>'
        "<pre><code>@Lies Lid</code></pre>"
    )
    marked = mark_mentions(html, ["Lies Lid"])
    assert marked.startswith("<p>Hoi <strong>@Lies Lid</strong>, zie <a")
    assert marked.count("<strong>") == 1


def test_a_name_with_markup_characters_is_marked_escaped(group):
    tricky = UserFactory(display_name="Tom & <b>Co</b>")
    add_member(group, tricky)
    post = services.thread_create(
        group=group, author=group.memberships.first().user, title="T", body="Dag @Tom & <b>Co</b>"
    ).posts.get()
    assert post.body_html.strip() == (
        "<p>Dag <strong>@Tom &amp; &lt;b&gt;Co&lt;/b&gt;</strong></p>"
    )
    assert list(post.mentions.all()) == [tricky]


def test_the_autocomplete_lists_matching_members(logged_in, group, member, moderator):
    url = reverse("discussions:member_search", kwargs={"slug": group.slug})
    client = logged_in(member)
    assert [m["name"] for m in client.get(url, {"q": "mo"}).json()["members"]] == ["Mo Moderator"]
    assert [m["name"] for m in client.get(url, {"q": "Lid"}).json()["members"]] == ["Lies Lid"]
    everyone = [m["name"] for m in client.get(url, {"q": ""}).json()["members"]]
    assert everyone == ["Lies Lid", "Mo Moderator", "Wies Werkgroep"]


@pytest.mark.parametrize("visibility", [Group.Visibility.MEMBERS, Group.Visibility.SECRET])
def test_the_autocomplete_tells_an_outsider_nothing(client, make_group, outsider, visibility):
    group = make_group(visibility, name="Gesloten")
    client.force_login(outsider)
    response = client.get(reverse("discussions:member_search", kwargs={"slug": group.slug}))
    assert response.status_code in {403, 404}
    assert b"Wies Werkgroep" not in response.content  # the owner's name


def test_the_autocomplete_is_for_logged_in_people_only(client, public_group):
    response = client.get(reverse("discussions:member_search", kwargs={"slug": public_group.slug}))
    assert response.status_code == 403
