"""Threads and their posts are found by the unified search, only by those who may read them: a
non-member, an outsider and an anonymous visitor find nothing of a members-only or secret group's
threads, and no count gives them away."""

import pytest
from django.urls import reverse

from cooperation.discussions import services
from cooperation.models import Group
from tests.cooperation.conftest import add_member
from tests.factories import UserFactory

ANON, OUTSIDER, NON_MEMBER, MEMBER = "anonymous", "outsider", "non-member", "member"


@pytest.fixture
def threads(make_group, member):
    """Each thread carries words no other item has, in its title or only in a reply."""
    public = make_group(Group.Visibility.PUBLIC, name="Werkgroep Openbaar")
    members_only = make_group(Group.Visibility.MEMBERS, name="Werkgroep Besloten")
    secret = make_group(Group.Visibility.SECRET, name="Stuurgroep Verborgen")
    for group in (public, members_only, secret):
        add_member(group, member)
    services.thread_create(
        group=public, author=member, title="Voorleesontbijt", body="Iedereen welkom"
    )
    closed = services.thread_create(
        group=members_only, author=member, title="Besloten overleg", body="Agenda volgt"
    )
    services.post_reply(thread=closed, author=member, body="Het ledenkringbudget is rond")
    hidden = services.thread_create(
        group=secret, author=member, title="Fluisterplanning", body="Alleen voor ons"
    )
    services.post_reply(thread=hidden, author=member, body="Zwijgzaamheidsdossier bijgewerkt")
    gone = services.post_reply(thread=hidden, author=member, body="Prullenbakzin verwijderd")
    services.post_delete(post=gone, by=member)
    deleted = services.thread_create(
        group=public, author=member, title="Weggehaald", body="Verdwenenwoord"
    )
    services.thread_delete(thread=deleted, by=public.memberships.get(role="owner").user)
    return {"public": public, "members_only": members_only, "secret": secret}


@pytest.fixture
def person(request, client, threads, member, outsider):
    role = request.param
    if role == NON_MEMBER:
        # A member of another group: logged in, in the Coöperatieplatform, not in these groups.
        other = UserFactory(display_name="Nina Nietlid")
        add_member(Group.objects.create(name="Andere groep", slug="andere"), other)
        client.force_login(other)
    elif role == OUTSIDER:
        client.force_login(outsider)
    elif role == MEMBER:
        client.force_login(member)
    return role


def search(client, word):
    response = client.get(reverse("search:search"), {"q": word})
    assert response.status_code == 200
    page, facets = response.context["page"], response.context["facets"]
    return {
        "found": page.paginator.count,
        "counted": sum(count for _, count, _, _ in facets["type"]),
        "in_groups": sum(count for _, count, _, _ in facets["group"]),
        "html": response.content.decode(),
    }


EVERYONE = {ANON, OUTSIDER, NON_MEMBER, MEMBER}


@pytest.mark.parametrize("person", [ANON, OUTSIDER, NON_MEMBER, MEMBER], indirect=True)
@pytest.mark.parametrize(
    ("word", "seen_by"),
    [
        ("voorleesontbijt", EVERYONE),  # a public group's thread title
        ("ledenkringbudget", {MEMBER}),  # a reply in a members-only group
        ("besloten overleg", {MEMBER}),  # a members-only thread's title
        ("fluisterplanning", {MEMBER}),  # a secret group's thread title
        ("zwijgzaamheidsdossier", {MEMBER}),  # a reply in a secret group
        ("prullenbakzin", set()),  # a deleted post
        ("verdwenenwoord", set()),  # a deleted thread
    ],
)
def test_threads_are_found_only_by_those_who_may_read_them(client, person, word, seen_by):
    result = search(client, word)
    if person in seen_by:
        assert result["found"] >= 1
        assert result["counted"] == result["found"]
    else:
        assert result["found"] == 0
        assert result["counted"] == 0
        assert result["in_groups"] == 0
        assert "Verborgen" not in result["html"]


def test_a_hit_leads_to_the_thread_with_its_group(client, threads, member):
    client.force_login(member)
    response = client.get(reverse("search:search"), {"q": "ledenkringbudget"})
    hits = list(response.context["page"].object_list)
    assert [hit.kind for hit in hits] == ["thread"]
    assert hits[0].title == "Besloten overleg"
    assert hits[0].where == "Werkgroep Besloten"
    assert hits[0].url.startswith("/cooperatie/")


def test_an_edit_changes_what_is_found(client, threads, member):
    thread = threads["public"].threads.get(title="Voorleesontbijt")
    post = thread.posts.get()
    services.post_edit(post=post, by=member, body="Nu over het zomerleesfeest")
    assert search(client, "zomerleesfeest")["found"] == 1
    assert search(client, "iedereen welkom")["found"] == 0


@pytest.mark.parametrize("person", [ANON, OUTSIDER, NON_MEMBER, MEMBER], indirect=True)
@pytest.mark.parametrize(
    ("prefix", "title", "seen_by"),
    [
        ("Voorleeson", "Voorleesontbijt", EVERYONE),
        ("Besloten ov", "Besloten overleg", {MEMBER}),
        ("Fluisterpl", "Fluisterplanning", {MEMBER}),
        ("Weggeh", "Weggehaald", set()),
    ],
)
def test_suggestions_show_only_threads_the_person_may_read(client, person, prefix, title, seen_by):
    response = client.get(reverse("search:suggest"), {"q": prefix})
    titles = [suggestion["title"] for suggestion in response.json()["suggestions"]]
    assert (title in titles) == (person in seen_by)
