"""New replies reach the pages of people reading the thread, through the thread's room in live/:
frames carry only post ids, and the posts come from a permission-checked fragment URL, so a page
that reconnects fetches what it missed, once."""

import pytest
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.test import Client
from django.urls import reverse

from cooperation import services as group_services
from cooperation.discussions import services
from portal.asgi import application
from tests.helpers import run_async

pytestmark = pytest.mark.django_db(transaction=True)


def cookie_for(user) -> bytes:
    client = Client()
    client.force_login(user)
    name = settings.SESSION_COOKIE_NAME
    return f"{name}={client.cookies[name].value}".encode()


async def open_socket(thread, cookie=None):
    headers = [(b"origin", b"http://localhost:8000")]
    if cookie:
        headers.append((b"cookie", cookie))
    communicator = WebsocketCommunicator(application, f"/ws/live/thread/{thread.pk}/", headers)
    connected, code = await communicator.connect(timeout=5)
    return communicator, connected, code


async def frame_of_type(communicator, wanted, timeout=5):
    while True:
        frame = await communicator.receive_json_from(timeout=timeout)
        if frame["type"] == wanted:
            return frame


def fragment(client, thread, **query):
    url = reverse("discussions:posts_fragment", kwargs={"slug": thread.group.slug, "pk": thread.pk})
    return client.get(url, query)


def test_a_reply_is_announced_to_readers_by_id(thread, member, moderator):
    cookie = cookie_for(moderator)

    async def scenario():
        from asgiref.sync import sync_to_async

        socket, connected, _ = await open_socket(thread, cookie)
        assert connected
        welcome = await frame_of_type(socket, "welcome")
        post = await sync_to_async(services.post_reply)(
            thread=thread, author=member, body="Live **erbij**"
        )
        frame = await frame_of_type(socket, "post")
        await socket.disconnect()
        return welcome, frame, post

    welcome, frame, post = run_async(scenario())
    assert welcome["you"]["can_post"] is False  # nobody chats in a thread's room
    assert frame == {"type": "post", "id": post.pk}  # no text travels over the socket


@pytest.mark.parametrize("who", ["anonymous", "outsider"])
def test_who_may_not_read_the_thread_cannot_open_its_room(thread, outsider, who):
    cookie = cookie_for(outsider) if who == "outsider" else None

    async def scenario():
        _socket, connected, code = await open_socket(thread, cookie)
        return connected, code

    assert run_async(scenario()) == (False, 4403)


def test_nobody_can_chat_in_a_threads_room(thread, member):
    cookie = cookie_for(member)

    async def scenario():
        socket, _connected, _ = await open_socket(thread, cookie)
        await frame_of_type(socket, "welcome")
        await socket.send_json_to({"type": "message", "body": "chat?", "ref": 1})
        frame = await frame_of_type(socket, "error")
        await socket.disconnect()
        return frame

    assert run_async(scenario())["code"] == "forbidden"


def test_the_fragment_gives_the_posts_after_an_id_rendered_for_the_reader(
    client, thread, member, moderator
):
    first = thread.posts.get()
    second = services.post_reply(thread=thread, author=member, body="Twee")
    third = services.post_reply(thread=thread, author=member, body="Drie")
    client.force_login(moderator)
    data = fragment(client, thread, after=first.pk).json()
    assert [post["id"] for post in data["posts"]] == [second.pk, third.pk]
    assert data["complete"] is True
    assert "Drie" in data["posts"][1]["html"]
    assert "Bewerken" in data["posts"][1]["html"]  # a moderator's controls
    client.force_login(member)
    only = fragment(client, thread, id=second.pk).json()["posts"]
    assert [post["id"] for post in only] == [second.pk]


def test_the_fragment_never_shows_posts_to_someone_who_left(client, thread, member):
    services.post_reply(thread=thread, author=thread.author, body="Vertrouwelijk")
    group_services.membership_leave(group=thread.group, user=member)
    client.force_login(member)
    response = fragment(client, thread, after=0)
    assert response.status_code == 403
    assert "Vertrouwelijk" not in response.content.decode()


def test_the_fragment_of_a_secret_group_answers_not_found(client, make_group, outsider):
    from cooperation.models import Group

    secret = make_group(Group.Visibility.SECRET, name="Geheim")
    thread = services.thread_create(
        group=secret, author=secret.memberships.get().user, title="Plan", body="Geheim plan"
    )
    client.force_login(outsider)
    response = fragment(client, thread, after=0)
    assert response.status_code == 404
    assert "Geheim plan" not in response.content.decode()
