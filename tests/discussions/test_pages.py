"""The discussion pages as a browser receives them: Dutch, no inline script or style (the CSP),
the editor wired to the textarea, a constant number of queries however long the thread."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cooperation.discussions import services


@pytest.fixture
def pages(thread, member):
    post = services.post_reply(thread=thread, author=member, body="Een *reactie*")
    group = thread.group
    kwargs = {"slug": group.slug, "pk": thread.pk, "post_id": post.pk}
    return [
        reverse("discussions:threads", kwargs={"slug": group.slug}),
        reverse("discussions:thread_create", kwargs={"slug": group.slug}),
        thread.get_absolute_url(),
        reverse("discussions:post_edit", kwargs=kwargs),
        reverse("discussions:post_delete", kwargs=kwargs),
        reverse("discussions:post_history", kwargs=kwargs),
        reverse("discussions:thread_delete", kwargs={"slug": group.slug, "pk": thread.pk}),
    ]


def test_pages_carry_no_inline_script_style_or_handler(logged_in, pages, group_owner):
    client = logged_in(group_owner)
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert '<html lang="nl">' in html
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), url
        assert not re.search(r"\son[a-z]+\s*=", html), url
        assert not re.search(r"\sstyle\s*=", html), url


def test_the_reply_box_is_a_labelled_markdown_editor_with_mentions(logged_in, thread, member):
    html = logged_in(member).get(thread.get_absolute_url()).content.decode()
    assert 'data-editor="markdown"' in html
    mention_url = reverse("discussions:member_search", kwargs={"slug": thread.group.slug})
    assert f'data-mention-url="{mention_url}"' in html
    assert '<label for="id_body">Je bericht</label>' in html
    assert 'aria-describedby="id_body_helptext"' in html
    assert "js/site.js" in html and "js/thread-live.js" in html  # site.js loads the editor


def test_the_thread_page_runs_a_constant_number_of_queries(logged_in, thread, member, moderator):
    client = logged_in(moderator)  # a moderator sees the most controls
    for number in range(2):
        services.post_reply(thread=thread, author=member, body=f"Reactie {number} @Lies Lid")
    client.get(thread.get_absolute_url())
    with CaptureQueriesContext(connection) as few:
        client.get(thread.get_absolute_url())
    for number in range(2, 30):
        services.post_reply(thread=thread, author=member, body=f"Reactie {number}")
    client.get(thread.get_absolute_url())  # moves the read marker, as the first visit did
    with CaptureQueriesContext(connection) as many:
        client.get(thread.get_absolute_url())
    assert len(many) == len(few) <= 40


def test_the_thread_address_follows_its_title(client, logged_in, thread, member):
    client = logged_in(member)
    short = reverse("discussions:thread_short", kwargs={"slug": thread.group.slug, "pk": thread.pk})
    response = client.get(short)
    assert response.status_code == 302 and response.url == thread.get_absolute_url()
    wrong = thread.get_absolute_url().replace("voorleesweek", "iets-anders")
    assert client.get(wrong).url == thread.get_absolute_url()


def test_a_thread_cannot_be_reached_through_another_groups_address(
    logged_in, thread, member, public_group
):
    url = thread.get_absolute_url().replace(thread.group.slug, public_group.slug)
    assert logged_in(member).get(url).status_code == 404


def test_english_readers_get_english_pages(logged_in, thread, member):
    member.preferred_language = "en"
    member.save()
    html = logged_in(member).get(thread.get_absolute_url()).content.decode()
    assert "Post reply" in html and "Follow this thread" in html or "Stop following" in html
