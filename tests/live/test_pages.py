"""The room page without JavaScript (a read-only transcript), its history endpoint, the panel that
other apps embed, and the selectors the recording page reads."""

import re

import pytest

from live import selectors, services
from live.demo import demo_room_history
from live.models import Message, Room

pytestmark = pytest.mark.django_db


def post(room, user, body):
    return services.message_post(room=room, user=user, body=body)


@pytest.fixture
def room(room_page):
    return services.room_get_or_create(kind="page", target_pk=room_page.pk)


def test_the_room_page_shows_the_last_hundred_messages_and_pages_back(
    client, room, room_page, librarian
):
    messages = [
        Message.objects.create(room=room, author=librarian, body=str(n), body_html=f"bericht {n}")
        for n in range(130)
    ]
    client.force_login(librarian)
    page = client.get(f"/live/page/{room_page.pk}/").content.decode()
    shown = [int(n) for n in re.findall(r'data-id="(\d+)" data-author-id', page)]
    assert shown == [message.pk for message in messages[30:]]
    older = re.search(r'href="\?before=(\d+)"', page).group(1)
    assert int(older) == messages[30].pk

    page = client.get(f"/live/page/{room_page.pk}/?before={older}").content.decode()
    shown = [int(n) for n in re.findall(r'data-id="(\d+)" data-author-id', page)]
    assert shown == [message.pk for message in messages[:30]]
    assert 'href="?before=' not in page


def test_the_transcript_is_plain_html_with_no_inline_script_or_style(
    client, room, room_page, librarian
):
    post(room, librarian, "Zie https://example.org en <script>alert(1)</script>")
    client.force_login(librarian)
    response = client.get(f"/live/page/{room_page.pk}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<a href="https://example.org" rel="noopener noreferrer nofollow ugc">' in html
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)
    assert not re.search(r"\son\w+=", html)
    assert " style=" not in html
    assert 'src="/static/js/live-room.js"' in html


def test_hidden_messages_are_left_out_of_page_history_and_transcript(
    client, room, room_page, librarian, moderator
):
    kept = post(room, librarian, "blijft")
    gone = post(room, librarian, "gaat weg")
    services.message_hide(room=room, actor=moderator, message_id=gone.pk)
    client.force_login(librarian)
    assert "gaat weg" not in client.get(f"/live/page/{room_page.pk}/").content.decode()
    history = client.get(f"/live/page/{room_page.pk}/berichten/?before={gone.pk + 1}").json()
    assert [message["id"] for message in history["messages"]] == [kept.pk]
    assert [message.pk for message in selectors.transcript_for("page", room_page.pk)] == [kept.pk]


@pytest.mark.parametrize(
    ("who", "kind", "expected"),
    [
        ("anonymous", "page", 302),
        ("librarian", "page", 200),
        ("librarian", "club", 404),
        ("member", "club", 200),
        ("librarian", "nosuchkind", 404),
    ],
)
def test_who_may_see_the_room_page_and_its_history(
    client, room_page, librarian, _room_kinds, who, kind, expected
):
    if who == "member":
        _room_kinds.club_policy.members.add(librarian.pk)
    if who != "anonymous":
        client.force_login(librarian)
    assert client.get(f"/live/{kind}/{room_page.pk}/").status_code == expected
    history = client.get(f"/live/{kind}/{room_page.pk}/berichten/").status_code
    assert history == (404 if expected == 302 else expected)


def test_faq_lists_answered_questions_by_votes(room, room_page, librarian, colleague, moderator):
    first = services.question_ask(room=room, user=librarian, body="Waar vind ik de slides?")
    second = services.question_ask(room=room, user=colleague, body="Komt er een opname?")
    services.question_ask(room=room, user=colleague, body="Nog niet beantwoord")
    services.question_vote(room=room, user=librarian, question_id=second.pk)
    for question in (first, second):
        services.question_answer(room=room, actor=moderator, question_id=question.pk, answer="Ja")
    assert selectors.faq_for("page", room_page.pk) == [second, first]
    assert "Komt er een opname?" in selectors.searchable_text_for("page", room_page.pk)
    assert selectors.faq_for("page", 999999) == []


def test_a_mention_calls_the_registered_hook_after_commit(
    room, librarian, colleague, django_capture_on_commit_callbacks
):
    calls = []
    services.register_mention_handler(lambda message, users: calls.append((message, users)))
    post(room, colleague, "Hallo")
    with django_capture_on_commit_callbacks(execute=True):
        message = post(room, librarian, "Dank je @cas collega!")
    assert calls[-1] == (message, [colleague])
    assert "<strong>@cas collega</strong>" in message.body_html


def test_flood_limit_counts_in_the_database_so_it_holds_across_processes(room, librarian):
    for number in range(5):
        post(room, librarian, f"snel {number}")
    with pytest.raises(services.LiveError) as refused:
        post(room, librarian, "nog één")
    assert refused.value.code == "flood"


def test_a_closed_room_refuses_messages(room, librarian, moderator):
    services.room_set_state(room=room, actor=moderator, state=Room.State.CLOSED)
    with pytest.raises(services.LiveError) as refused:
        post(room, librarian, "hallo?")
    assert refused.value.code == "room_closed"


def test_demo_history_adds_messages_and_questions(room_page, librarian, colleague):
    demo_room_history("page", room_page.pk, [librarian, colleague])
    assert len(selectors.transcript_for("page", room_page.pk)) >= 4
    assert selectors.faq_for("page", room_page.pk)
    demo_room_history("page", room_page.pk, [librarian, colleague])  # idempotent
    assert Message.objects.count() == len(selectors.transcript_for("page", room_page.pk))


def test_the_panel_counts_one_vote_and_two_votes_in_proper_dutch(
    client, room, room_page, librarian, colleague
):
    one = services.question_ask(room=room, user=librarian, body="Eén stem")
    two = services.question_ask(room=room, user=colleague, body="Twee stemmen")
    services.question_vote(room=room, user=colleague, question_id=one.pk)
    services.question_vote(room=room, user=librarian, question_id=two.pk)
    services.question_vote(room=room, user=colleague, question_id=two.pk)
    client.force_login(librarian)
    page = client.get(f"/live/page/{room_page.pk}/").content.decode()
    assert '<span data-live="votes">1 stem</span>' in page
    assert '<span data-live="votes">2 stemmen</span>' in page
    assert "1 stemmen" not in page
    # the forms the page's script fills in when votes change while it is open
    assert 'data-votes-one="{votes} stem"' in page
    assert 'data-votes-other="{votes} stemmen"' in page
