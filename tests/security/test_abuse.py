"""Abuse, tried for real: rate limits against a client that lies about its address, floods over
the room socket, old invitation and reset links, sessions and sockets that must end, and ids of
other people's things typed into forms, URLs and socket frames."""

import base64
import json
import re
import zlib
from datetime import timedelta
from pathlib import Path

import pytest
from channels.db import database_sync_to_async
from django.conf import settings
from django.core import mail, signing
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cooperation import services as cooperation
from cooperation.discussions import services as discussions
from cooperation.meetings import services as meetings
from cooperation.models import Document, Group, Invitation, JoinRequest, Membership
from learning.models import Registration
from live import services as live
from live.models import Message, Question, Room
from notifications import services as notifications
from tests.cooperation import samples
from tests.cooperation.conftest import add_member, upload
from tests.factories import PASSWORD, UserFactory
from tests.helpers import run_async
from tests.live.conftest import session_cookie
from tests.live.test_consumer import joined, next_frame, open_socket

ROOT = Path(__file__).resolve().parents[2]
TOO_MANY_LOGINS = "Te veel inlogpogingen. Probeer het later nogmaals."
TOO_MANY = "Je hebt dit te vaak geprobeerd in korte tijd."
NGINX = "172.18.0.5"  # REMOTE_ADDR of every request that comes through the reverse proxy


def _fail_login(client, email, **headers):
    return client.post(
        reverse("account_login"), {"login": email, "password": "fout"}, headers=headers
    )


# --- Rate limits and the client's address ------------------------------------------------------


@pytest.mark.django_db
def test_without_trusted_proxies_a_forged_forwarded_for_changes_nothing(client):
    # Different accounts, so that the per-account limit (5 in 5 minutes) is not what stops it.
    for attempt in range(10):
        _fail_login(
            client, f"doelwit{attempt}@bibliotheek.test", x_forwarded_for=f"10.1.0.{attempt}"
        )
    response = _fail_login(client, "doelwit99@bibliotheek.test", x_forwarded_for="10.1.0.99")
    assert TOO_MANY_LOGINS in response.content.decode()


@pytest.mark.django_db
def test_behind_the_proxy_only_the_address_it_added_counts(settings):
    """nginx appends the address it saw; the client writes whatever it likes before it."""
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    attacker = Client(REMOTE_ADDR=NGINX)
    for attempt in range(10):
        spoofed = f"10.2.0.{attempt}, 192.0.2.{attempt}"
        _fail_login(attacker, f"doelwit{attempt}@bibliotheek.test",
                    x_forwarded_for=f"{spoofed}, 203.0.113.7")  # fmt: skip
    response = _fail_login(
        attacker, "doelwit99@bibliotheek.test", x_forwarded_for="10.2.0.99, 203.0.113.7"
    )
    assert TOO_MANY_LOGINS in response.content.decode()

    # Someone else behind the same proxy is not locked out with the attacker.
    colleague = UserFactory()
    other = Client(REMOTE_ADDR=NGINX)
    response = other.post(
        reverse("account_login"),
        {"login": colleague.email, "password": PASSWORD},
        headers={"x-forwarded-for": "198.51.100.20"},
    )
    assert response.status_code == 302
    assert other.session["_auth_user_id"] == str(colleague.pk)


@pytest.mark.django_db
def test_sign_up_limit_holds_against_a_forged_address_and_says_so_in_dutch(settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "signup": "3/m/ip"}
    client = Client(REMOTE_ADDR=NGINX)

    def sign_up(number):
        return client.post(
            reverse("account_signup"),
            {
                "email": f"nieuw{number}@bibliotheek.test",
                "display_name": f"Nieuw {number}",
                "password1": "verhalen-voor-iedereen-7",
                "password2": "verhalen-voor-iedereen-7",
            },
            headers={"x-forwarded-for": f"10.3.0.{number}, 203.0.113.8"},
        )

    assert [sign_up(number).status_code for number in range(3)] == [302, 302, 302]
    refused = sign_up(3)
    assert refused.status_code == 429
    assert TOO_MANY in refused.content.decode()
    assert '<html lang="nl"' in refused.content.decode()


def test_the_deployment_never_takes_the_address_from_the_clients_own_header():
    """daphne's --proxy-headers takes the LEFTMOST X-Forwarded-For entry, which the client writes
    itself (nginx appends to it); the app processes run without it and count the proxies."""
    commands = [
        ROOT / "deploy/Dockerfile",
        ROOT / "deploy/systemd/kennisplein-app@.service",
        ROOT / "Makefile",
    ]
    for path in commands:
        for line in path.read_text().splitlines():
            if "daphne" in line and not line.lstrip().startswith("#"):
                assert "--proxy-headers" not in line, (path, line)
    assert 'TRUSTED_PROXY_COUNT: "1"' in (ROOT / "deploy/compose.yaml").read_text()
    assert "X-Forwarded-For $proxy_add_x_forwarded_for" in (ROOT / "deploy/nginx.conf").read_text()


# --- Floods over the room socket ---------------------------------------------------------------


async def _answer(socket, ref):
    """The ack or error for the frame sent with `ref` (broadcasts may come before or after it)."""
    while (frame := await next_frame(socket)).get("ref") != ref:
        pass
    return frame


def _group_path(group):
    return f"/ws/live/group/{group.pk}/"


def _webinar_path(webinar):
    return f"/ws/live/webinar/{webinar.pk}/"


@pytest.mark.django_db(transaction=True)
def test_the_chat_flood_limit_counts_the_person_across_sockets_and_rooms(
    make_group, group_owner, librarian
):
    first = make_group(Group.Visibility.MEMBERS, name="Werkgroep Een")
    second = make_group(Group.Visibility.MEMBERS, name="Werkgroep Twee")
    for group in (first, second):
        add_member(group, librarian)
    cookie = session_cookie(Client(), librarian)
    other_tab = session_cookie(Client(), librarian)

    async def scenario():
        one, _ = await joined(_group_path(first), cookie)
        two, _ = await joined(_group_path(second), other_tab)
        answers = []
        for number in range(6):
            socket = one if number % 2 else two
            await socket.send_json_to(
                {"type": "message", "body": f"bericht {number}", "ref": number}
            )
            answers.append(await _answer(socket, number))
        await one.disconnect()
        await two.disconnect()
        return answers

    answers = run_async(scenario())
    errors = [frame for frame in answers if frame["type"] == "error"]
    assert len(errors) == 1 and errors[0]["code"] == "flood"
    assert errors[0]["message"] == "Rustig aan: maximaal 5 berichten in 10 seconden."
    assert Message.objects.filter(author=librarian).count() == 5


@pytest.mark.django_db(transaction=True)
def test_questions_cannot_be_flooded_either(make_webinar, librarian, editor):
    webinar = make_webinar(starts_in=timedelta(minutes=-5))
    Registration.objects.create(
        webinar=webinar, user=librarian, status=Registration.Status.REGISTERED
    )
    cookie = session_cookie(Client(), librarian)
    host = session_cookie(Client(), editor)

    async def scenario():
        socket, _ = await joined(_webinar_path(webinar), cookie)
        frames = []
        for number in range(8):
            await socket.send_json_to({"type": "question", "body": f"Vraag {number}?"})
            frames.append(await next_frame(socket))
        # The host is not limited: announcing is their job.
        moderator, _ = await joined(_webinar_path(webinar), host)
        for number in range(7):
            await moderator.send_json_to(
                {"type": "question", "body": f"Vraag van de host {number}"}
            )
            await next_frame(moderator)
        await socket.disconnect()
        await moderator.disconnect()
        return frames

    frames = run_async(scenario())
    assert [frame["type"] for frame in frames] == ["question"] * 5 + ["error"] * 3
    assert {frame["code"] for frame in frames[5:]} == {"flood"}
    assert Question.objects.filter(author=librarian).count() == 5
    assert Question.objects.filter(author=editor).count() == 7


# --- Links that must stop working --------------------------------------------------------------


@pytest.mark.django_db
def test_an_invitation_link_expires(client, make_group, librarian, settings):
    group = make_group(Group.Visibility.SECRET, name="Project Catalogus")
    invitation = Invitation.objects.create(group=group, email=librarian.email)
    Invitation.objects.filter(pk=invitation.pk).update(
        created_at=timezone.now() - timedelta(days=settings.COOPERATION_INVITATION_DAYS, hours=1)
    )
    client.force_login(librarian)
    url = reverse("cooperation:invitation", kwargs={"token": invitation.token})
    expired = "Deze uitnodiging is verlopen. Vraag de moderatoren van de groep om een nieuwe."
    assert expired in client.get(url).content.decode()
    response = client.post(url, follow=True)
    assert expired in response.content.decode()
    assert not group.memberships.filter(user=librarian).exists()


@pytest.mark.django_db
def test_an_expired_invitation_is_not_accepted_by_verifying_the_address(make_group):
    group = make_group(Group.Visibility.SECRET)
    person = UserFactory(verified=False)
    invitation = Invitation.objects.create(group=group, email=person.email)
    Invitation.objects.filter(pk=invitation.pk).update(
        created_at=timezone.now() - timedelta(days=60)
    )
    assert cooperation.invitations_accept_for_address(user=person, email=person.email) == []
    assert not group.memberships.filter(user=person).exists()


@pytest.mark.django_db
def test_inviting_again_after_expiry_sends_a_fresh_link(
    make_group, group_owner, django_capture_on_commit_callbacks
):
    group = make_group(Group.Visibility.SECRET)
    old = Invitation.objects.create(group=group, email="later@bibliotheek.test")
    Invitation.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=60))
    with django_capture_on_commit_callbacks(execute=True):
        new = cooperation.invitation_send(
            group=group, email="later@bibliotheek.test", by=group_owner
        )
    assert new.pk != old.pk
    assert new.token in mail.outbox[-1].body


@pytest.mark.django_db
def test_a_removed_member_cannot_come_back_with_the_used_invitation(
    client, make_group, group_owner, librarian
):
    group = make_group(Group.Visibility.SECRET, name="Project Catalogus")
    invitation = Invitation.objects.create(group=group, email=librarian.email)
    url = reverse("cooperation:invitation", kwargs={"token": invitation.token})
    client.force_login(librarian)
    client.post(url)
    membership = group.memberships.get(user=librarian)
    cooperation.membership_remove(membership=membership, by=group_owner)

    response = client.post(url, follow=True)
    assert "Deze uitnodiging is al gebruikt." in response.content.decode()
    assert not group.memberships.filter(user=librarian).exists()


NEW_PASSWORD = "nieuw-en-sterk-wachtwoord-8"


def _reset_link(client, email) -> str:
    client.post(reverse("account_reset_password"), {"email": email})
    return re.search(r"https?://[^/\s]+(/account/password/reset/key/\S+/)", mail.outbox[-1].body)[1]


def _use_reset_link(client, link, password=NEW_PASSWORD):
    page = client.get(link, follow=True)
    target = page.redirect_chain[-1][0] if page.redirect_chain else link
    return target, client.post(target, {"password1": password, "password2": password}, follow=True)


@pytest.mark.django_db
def test_a_reset_link_works_once_even_in_the_same_browser_and_retires_older_links(librarian):
    thief = Client()
    thief.force_login(librarian)
    browser = Client()
    older = _reset_link(browser, librarian.email)
    newer = _reset_link(browser, librarian.email)
    target, _ = _use_reset_link(browser, newer)
    librarian.refresh_from_db()
    assert librarian.check_password(NEW_PASSWORD)

    # Posting the form again, in the browser that still has the key in its session: refused.
    again = browser.post(target, {"password1": "een-ander-wachtwoord-9",
                                  "password2": "een-ander-wachtwoord-9"}, follow=True)  # fmt: skip
    librarian.refresh_from_db()
    assert librarian.check_password(NEW_PASSWORD)
    assert "niet geldig" in again.content.decode()
    # The older link died with the old password.
    _, response = _use_reset_link(Client(), older, "nog-een-ander-wachtwoord-10")
    assert "niet geldig" in response.content.decode()
    librarian.refresh_from_db()
    assert librarian.check_password(NEW_PASSWORD)
    # And a session someone else held with the old password is over.
    assert thief.get(reverse("accounts:profile")).status_code == 302


# --- Log-out and deactivation end sessions and sockets -----------------------------------------


def _logged_in(user) -> Client:
    client = Client()
    assert client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})[
        "Location"
    ]
    return client


def _cookie(client) -> bytes:
    name = settings.SESSION_COOKIE_NAME
    return f"{name}={client.cookies[name].value}".encode()


@pytest.mark.django_db(transaction=True)
def test_log_out_ends_the_session_and_closes_the_sockets_opened_with_it(make_group, librarian):
    group = make_group(Group.Visibility.MEMBERS)
    add_member(group, librarian)
    desk = _logged_in(librarian)  # the library's shared computer
    laptop = _logged_in(librarian)  # the person's own laptop, still logged in
    desk_cookie, laptop_cookie = _cookie(desk), _cookie(laptop)

    async def scenario():
        on_desk, _ = await joined(_group_path(group), desk_cookie)
        on_laptop, _ = await joined(_group_path(group), laptop_cookie)
        await database_sync_to_async(desk.post)(reverse("account_logout"))
        error = await next_frame(on_desk)
        closed = await on_desk.receive_output(timeout=5)
        await on_laptop.send_json_to({"type": "message", "body": "Nog hier", "ref": 1})
        laptop_frames = {
            (await next_frame(on_laptop))["type"],
            (await next_frame(on_laptop))["type"],
        }
        _again, connected, code = await open_socket(_group_path(group), desk_cookie)
        await on_laptop.disconnect()
        return error, closed, laptop_frames, (connected, code)

    error, closed, laptop_frames, again = run_async(scenario())
    assert error["code"] == "access_revoked"
    assert closed == {"type": "websocket.close", "code": 4403}
    assert laptop_frames == {"ack", "message"}
    assert again == (False, 4403)
    assert desk.get(reverse("accounts:profile")).status_code == 302
    assert laptop.get(reverse("accounts:profile")).status_code == 200


async def _closed(communicator) -> dict:
    """The close frame, past the presence updates of others coming and going."""
    while (output := await communicator.receive_output(5))["type"] != "websocket.close":
        pass
    return output


@pytest.mark.django_db(transaction=True)
def test_a_new_password_ends_the_sockets_of_the_sessions_it_ends(make_group, librarian):
    group = make_group(Group.Visibility.MEMBERS)
    add_member(group, librarian)
    thief = _logged_in(librarian)  # someone who learnt the old password
    laptop = _logged_in(librarian)  # the person, who notices and changes it
    thief_cookie = _cookie(thief)
    new_password = "een-nieuw-wachtwoord-11"

    def change_password():
        return laptop.post(
            reverse("account_change_password"),
            {"oldpassword": PASSWORD, "password1": new_password, "password2": new_password},
        )

    async def scenario():
        with_thief, _ = await joined(_group_path(group), thief_cookie)
        on_laptop, _ = await joined(_group_path(group), _cookie(laptop))
        response = await database_sync_to_async(change_password)()
        closes = [await _closed(with_thief), await _closed(on_laptop)]
        # Both browsers reconnect, each with the cookie it holds now.
        _, thief_back, thief_code = await open_socket(_group_path(group), thief_cookie)
        laptop_back, welcome = await joined(_group_path(group), _cookie(laptop))
        await laptop_back.disconnect()
        return response.status_code, closes, (thief_back, thief_code), welcome

    status, closes, thief_again, welcome = run_async(scenario())
    assert status == 302
    assert closes == [{"type": "websocket.close", "code": 4012}] * 2
    assert thief_again == (False, 4403)
    assert welcome["you"]["id"] == librarian.pk
    assert thief.get(reverse("accounts:profile")).status_code == 302


@pytest.mark.django_db(transaction=True)
def test_deactivation_in_the_admin_ends_every_session_and_socket(make_group, librarian, editor):
    group = make_group(Group.Visibility.MEMBERS)
    add_member(group, librarian)
    sessions = [_logged_in(librarian), _logged_in(librarian)]
    admin = Client()
    admin.force_login(editor)

    def deactivate():
        return admin.post(
            f"/admin/users/edit/{librarian.pk}/",
            {"email": librarian.email, "display_name": librarian.display_name,
             "organisation": "", "preferred_language": "nl", "is_active": ""},
        )  # fmt: skip

    async def scenario():
        sockets = [(await joined(_group_path(group), _cookie(c)))[0] for c in sessions]
        response = await database_sync_to_async(deactivate)()
        outcomes = []
        for socket in sockets:
            outcomes.append(((await next_frame(socket))["code"], await socket.receive_output(5)))
        return response.status_code, outcomes

    status, outcomes = run_async(scenario())
    assert status == 302
    assert outcomes == [("access_revoked", {"type": "websocket.close", "code": 4403})] * 2
    for session in sessions:
        assert session.get(reverse("accounts:profile")).status_code == 302


# --- Someone else's things, by id --------------------------------------------------------------


def _meeting(group, by, title):
    start = timezone.now() + timedelta(days=1)
    return meetings.meeting_create(
        group=group, by=by, title=title, starts_at=start, ends_at=start + timedelta(hours=1)
    )


@pytest.fixture
def three_groups(make_group, group_owner):
    """Mine (the attacker owns it), theirs (the attacker is not in it) and shared (attacker and
    victim are both plain members), each with things of the victim's."""
    attacker = UserFactory(display_name="Aster Aanvaller")
    victim = UserFactory(display_name="Vera Vreemde")
    mine = make_group(Group.Visibility.PUBLIC, name="Mijn werkgroep", owner=attacker)
    theirs = make_group(Group.Visibility.PUBLIC, name="Hun werkgroep")
    shared = make_group(Group.Visibility.MEMBERS, name="Gedeelde werkgroep")
    for group in (mine, theirs, shared):
        add_member(group, victim)
    add_member(shared, attacker)
    w = {"attacker": attacker, "mine": mine, "theirs": theirs, "shared": shared}
    w["document"] = cooperation.document_upload(
        group=theirs, uploaded=upload("plan.txt", b"Het plan\n"), title="Plan", by=victim
    )
    cooperation.document_version_add(
        document=w["document"], uploaded=upload("plan.txt", b"Het plan, 2\n"), by=victim
    )
    w["trashed"] = cooperation.document_upload(
        group=theirs, uploaded=upload("oud.txt", b"Oud\n"), title="Oud", by=victim
    )
    cooperation.document_trash(document=w["trashed"], by=group_owner)
    w["their_document"] = cooperation.document_upload(
        group=shared, uploaded=upload("vera.txt", b"Van Vera\n"), title="Van Vera", by=victim
    )
    w["thread"] = discussions.thread_create(group=theirs, author=victim, title="Vraag", body="Wie?")
    w["shared_thread"] = discussions.thread_create(
        group=shared, author=victim, title="V", body="Ik"
    )
    w["my_thread"] = discussions.thread_create(group=mine, author=attacker, title="M", body="Hoi")
    w["meeting"] = _meeting(theirs, group_owner, "Overleg")
    w["my_meeting"] = _meeting(mine, attacker, "Ons overleg")
    w["shared_meeting"] = _meeting(shared, group_owner, "Samen")
    w["action"] = meetings.action_item_add(
        meeting=w["meeting"], by=group_owner, text="Uitzoeken", owner=victim
    )
    w["their_action"] = meetings.action_item_add(
        meeting=w["shared_meeting"], by=group_owner, text="Vera doet dit", owner=victim
    )
    w["presentation"] = meetings.presentation_upload(
        meeting=w["meeting"], by=group_owner, uploaded=upload("dia.pdf", samples.pdf("Dia"))
    )
    w["news"] = meetings.news_save(group=theirs, by=group_owner, title="Nieuws", body_source="T")
    w["join_request"] = JoinRequest.objects.create(group=theirs, user=UserFactory())
    w["their_member"] = theirs.memberships.get(user=victim)
    w["their_membership_shared"] = shared.memberships.get(user=victim)
    w["my_membership_shared"] = shared.memberships.get(user=attacker)
    return w


def _state():
    """Everything the attempts below must leave as it was."""
    from cooperation.discussions.models import Post, Thread
    from cooperation.meetings.models import ActionItem, Meeting, NewsItem

    return {
        "memberships": sorted(Membership.objects.values_list("group_id", "user_id", "role")),
        "documents": sorted(
            Document.objects.values_list("pk", "trashed_at", "title", "current_version__number")
        ),
        "posts": sorted(Post.objects.values_list("pk", "body_source", "deleted_at")),
        "threads": sorted(Thread.objects.values_list("pk", "title", "pinned", "locked", "answer")),
        "actions": sorted(ActionItem.objects.values_list("pk", "done_at")),
        "meetings": sorted(Meeting.objects.values_list("pk", "title")),
        "presentations": sorted(Meeting.presentations.through.objects.values_list("pk")),
        "news": sorted(NewsItem.objects.values_list("pk", "title")),
        "join_requests": sorted(JoinRequest.objects.values_list("pk", flat=True)),
    }


def _attempts(w):
    """(what, url, data): the attacker edits ids in URLs and forms."""
    mine, theirs, shared = w["mine"].slug, w["theirs"].slug, w["shared"].slug
    doc, member, request = w["document"].pk, w["their_member"].pk, w["join_request"].pk
    thread, post = w["thread"].pk, w["thread"].posts.first().pk
    shared_thread = w["shared_thread"].pk
    shared_post = w["shared_thread"].posts.first().pk

    def coop(name, *args):
        return reverse(f"cooperation:{name}", args=args)

    def talk(name, slug, pk, **extra):
        return reverse(f"discussions:{name}", kwargs={"slug": slug, "pk": pk, **extra})

    def meet(name, *args):
        return reverse(f"meetings:{name}", args=args)

    edit = {"body": "overschreven", "title": "Gekaapt"}
    a_file = {"file": upload("x.txt", b"mijn versie")}
    return [
        # Memberships and requests of another group, through the group I own, and directly.
        ("their member's role via mine", coop("member_role", mine, member), {"role": "member"}),
        ("remove their member via mine", coop("member_remove", mine, member), {}),
        ("make their member owner", coop("transfer", mine, member), {}),
        ("remove their member", coop("member_remove", theirs, member), {}),
        ("their request via mine", coop("join_request_answer", mine, request, "approve"), {}),
        ("their request", coop("join_request_answer", theirs, request, "decline"), {}),
        # Documents of another group.
        ("trash theirs via mine", coop("trash_add", mine, doc), {}),
        ("trash theirs", coop("trash_add", theirs, doc), {}),
        ("restore their version", coop("version_restore", theirs, doc, 1), {}),
        ("restore via mine", coop("version_restore", mine, doc, 1), {}),
        ("restore their trash", coop("document_restore", theirs, w["trashed"].pk), {}),
        ("version of theirs", coop("version_add", theirs, doc), a_file),
        ("version via mine", coop("version_add", mine, doc), a_file),
        # In the group we are both plain members of: their post, document, action, membership.
        ("edit their post", talk("post_edit", shared, shared_thread, post_id=shared_post), edit),
        ("delete their post", talk("post_delete", shared, shared_thread, post_id=shared_post), {}),
        ("delete their thread", talk("thread_delete", shared, shared_thread), {}),
        ("lock their thread", talk("thread_moderate", shared, shared_thread, action="lock"), {}),
        ("trash their document", coop("trash_add", shared, w["their_document"].pk), {}),
        ("their action", meet("action_done", shared, w["shared_meeting"].pk,
                              w["their_action"].pk), {"done": "1"}),
        ("remove them", coop("member_remove", shared, w["their_membership_shared"].pk), {}),
        ("make me owner", coop("member_role", shared, w["my_membership_shared"].pk),
         {"role": "owner"}),
        ("edit our meeting", meet("edit", shared, w["shared_meeting"].pk), {"title": "Gekaapt"}),
        # Posts, meetings and news of another group, through my own and directly.
        ("their post via my thread", talk("post_edit", mine, w["my_thread"].pk, post_id=post),
         edit),
        ("edit theirs", talk("post_edit", theirs, thread, post_id=post), edit),
        ("delete their thread via mine", talk("thread_delete", mine, thread), {}),
        ("pin their thread", talk("thread_moderate", theirs, thread, action="pin"), {}),
        ("mark an answer", talk("answer", theirs, thread), {"post": post}),
        ("their action via mine", meet("action_done", mine, w["my_meeting"].pk,
                                       w["action"].pk), {"done": "1"}),
        ("their action", meet("action_done", theirs, w["meeting"].pk, w["action"].pk),
         {"done": "1"}),
        ("their presentation via mine", meet("presentation_remove", mine, w["my_meeting"].pk,
                                             w["presentation"].pk), {}),
        ("their news via mine", meet("news_edit", mine, w["news"].pk), edit),
        ("their news", meet("news_edit", theirs, w["news"].pk), edit),
    ]  # fmt: skip


@pytest.mark.django_db
def test_ids_of_other_peoples_things_in_urls_and_forms_change_nothing(client, three_groups):
    client.force_login(three_groups["attacker"])
    before = _state()
    for what, url, data in _attempts(three_groups):
        response = client.post(url, data)
        assert response.status_code in (302, 403, 404), (what, response.status_code)
        assert _state() == before, what


@pytest.mark.django_db
def test_registrations_cannot_be_cancelled_shown_or_made_for_someone_else(
    client, make_webinar, librarian, outsider
):
    from accounts.models import Organisation

    webinar = make_webinar(title="Prentenboeken")
    registration = Registration.objects.create(
        webinar=webinar, user=librarian, status=Registration.Status.REGISTERED
    )
    client.force_login(outsider)
    client.post(reverse("learning:cancel", args=[webinar.pk]),
                {"user": librarian.pk, "registration": registration.pk})  # fmt: skip
    registration.refresh_from_db()
    assert registration.status == Registration.Status.REGISTERED
    assert client.get(reverse("learning:certificate", args=[registration.pk])).status_code == 404

    # A coordinator registers colleagues of their own library only.
    gent, brugge = (Organisation.objects.create(name=name) for name in ("Gent", "Brugge"))
    coordinator = UserFactory(library=gent, is_library_coordinator=True)
    stranger = UserFactory(library=brugge)
    client.force_login(coordinator)
    response = client.post(
        reverse("learning:library_report"), {"colleague": stranger.pk, "webinar": webinar.pk}
    )
    assert "Kies een collega van je eigen bibliotheek." in response.content.decode()
    assert not Registration.objects.filter(user=stranger).exists()


def _forged_unsubscribe_token(token: str, user_id: int) -> str:
    """The token with another person's id in its payload (the signature left as it was)."""
    payload, rest = token.split(":", 1)
    compressed = payload.startswith(".")
    raw = base64.urlsafe_b64decode(payload.lstrip(".") + "=" * (-len(payload.lstrip(".")) % 4))
    data = json.loads(zlib.decompress(raw) if compressed else raw)
    data["user"] = user_id
    raw = json.dumps(data, separators=(",", ":")).encode()
    raw = zlib.compress(raw) if compressed else raw
    return (
        ("." if compressed else "")
        + base64.urlsafe_b64encode(raw).decode().rstrip("=")
        + ":"
        + rest
    )


@pytest.mark.django_db
def test_notification_settings_are_only_ever_ones_own(client, librarian, outsider):
    before = notifications.email_settings(outsider)
    key = next(iter(before))
    client.force_login(librarian)
    mine = {**notifications.email_settings(librarian), key: "never"}
    client.post(reverse("notifications:settings"),
                {**mine, "user": outsider.pk, "user_id": outsider.pk})  # fmt: skip
    assert notifications.email_settings(librarian)[key] == "never"
    assert notifications.email_settings(outsider) == before

    # An unsubscribe link with someone else's id in it is refused.
    token = notifications.unsubscribe_token(librarian, key)
    forged = _forged_unsubscribe_token(token, outsider.pk)
    assert signing.loads(token, salt="notifications.unsubscribe")["user"] == librarian.pk
    client.logout()
    response = client.post(reverse("notifications:unsubscribe", args=[forged]))
    assert response.status_code == 400
    assert notifications.email_settings(outsider) == before


@pytest.mark.django_db(transaction=True)
def test_socket_frames_with_other_rooms_ids_change_nothing(
    make_group, make_webinar, group_owner, librarian
):
    """The owner moderates their own group's room; they send frames naming a message of another
    group's room and a question of another webinar. A member tries moderation and edits."""
    mine = make_group(Group.Visibility.MEMBERS, name="Mijn groep")
    theirs = make_group(Group.Visibility.MEMBERS, name="Hun groep", owner=UserFactory())
    add_member(mine, librarian)
    add_member(theirs, librarian)
    their_room = live.room_get_or_create(kind="group", target_pk=str(theirs.pk))
    their_message = live.message_post(room=their_room, user=librarian, body="In hun kamer")
    my_room = live.room_get_or_create(kind="group", target_pk=str(mine.pk))
    owners_message = live.message_post(room=my_room, user=group_owner, body="Van de eigenaar")

    webinar, other_webinar = (make_webinar(starts_in=timedelta(minutes=-5)) for _ in range(2))
    Registration.objects.create(
        webinar=webinar, user=librarian, status=Registration.Status.REGISTERED
    )
    other_room = live.room_get_or_create(kind="webinar", target_pk=str(other_webinar.pk))
    their_question = Question.objects.create(room=other_room, author=UserFactory(), body="Vraag?")
    owner_cookie = session_cookie(Client(), group_owner)
    member_cookie = session_cookie(Client(), librarian)

    async def frames_for(path, cookie, sent):
        socket, _ = await joined(path, cookie)
        answers = []
        for frame in sent:
            await socket.send_json_to(frame)
            answers.append(await next_frame(socket))
        await socket.disconnect()
        return answers

    async def scenario():
        owner = await frames_for(_group_path(mine), owner_cookie, [
            {"type": "hide", "message": their_message.pk},
        ])  # fmt: skip
        member = await frames_for(_group_path(mine), member_cookie, [
            {"type": "hide", "message": owners_message.pk},
            {"type": "edit", "message": owners_message.pk, "body": "Overschreven"},
            {"type": "room_state", "state": "closed"},
        ])  # fmt: skip
        voter = await frames_for(_webinar_path(webinar), member_cookie, [
            {"type": "vote", "question": their_question.pk},
            {"type": "answer", "question": their_question.pk, "answer": "Gekaapt"},
        ])  # fmt: skip
        return owner, member, voter

    owner, member, voter = run_async(scenario())
    assert owner[0] == {"type": "error", "code": "not_found",
                        "message": "Dat bericht bestaat niet (meer)."}  # fmt: skip
    assert [frame.get("code") for frame in member] == ["forbidden", "unknown_type", "forbidden"]
    assert [frame.get("code") for frame in voter] == ["not_found", "forbidden"]

    their_message.refresh_from_db()
    owners_message.refresh_from_db()
    their_question.refresh_from_db()
    assert not their_message.hidden and not owners_message.hidden
    assert owners_message.body == "Van de eigenaar"
    assert (their_question.vote_count, their_question.answered) == (0, False)
    assert Room.objects.get(pk=my_room.pk).state == Room.State.OPEN
