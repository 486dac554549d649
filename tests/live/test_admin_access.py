"""Access ends in open room sockets whatever admin path took it away (live/access.py).

Each scenario drives the real Wagtail admin with the test client, as a superuser, while the person
it concerns is connected to a room: a members-only group's (or a public one's, or a webinar's in
session). Whoever loses the room stops getting its frames and cannot post; whoever loses a right in
it (posting, moderating) is told and refused. The route walk's ACCESS_ADMIN_VIEWS
(tests/security/test_route_walk.py) names the scenario of every admin view that writes what the
rooms' rules read, and fails when an admin view appears without one."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import urlsplit

import lxml.html
import pytest
from channels.db import database_sync_to_async
from django.contrib.auth.models import Group as Role
from django.contrib.auth.models import Permission
from django.test import Client
from django.utils import timezone
from wagtail.models import GroupPagePermission

from accounts.models import User
from cooperation.models import Group, Membership
from learning.demo import _index
from learning.models import Audience, Registration, WebinarPage
from live.models import Message
from tests.factories import UserFactory
from tests.helpers import run_async
from tests.live.conftest import session_cookie
from tests.live.test_consumer import next_frame, open_socket

pytestmark = pytest.mark.django_db(transaction=True)

REVOKED = "Je hebt geen toegang meer tot deze ruimte."


# --- The world: one members-only group, one public group, one webinar in session -----------------


@dataclass
class World:
    admin: Client
    people: dict[str, User]
    group: Group  # members-only
    public: Group
    webinar: WebinarPage
    editors: Role  # the Wagtail role whose page permissions make webinar hosts

    def room(self, name: str) -> str:
        target = {"group": self.group, "public": self.public, "webinar": self.webinar}[name]
        kind = "webinar" if name == "webinar" else "group"
        return f"/ws/live/{kind}/{target.pk}/"


@pytest.fixture
def world(home_page) -> World:
    def person(key, name, **extra):
        return UserFactory(email=f"{key}@bibliotheek.test", display_name=name, **extra)

    people = {
        "admin": person("admin", "Ada Admin", is_staff=True, is_superuser=True),
        "owner": person("owner", "Olga Owner"),
        "member": person("member", "Mo Member"),
        "moderator": person("moderator", "Mia Moderator"),
        "reader": person("reader", "Rik Reader"),  # reads the public group's room
        "superuser": person("superuser", "Sam Super", is_superuser=True),  # a member of nothing
        "registered": person("registered", "Reza Registered"),
        "host": person("host", "Hanne Host"),
    }
    group = Group.objects.create(name="Stuurgroep", slug="stuurgroep")
    public = Group.objects.create(
        name="Open werkgroep", slug="open-werkgroep", visibility=Group.Visibility.PUBLIC
    )
    for target, who, role in [
        (group, "owner", Membership.Role.OWNER),
        (group, "member", Membership.Role.MEMBER),
        (group, "moderator", Membership.Role.MODERATOR),
        (public, "owner", Membership.Role.OWNER),
    ]:
        Membership.objects.create(group=target, user=people[who], role=role)
    index = _index(home_page)
    # A Wagtail role whose people may edit the webinars: they host them.
    editors = Role.objects.create(name="Webinarredactie")
    GroupPagePermission.objects.create(
        group=editors,
        page=index,
        permission=Permission.objects.get(
            content_type__app_label="wagtailcore", codename="change_page"
        ),
    )
    people["host"].groups.add(editors)
    start = timezone.now() - timedelta(minutes=5)
    webinar = index.add_child(
        instance=WebinarPage(
            title="Leesbevordering live",
            slug="leesbevordering-live",
            start=start,
            end=start + timedelta(hours=1),
            audience=Audience.EVERYONE,
        )
    )
    webinar.save_revision().publish()
    for who in ("owner", "registered"):
        Registration.objects.create(
            webinar=webinar, user=people[who], status=Registration.Status.REGISTERED
        )
    admin = Client()
    admin.force_login(people["admin"])
    return World(admin, people, group, public, webinar, editors)


# --- Driving the admin as a browser does ---------------------------------------------------------


def submit(client: Client, url: str, change=None, *, extra=()) -> None:
    """Opens the admin page at `url`, takes the values of its form as a browser would send them,
    lets `change` edit that list of (name, value) pairs, and sends it."""
    page = client.get(url)
    assert page.status_code == 200, (url, page.status_code)
    document = lxml.html.fromstring(page.content, base_url=f"http://testserver{url}")
    path = urlsplit(url).path
    posting = [form for form in document.forms if form.method.upper() == "POST"]
    # The page's form: the one whose action is the page (the header's forms go elsewhere), or
    # else the one without an action, which posts to the page too.
    forms = [form for form in posting if form.action and urlsplit(form.action).path == path]
    forms = forms or [form for form in posting if not form.get("action")]
    assert len(forms) == 1, f"{len(forms)} forms post to {path}"
    form = forms[0]
    values = list(form.form_values()) + list(extra)
    if change is not None:
        values = change(values)
    data: dict[str, list[str]] = {}
    for name, value in values:
        data.setdefault(name, []).append(value)
    action = urlsplit(form.action or url)
    response = client.post(action.path + (f"?{action.query}" if action.query else ""), data)
    assert response.status_code == 302, response.content.decode()[:3000]


def without(*pairs):
    return lambda values: [pair for pair in values if pair not in pairs]


def replacing(**fields):
    """The form's values with `fields` set (a radio button nobody chose yet is added)."""

    def change(values):
        changed = [(name, fields.get(name, value)) for name, value in values]
        added = [(name, value) for name, value in fields.items() if name not in dict(values)]
        return changed + added

    return change


def formset_row(values, prefix: str, field: str, value: str) -> str:
    """The form prefix (`memberships-2`) of the formset row whose `field` holds `value`."""
    for name, held in values:
        if name.startswith(f"{prefix}-") and name.endswith(f"-{field}") and held == str(value):
            return name.removesuffix(f"-{field}")
    raise AssertionError(f"no {prefix} row with {field}={value}")


def _user_edit(w: World, who: str, change):
    submit(w.admin, f"/admin/users/edit/{w.people[who].pk}/", change)


def _bulk(w: World, app_model: str, action: str, target_pk: int, change=None):
    submit(w.admin, f"/admin/bulk/{app_model}/{action}/?id={target_pk}&next=/admin/", change)


def _group_edit(w: World, group: Group, change):
    submit(w.admin, f"/admin/snippets/cooperation/group/edit/{group.pk}/", change)


def _member_deleted(w: World):
    def change(values):
        row = formset_row(values, "memberships", "user", w.people["member"].pk)
        return [*values, (f"{row}-DELETE", "on")]

    _group_edit(w, w.group, change)


def _moderator_lowered(w: World):
    def change(values):
        row = formset_row(values, "memberships", "user", w.people["moderator"].pk)
        return [(n, Membership.Role.MEMBER if n == f"{row}-role" else v) for n, v in values]

    _group_edit(w, w.group, change)


def _page_permissions_removed(w: World):
    def change(values):
        rows = {name.rsplit("-", 1)[0] for name, _ in values if name.endswith("-page")}
        rows = {r for r in rows if r.startswith("page_permissions-") and "__prefix__" not in r}
        assert rows, "the Editors role has no page permission rows"
        return [*values, *((f"{row}-DELETE", "on") for row in rows)]

    submit(w.admin, f"/admin/groups/edit/{w.editors.pk}/", change)


def _audience_narrowed(w: World):
    change = replacing(audience=Audience.GROUP, audience_group=str(w.group.pk))
    submit(
        w.admin,
        f"/admin/pages/{w.webinar.pk}/edit/",
        change,
        extra=[("action-publish", "action-publish")],
    )


def _draft_narrowed_then_bulk_published(w: World):
    draft = WebinarPage.objects.get(pk=w.webinar.pk)
    draft.audience, draft.audience_group = Audience.GROUP, w.group
    draft.save_revision()  # an editor's draft, published below by the bulk action
    _bulk(w, "wagtailcore/page", "publish", w.webinar.pk)


def _unpublished_through_the_admin_api(w: World):
    url = f"/admin/api/main/pages/{w.webinar.pk}/action/unpublish/"
    response = w.admin.post(url, {}, content_type="application/json")
    assert response.status_code == 200, response.content


# --- The scenarios -------------------------------------------------------------------------------


@dataclass(frozen=True)
class AdminPath:
    room: str  # World.room
    person: str  # whose socket the change concerns
    change: Callable[[World], None]
    # "closed": loses the room; "posting" / "moderating": loses that right; "now_moderates"
    outcome: str = "closed"
    witness: str | None = "owner"  # someone who stays and keeps talking, when anyone does


PATHS: dict[str, AdminPath] = {
    # People (Wagtail's user views, bulk actions; privacy's account deletion)
    "user_edit_deactivated": AdminPath(
        "group", "member", lambda w: _user_edit(w, "member", without(("is_active", "on")))
    ),
    "user_edit_no_longer_superuser": AdminPath(
        "group", "superuser", lambda w: _user_edit(w, "superuser", without(("is_superuser", "on")))
    ),
    "user_edit_role_removed": AdminPath(
        "webinar",
        "host",
        lambda w: _user_edit(w, "host", without(("groups", str(w.editors.pk)))),
        outcome="moderating",
    ),
    "user_deleted": AdminPath(
        "group",
        "member",
        lambda w: submit(w.admin, f"/admin/users/delete/{w.people['member'].pk}/"),
    ),
    "user_bulk_deleted": AdminPath(
        "group", "member", lambda w: _bulk(w, "accounts/user", "delete", w.people["member"].pk)
    ),
    "user_bulk_set_inactive": AdminPath(
        "group",
        "member",
        lambda w: _bulk(
            w,
            "accounts/user",
            "set_active_state",
            w.people["member"].pk,
            replacing(mark_as_active="False"),
        ),
    ),
    "user_bulk_role_assigned": AdminPath(
        "webinar",
        "registered",
        lambda w: _bulk(
            w,
            "accounts/user",
            "assign_role",
            w.people["registered"].pk,
            lambda values: [*values, ("role", str(w.editors.pk))],
        ),
        outcome="now_moderates",
    ),
    "user_erased_for_privacy": AdminPath(
        "group",
        "member",
        lambda w: submit(w.admin, f"/admin/privacy/account/{w.people['member'].pk}/verwijderen/"),
    ),
    # Wagtail roles (auth groups): their page permissions make webinar hosts
    "role_page_permissions_removed": AdminPath(
        "webinar", "host", _page_permissions_removed, outcome="moderating"
    ),
    "role_deleted": AdminPath(
        "webinar",
        "host",
        lambda w: submit(w.admin, f"/admin/groups/delete/{w.editors.pk}/"),
        outcome="moderating",
    ),
    # Coöperatieplatform groups (snippet views, memberships in the group's form)
    "group_member_removed": AdminPath("group", "member", _member_deleted),
    "group_role_lowered": AdminPath("group", "moderator", _moderator_lowered, outcome="moderating"),
    "group_made_members_only": AdminPath(
        "public",
        "reader",
        lambda w: _group_edit(w, w.public, replacing(visibility=Group.Visibility.MEMBERS)),
    ),
    "group_deleted": AdminPath(
        "group",
        "member",
        lambda w: submit(w.admin, f"/admin/snippets/cooperation/group/delete/{w.group.pk}/"),
        witness=None,
    ),
    "group_bulk_deleted": AdminPath(
        "group",
        "member",
        lambda w: _bulk(w, "cooperation/group", "delete", w.group.pk),
        witness=None,
    ),
    # Registrations (the Leerplatform's registrations view)
    "registration_deleted": AdminPath(
        "webinar",
        "registered",
        lambda w: submit(
            w.admin,
            "/admin/registrations/delete/"
            f"{Registration.objects.get(user=w.people['registered']).pk}/",
        ),
        outcome="posting",
    ),
    # Webinar pages (Wagtail's page views and bulk actions)
    "page_audience_narrowed": AdminPath("webinar", "registered", _audience_narrowed),
    "page_unpublished": AdminPath(
        "webinar",
        "registered",
        lambda w: submit(w.admin, f"/admin/pages/{w.webinar.pk}/unpublish/"),
        witness=None,
    ),
    "page_deleted": AdminPath(
        "webinar",
        "registered",
        lambda w: submit(w.admin, f"/admin/pages/{w.webinar.pk}/delete/"),
        witness=None,
    ),
    "page_bulk_published": AdminPath("webinar", "registered", _draft_narrowed_then_bulk_published),
    "page_unpublished_through_the_admin_api": AdminPath(
        "webinar", "registered", _unpublished_through_the_admin_api, witness=None
    ),
    "page_bulk_unpublished": AdminPath(
        "webinar",
        "registered",
        lambda w: _bulk(w, "wagtailcore/page", "unpublish", w.webinar.pk),
        witness=None,
    ),
    "page_bulk_deleted": AdminPath(
        "webinar",
        "registered",
        lambda w: _bulk(w, "wagtailcore/page", "delete", w.webinar.pk),
        witness=None,
    ),
}


# --- What the person and the witness see ---------------------------------------------------------


async def _until(socket, wanted: Callable[[dict], bool], timeout=5) -> tuple[list[dict], bool]:
    """The frames (and a close) the socket sends until one is `wanted`; False when none came."""
    seen = []
    while True:
        try:
            output = await socket.receive_output(timeout=timeout)
        except TimeoutError:
            return seen, False
        if output["type"] == "websocket.close":
            seen.append(output)
            return seen, wanted(output)
        frame = json.loads(output["text"])
        if frame["type"] in ("presence", "pong"):
            continue
        seen.append(frame)
        if wanted(frame):
            return seen, True


async def _joined(path: str, cookie: bytes):
    socket, connected, _ = await open_socket(path, cookie)
    assert connected, path
    welcome = await next_frame(socket)
    assert welcome["type"] == "welcome"
    return socket, welcome


def _scenario(path: AdminPath, world: World, cookies: dict[str, bytes]):
    room = world.room(path.room)

    async def run():
        person, welcome = await _joined(room, cookies[path.person])
        witness = await _joined(room, cookies[path.witness]) if path.witness else None
        before = None
        if witness is not None:
            # A message of the witness's, for a moderator to try to hide afterwards.
            await witness[0].send_json_to({"type": "message", "body": "Voor de wijziging"})
            before, _ok = await _until(witness[0], lambda f: f["type"] == "message")
            await _until(person, lambda f: f["type"] == "message")
        await database_sync_to_async(path.change)(world)
        outcome = {"welcome": welcome["you"]}
        if path.outcome == "closed":
            await person.send_json_to({"type": "message", "body": "Nog binnen?", "ref": 1})
            if witness is not None:
                await witness[0].send_json_to({"type": "message", "body": "Alleen voor wie blijft"})
                await _until(witness[0], lambda f: "Alleen voor wie blijft" in f.get("html", ""))
            outcome["person"] = await _until(person, lambda f: f["type"] == "websocket.close")
        elif path.outcome == "now_moderates":
            outcome["person"] = await _until(person, lambda f: f["type"] == "access")
        else:
            outcome["person"] = await _until(person, lambda f: f["type"] == "access")
            if path.outcome == "moderating":
                hidden = before[-1]["id"]
                await person.send_json_to({"type": "hide", "message": hidden, "ref": 2})
            else:
                await person.send_json_to({"type": "message", "body": "Mag ik nog?", "ref": 2})
            outcome["refused"] = await _until(person, lambda f: f.get("type") == "error")
            # Still in the room: the witness's next words reach them.
            await witness[0].send_json_to({"type": "message", "body": "Nog iemand daar?"})
            outcome["still_reads"] = await _until(
                person, lambda f: "Nog iemand daar?" in f.get("html", "")
            )
        for socket in (person, witness[0] if witness else None):
            if socket is not None:
                await socket.disconnect()
        return outcome

    return run()


@pytest.mark.parametrize("name", sorted(PATHS))
def test_an_admin_change_reaches_the_open_socket_it_concerns(name, world):
    path = PATHS[name]
    cookies = {key: session_cookie(Client(), user) for key, user in world.people.items()}
    person = world.people[path.person]
    outcome = run_async(_scenario(path, world, cookies))
    frames, arrived = outcome["person"]

    if path.outcome == "closed":
        assert arrived, f"{name}: the socket stayed open; it got {frames}"
        assert frames[-1] == {"type": "websocket.close", "code": 4403}
        errors = [frame for frame in frames if frame.get("type") == "error"]
        assert [(e["code"], e["message"]) for e in errors] == [("access_revoked", REVOKED)]
        assert not [frame for frame in frames if frame.get("type") == "message"], frames
        assert not Message.objects.filter(author_id=person.pk).exists()
    elif path.outcome == "now_moderates":
        assert outcome["welcome"]["can_moderate"] is False
        assert arrived, f"{name}: the socket was not told; it got {frames}"
        assert frames[-1]["can_moderate"] is True
    else:
        right = "can_moderate" if path.outcome == "moderating" else "can_post"
        assert outcome["welcome"][right] is True
        assert arrived, f"{name}: the socket was not told; it got {frames}"
        assert frames[-1][right] is False
        refused, _ = outcome["refused"]
        assert refused[-1]["code"] == "forbidden"
        assert outcome["still_reads"][1], "the person should still read the room"
        if path.outcome == "moderating":
            assert not Message.objects.filter(hidden=True).exists()
        else:
            assert not Message.objects.filter(author_id=person.pk).exists()


def test_a_change_no_code_sees_ends_access_within_the_recheck_time(world, settings):
    """A raw SQL delete sends no signal: the socket's decision expires on its own and the next
    frame of the room finds the member gone."""
    from django.db import connection

    settings.LIVE_ACCESS_RECHECK_SECONDS = 0.3
    cookies = {who: session_cookie(Client(), world.people[who]) for who in ("member", "owner")}
    member = world.people["member"]

    def delete_membership_in_sql():
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM cooperation_membership WHERE user_id = %s", [member.pk])

    async def scenario():
        person, _ = await _joined(world.room("group"), cookies["member"])
        owner, _ = await _joined(world.room("group"), cookies["owner"])
        await database_sync_to_async(delete_membership_in_sql)()
        await asyncio.sleep(0.4)
        await owner.send_json_to({"type": "message", "body": "Alleen voor leden"})
        await _until(owner, lambda f: f["type"] == "message")
        seen = await _until(person, lambda f: f["type"] == "websocket.close")
        await owner.disconnect()
        return seen

    frames, closed = run_async(scenario())
    assert closed, frames
    assert [frame.get("code") for frame in frames] == ["access_revoked", 4403]


def test_the_room_s_frames_do_not_ask_again_while_the_decision_holds(world, monkeypatch):
    """The cheap part of the rule: a room's frames pass on the socket's standing decision."""
    from live.consumers import RoomConsumer

    asked = []
    access_again = RoomConsumer.access_again

    async def counted(consumer):
        asked.append(consumer.user.pk)
        return await access_again(consumer)

    monkeypatch.setattr(RoomConsumer, "access_again", counted)
    cookies = {who: session_cookie(Client(), world.people[who]) for who in ("member", "owner")}

    async def scenario():
        person, _ = await _joined(world.room("group"), cookies["member"])
        owner, _ = await _joined(world.room("group"), cookies["owner"])
        for number in range(4):
            await owner.send_json_to({"type": "message", "body": f"Bericht {number}"})
            await _until(person, lambda f, n=number: f"Bericht {n}" in f.get("html", ""))
        await person.disconnect()
        await owner.disconnect()

    run_async(scenario())
    # The owner's own messages are asked for afresh (rule 1); the member's socket never asks.
    assert asked.count(world.people["member"].pk) == 0
    assert asked.count(world.people["owner"].pk) == 4
