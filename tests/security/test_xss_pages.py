"""The whole XSS corpus, written by attackers into every field people write and others read
(tests/security/hostile.py), then read by another member: every page that shows those fields,
the search with the payloads as queries, the suggestions, the notifications, the live rooms'
transcripts and the Wagtail admin. Parsed with a real HTML parser: no injected element, handler,
script or URL (page_check.py), and where a field is plain text, every payload appears on its page
whole, as the text that was typed."""

import json
from urllib.parse import urlencode

import pytest
from django.test import Client
from django.urls import reverse

from search.selectors import MAX_QUERY_LENGTH
from tests.security import hostile
from tests.security.page_check import admin_injections, page_injections, page_text, squeeze
from tests.security.xss_payloads import PAYLOADS

pytestmark = pytest.mark.django_db


def _get(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


def _missing(text: str, expected: list[str]) -> list[str]:
    return [value for value in expected if squeeze(value) not in text]


def _query(text: str) -> str:
    return urlencode({"q": text})


def test_no_payload_becomes_markup_anywhere_it_is_shown(home_page, editor):
    """One platform full of payloads (building it is the expensive part), read three ways:
    every page that shows the fields, the search, and the Wagtail admin."""
    world = hostile.build(home_page, PAYLOADS)
    _pages_show_payloads_as_text(world)
    _search_shows_payloads_as_text(world)
    _admin_shows_payloads_as_text(world, editor)


def _pages_show_payloads_as_text(world):
    client = Client()
    client.force_login(world.reader)
    library, members = world.library, world.members
    pages = {
        "home": "/",
        "directory": reverse("cooperation:directory"),
        "library": library.get_absolute_url(),
        "members": reverse("cooperation:members", kwargs={"slug": members.slug}),
        "members' group": members.get_absolute_url(),
        "threads": reverse("discussions:threads", kwargs={"slug": members.slug}),
        "thread": world.thread.get_absolute_url(),
        "group chat": reverse("live:room", args=["group", members.pk]),
        "webinar chat": reverse("live:room", args=["webinar", world.webinar.pk]),
        "webinar during": world.webinar.url,
        "meetings": reverse("meetings:list", kwargs={"slug": library.slug}),
        "agenda": reverse("meetings:detail", args=[library.slug, world.agenda_meeting.pk]),
        "decisions": reverse("meetings:register", kwargs={"slug": library.slug}),
        "presentations": reverse("meetings:published"),
        "published meeting": reverse(
            "meetings:public_detail", args=[world.agenda_meeting.pk]
        ),
        "notifications": reverse("notifications:list"),
        "my learning": reverse("learning:my_learning"),
        **{f"group {n}": group.get_absolute_url() for n, group in enumerate(world.groups)},
        **{f"document {n}": d.get_absolute_url() for n, d in enumerate(world.documents)},
        **{f"meeting {n}": reverse("meetings:detail", args=[library.slug, m.pk])
           for n, m in enumerate(world.meetings)},
    }  # fmt: skip
    html = {name: _get(client, url) for name, url in pages.items()}
    hostile.webinar_after(world)
    html["webinar after"] = _get(client, world.webinar.url)

    injections = [(name, found) for name, page in html.items() for found in page_injections(page)]
    assert injections == []

    # Plain-text fields are shown as the text that was typed, every payload of them.
    text = {name: page_text(page) for name, page in html.items()}
    names = [person.display_name for person in world.attackers]
    organisations = [person.organisation for person in world.attackers]
    assert _missing(text["members"], names + organisations) == []
    assert _missing(text["thread"], names[:8]) == []
    asked = world.payloads[: len(world.chatters)]
    assert _missing(text["webinar after"], asked) == []  # questions and answers
    for n, document in enumerate(world.documents):  # (the file name is only in its URL)
        assert _missing(text[f"document {n}"], [document.title, document.description]) == []
    for n, group in enumerate(world.groups):
        assert _missing(text[f"group {n}"], [group.name, *group.description.split("\n")]) == []
    for n, meeting in enumerate(world.meetings):
        assert _missing(text[f"meeting {n}"], [meeting.title]) == []
    assert _missing(text["directory"], [group.name for group in world.groups]) == []
    assert _missing(text["library"], [document.title for document in world.documents]) == []


def _search_shows_payloads_as_text(world):
    client = Client()
    client.force_login(world.reader)
    problems = []
    queries = hostile.chunks(world.payloads, MAX_QUERY_LENGTH)
    for query in queries:
        html = _get(client, f"{reverse('search:search')}?{_query(query)}")
        problems += [(query[:40], found) for found in page_injections(html)]
        if squeeze(query) not in page_text(html):
            problems.append((query[:40], "the query is not shown as typed"))
        suggestions = client.get(f"{reverse('search:suggest')}?{_query(query[:50])}")
        assert suggestions.headers["Content-Type"] == "application/json"
        assert suggestions.headers["X-Content-Type-Options"] == "nosniff"
        json.loads(suggestions.content)
    # Results and suggestions whose titles are payloads: documents, groups, meetings.
    for word in ("script", "onerror", "svg", "iframe"):
        html = _get(client, f"{reverse('search:search')}?q={word}")
        problems += [(word, found) for found in page_injections(html)]
        answer = client.get(f"{reverse('search:suggest')}?q={word}").json()["suggestions"]
        assert answer, word
        problems += [(word, item["url"]) for item in answer if not item["url"].startswith("/")]
    assert problems == []


def _admin_shows_payloads_as_text(world, editor):
    """The admin allows its own inline scripts, so a payload that got in there would run: every
    admin page that lists or edits what the attackers wrote."""
    from live.models import Room

    client = Client()
    client.force_login(editor)
    rooms = Room.objects.filter(kind__in=["webinar", "group"])
    pages = [
        "/admin/users/",
        f"/admin/users/edit/{world.attackers[0].pk}/",
        "/admin/documents/",
        f"/admin/documents/edit/{world.documents[0].current_version.file_id}/",
        "/admin/snippets/cooperation/group/",
        f"/admin/snippets/cooperation/group/edit/{world.groups[0].pk}/",
        f"/admin/pages/{world.webinar.pk}/edit/",
        "/admin/registrations/",
        "/admin/live_rooms/",
        *[f"/admin/live_rooms/edit/{room.pk}/" for room in rooms],
        "/admin/live_moderation_log/",
        "/admin/",
    ]
    problems = []
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        problems += [(url, found) for found in admin_injections(response.content.decode())]
    assert problems == []


def test_the_page_checker_sees_what_it_must():
    assert page_injections('<p>x</p><img src=x onerror="alert(1)">') == ["handler onerror on <img>"]
    assert page_injections('<a href="jav&#x09;ascript:alert(1)">x</a>') == [
        "javascript: URL in href of <a>"
    ]
    assert page_injections("<script>alert(1)</script>") == ["inline script 'alert(1)'"]
    assert page_injections('<img src="https://xss.invalid/x.png">') == [
        "xss.invalid in src of <img>"
    ]
    assert page_injections('<svg><use href="#x"></use></svg>') == ["element <svg>"]
    assert page_injections('<a href="https://xss.invalid/" rel="nofollow">a link</a>') == []
    assert page_injections('<script type="module" src="/static/js/site.js"></script>') == []
    own_admin = '<script src="/admin/jsi18n/"></script><svg class="icon"><use href="#i"></svg>'
    assert admin_injections(own_admin + '<input title="&lt;script&gt;alert(1)">') == []
    assert admin_injections("<img src=x onerror=alert(1)>") == ["handler onerror on <img>"]
    assert page_text("<p>&lt;script&gt;  alert(1)</p>") == "<script> alert(1)"
