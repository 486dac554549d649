"""Unread markers: the thread list shows, per person, which threads have posts they have not seen;
opening a thread marks it read, and the posts that were new carry a "new" mark once."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cooperation.discussions import services


def unread_titles(client, group):
    page = client.get(reverse("discussions:threads", kwargs={"slug": group.slug}))
    return {thread.title for thread in page.context["page"].object_list if thread.is_unread}


def test_new_threads_and_replies_are_unread_until_opened(logged_in, make_thread, member):
    first = make_thread(title="Eerste draad")
    make_thread(title="Tweede draad")
    client = logged_in(member)
    assert unread_titles(client, first.group) == {"Eerste draad", "Tweede draad"}

    client.get(first.get_absolute_url())
    assert unread_titles(client, first.group) == {"Tweede draad"}

    services.post_reply(thread=first, author=first.author, body="Nieuws")
    assert unread_titles(client, first.group) == {"Eerste draad", "Tweede draad"}
    page = client.get(first.get_absolute_url()).content.decode()
    assert page.count('class="badge badge--new"') == 1  # only the new reply
    assert unread_titles(client, first.group) == {"Tweede draad"}


def test_ones_own_posts_are_not_new_to_oneself(logged_in, make_thread, member):
    thread = make_thread(title="Mijn vraag", author=member)
    services.post_reply(thread=thread, author=member, body="Aanvulling")
    assert unread_titles(logged_in(member), thread.group) == set()


def test_markers_are_per_person(logged_in, thread, member, moderator):
    client = logged_in(member)
    client.get(thread.get_absolute_url())
    assert unread_titles(client, thread.group) == set()
    client.force_login(moderator)
    assert unread_titles(client, thread.group) == {thread.title}


def test_the_list_runs_a_constant_number_of_queries(logged_in, make_thread, member):
    for number in range(3):
        make_thread(title=f"Draad {number}")
    client = logged_in(member)
    url = reverse(
        "discussions:threads", kwargs={"slug": member.cooperation_memberships.get().group.slug}
    )
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for number in range(3, 20):
        make_thread(title=f"Draad {number}")
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few) <= 15
