"""Who may do what with a group's discussions, through the URLs a browser uses: roles × group
visibility × action. A secret group answers 404 to whoever may not know it; anonymous people are
sent to log in; everyone else who may not is refused (403). A new rule is one row."""

import pytest
from django.urls import reverse

from cooperation.discussions import services
from cooperation.models import Membership
from tests.cooperation.conftest import add_member
from tests.factories import UserFactory

ANON, OUTSIDER, MEMBER, AUTHOR, MODERATOR, STAFF = (
    "anonymous", "outsider", "member", "author", "moderator", "staff",
)  # fmt: skip
ROLES = [ANON, OUTSIDER, MEMBER, AUTHOR, MODERATOR, STAFF]
INSIDE = {MEMBER, AUTHOR, MODERATOR, STAFF}
WRITERS = {MEMBER, AUTHOR, MODERATOR, STAFF}
LOGGED_IN = set(ROLES) - {ANON}
PUBLIC, MEMBERS, SECRET = "public", "members", "secret"


def readers(visibility):
    return set(ROLES) if visibility == PUBLIC else INSIDE


# action -> (method, url name, who may, HTML or JSON, status when allowed)
ACTIONS = {
    "list": ("get", "threads", readers, "html", 200),
    "read": ("get", "thread", readers, "html", 200),
    "fragment": ("get", "posts_fragment", readers, "json", 200),
    "reply": ("post", "thread", lambda v: WRITERS, "html", 302),
    "start": ("post", "thread_create", lambda v: WRITERS, "html", 302),
    "edit another's post": ("post", "post_edit", lambda v: {AUTHOR, MODERATOR, STAFF}, "html", 302),
    "delete another's post": (
        "post",
        "post_delete",
        lambda v: {AUTHOR, MODERATOR, STAFF},
        "html",
        302,
    ),  # fmt: skip
    "history": ("get", "post_history", lambda v: {MODERATOR, STAFF}, "html", 200),
    "pin": ("post", "thread_moderate", lambda v: {MODERATOR, STAFF}, "html", 302),
    "mark answer": ("post", "answer", lambda v: {MODERATOR, STAFF}, "html", 302),
    "follow": ("post", "thread_follow", lambda v: readers(v) & LOGGED_IN, "html", 302),
    "members for @mentions": (
        "get",
        "member_search",
        lambda v: readers(v) & LOGGED_IN,
        "json",
        200,
    ),  # fmt: skip
}


@pytest.fixture
def scene(make_group, group_owner, request):
    """A group of the given visibility with a thread by its owner and a reply by "author"."""
    visibility = request.param
    group = make_group(visibility, name=f"Groep {visibility}")
    people = {
        OUTSIDER: UserFactory(display_name="Olga Outsider"),
        MEMBER: UserFactory(display_name="Maud Member"),
        AUTHOR: UserFactory(display_name="Arne Auteur"),
        MODERATOR: UserFactory(display_name="Mo Moderator"),
        STAFF: UserFactory(display_name="Sam Staf", is_staff=True),
    }
    add_member(group, people[MEMBER])
    add_member(group, people[AUTHOR])
    add_member(group, people[MODERATOR], Membership.Role.MODERATOR)
    thread = services.thread_create(group=group, author=group_owner, title="Vraag", body="Wie?")
    reply = services.post_reply(thread=thread, author=people[AUTHOR], body="Ik")
    return visibility, group, thread, reply, people


def _request(client, action, group, thread, reply):
    method, name, _who, _kind, _ok = ACTIONS[action]
    kwargs = {"slug": group.slug}
    if name not in {"threads", "thread_create", "member_search"}:
        kwargs["pk"] = thread.pk
    if name == "thread":
        kwargs["thread_slug"] = thread.slug
    if name in {"post_edit", "post_delete", "post_history"}:
        kwargs["post_id"] = reply.pk
    if name == "thread_moderate":
        kwargs["action"] = "vastzetten"
    url = reverse(f"discussions:{name}", kwargs=kwargs)
    data = {
        "reply": {"body": "Een reactie"},
        "start": {"title": "Nieuw", "body": "Tekst"},
        "edit another's post": {"body": "Anders"},
        "mark answer": {"post": reply.pk},
        "follow": {"follow": "1"},
    }.get(action, {})
    if action == "fragment":
        data = {"after": "0"}
    if action == "members for @mentions":
        data = {"q": "M"}
    return getattr(client, method)(url, data)


@pytest.mark.parametrize("scene", [PUBLIC, MEMBERS, SECRET], indirect=True)
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", list(ACTIONS))
def test_permission_matrix(client, scene, role, action):
    visibility, group, thread, reply, people = scene
    if role != ANON:
        client.force_login(people[role])
    _method, _name, who, kind, ok = ACTIONS[action]
    allowed = role in who(visibility)
    response = _request(client, action, group, thread, reply)
    if allowed:
        expected = ok
    elif visibility == SECRET and role in {ANON, OUTSIDER}:
        expected = 404
    elif role == ANON and kind == "html":
        expected = 302
    else:
        expected = 403
    assert response.status_code == expected, (role, visibility, action)
    if not allowed and response.status_code == 302:
        assert "/account/login/" in response.url
