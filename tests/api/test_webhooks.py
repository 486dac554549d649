"""Webhook deliveries to a real HTTP server started in the test: signed (checked with the code
docs/api.md gives receivers), retried with back-off, given up after the last attempt, every
attempt logged, and never carrying what the webhook's owner may not see."""

import json
import re
import threading
import time
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Group as PermissionGroup
from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.utils import timezone

from cooperation import services as cooperation
from cooperation.models import Group
from tests.cooperation.conftest import add_member, upload
from tests.factories import UserFactory
from webhooks import services, transport
from webhooks.models import Delivery, Event, Webhook

pytestmark = pytest.mark.django_db


def documented_verify_signature():
    """The receiver's verification code, taken from docs/api.md as a receiver would copy it."""
    docs = (Path(settings.BASE_DIR) / "docs" / "api.md").read_text()
    code = re.search(r"<!-- signature-verification.*?```python\n(.*?)```", docs, re.S).group(1)
    namespace = {}
    exec(code, namespace)  # noqa: S102 - our own documentation
    return namespace["verify_signature"]


class Receiver:
    """A real HTTP server on a free local port: records every request, answers with the next of
    `replies` (then 200), after `delay` seconds."""

    def __init__(self):
        self.requests: list[tuple[dict, bytes]] = []
        self.replies: list[int] = []
        self.delay = 0.0
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.requests.append((dict(self.headers), body))
                time.sleep(receiver.delay)
                status = receiver.replies.pop(0) if receiver.replies else 200
                self.send_response(status)
                self.send_header("Content-Length", "8")
                self.end_headers()
                self.wfile.write(b"received")

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_port}/hooks/kennisplein"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver():
    receiver = Receiver()
    yield receiver
    receiver.stop()


@pytest.fixture
def web_editor(db):
    """An editor of the Wagtail admin who may register webhooks: not platform staff, so not a
    member of every group."""
    editors = PermissionGroup.objects.get(name="Editors")
    editors.permissions.add(Permission.objects.get(codename="add_webhook"))
    editor = UserFactory(email="webredactie@kennisplein.test", display_name="Wim Webredactie")
    editor.groups.add(editors)
    return editor


def _hook(owner, receiver, *events, **fields):
    return Webhook.objects.create(
        name="Intranet", url=receiver.url, events=list(events), owner=owner, **fields
    )


def _upload(group, by, title="Jaarverslag"):
    return cooperation.document_upload(
        group=group,
        uploaded=upload("jaarverslag.txt", b"Cijfers", "text/plain"),
        title=title,
        by=by,
    )


def test_a_delivery_is_signed_and_the_documented_code_verifies_it(
    receiver, editor, make_group, committed
):
    hook = _hook(editor, receiver, Event.DOCUMENT_UPLOADED)
    group = make_group(Group.Visibility.PUBLIC, name="Werkgroep Leesbevordering")
    with committed():
        document = _upload(group, editor)

    [(headers, body)] = receiver.requests
    verify = documented_verify_signature()
    assert verify(hook.secret, body, headers["Kennisplein-Signature"])
    assert not verify(hook.secret, body.replace(b"Jaarverslag", b"Jaarverslog"), headers[
        "Kennisplein-Signature"])  # fmt: skip
    assert not verify("whsec_other", body, headers["Kennisplein-Signature"])
    old = services.sign(hook.secret, body, int(time.time()) - 3600)
    assert not verify(hook.secret, body, old)  # a replay an hour later

    payload = json.loads(body)
    delivery = Delivery.objects.get()
    assert headers["Kennisplein-Event"] == payload["event"] == "document.uploaded"
    assert headers["Kennisplein-Delivery"] == payload["id"] == str(delivery.pk)
    assert headers["Content-Type"].startswith("application/json")
    assert payload["data"]["document"]["id"] == document.pk
    assert payload["data"]["document"]["title"] == "Jaarverslag"
    assert payload["data"]["document"]["group"] == {
        "slug": group.slug,
        "name": "Werkgroep Leesbevordering",
    }
    assert delivery.status == "delivered" and delivery.attempts == 1
    [attempt] = delivery.attempt_set.all()
    assert attempt.succeeded and attempt.response_status == 200
    assert attempt.response_body == "received" and attempt.duration_ms >= 0


def test_a_failed_delivery_is_tried_again_after_a_minute(receiver, editor, make_group, committed):
    hook = _hook(editor, receiver, Event.DOCUMENT_UPLOADED)
    receiver.replies = [500]
    with committed():
        _upload(make_group(Group.Visibility.PUBLIC), editor)
    delivery = Delivery.objects.get()
    assert delivery.status == "pending" and delivery.attempts == 1
    first_try = delivery.attempt_set.get().started_at
    assert delivery.next_attempt_at - first_try == pytest.approx(
        timedelta(minutes=1), abs=timedelta(seconds=5)
    )

    assert services.deliveries_send_due(now=first_try + timedelta(seconds=30)) == 0
    assert services.deliveries_send_due(now=first_try + timedelta(seconds=61)) == 1
    delivery.refresh_from_db()
    assert delivery.status == "delivered" and delivery.attempts == 2
    assert [a.response_status for a in delivery.attempt_set.all()] == [500, 200]
    assert delivery.attempt_set.first().error == "Het antwoord was geen 2xx."
    (first, first_body), (second, second_body) = receiver.requests
    assert first_body == second_body
    assert first["Kennisplein-Delivery"] == second["Kennisplein-Delivery"]
    assert documented_verify_signature()(hook.secret, second_body, second["Kennisplein-Signature"])


def test_a_delivery_is_given_up_after_the_last_attempt(receiver, editor, make_group, committed):
    _hook(editor, receiver, Event.DOCUMENT_UPLOADED)
    receiver.replies = [500] * 10
    with committed():
        _upload(make_group(Group.Visibility.PUBLIC), editor)
    delivery = Delivery.objects.get()
    pauses, tried_at = [], delivery.attempt_set.get().started_at
    while delivery.status == "pending":
        pauses.append(delivery.next_attempt_at - tried_at)
        tried_at = delivery.next_attempt_at
        services.deliveries_send_due(now=tried_at)
        delivery.refresh_from_db()
    expected = [timedelta(minutes=m) for m in (1, 5, 30, 120, 720)]
    assert [round(p.total_seconds() / 60) for p in pauses] == [
        round(e.total_seconds() / 60) for e in expected
    ]
    assert delivery.status == "failed" and delivery.attempts == 6
    assert len(receiver.requests) == 6
    assert services.deliveries_send_due(now=timezone.now() + timedelta(days=2)) == 0
    out = StringIO()
    call_command("send_webhooks", stdout=out)
    assert out.getvalue().strip() == "0 webhook deliveries attempted."
    assert len(receiver.requests) == 6


def test_a_receiver_that_does_not_answer_in_time_is_logged_and_tried_again(
    receiver, editor, make_group, committed, settings
):
    settings.WEBHOOKS_TIMEOUT_SECONDS = 1
    receiver.delay = 2
    _hook(editor, receiver, Event.DOCUMENT_UPLOADED)
    with committed():
        _upload(make_group(Group.Visibility.PUBLIC), editor)
    delivery = Delivery.objects.get()
    [attempt] = delivery.attempt_set.all()
    assert attempt.response_status is None and not attempt.succeeded
    assert attempt.error == "Geen antwoord binnen 1 seconden."
    assert 900 <= attempt.duration_ms < 5000
    assert delivery.status == "pending" and delivery.next_attempt_at is not None


def test_no_delivery_carries_what_its_owner_may_not_see(
    receiver, web_editor, group_owner, make_group, make_webinar, librarian, committed
):
    from learning import services as learning
    from learning.models import Audience

    _hook(web_editor, receiver, *Event.values)
    secret = make_group(Group.Visibility.SECRET, name="Stuurgroep zzgeheim")
    public = make_group(Group.Visibility.PUBLIC, name="Werkgroep open")
    with committed():
        _upload(secret, group_owner, title="Begroting zzgeheim")
        group_webinar = make_webinar(
            title="Webinar zzgeheim", audience=Audience.GROUP, audience_group=secret
        )
        add_member(secret, librarian)
        learning.registration_create(webinar=group_webinar, user=librarian)
    assert receiver.requests == [] and not Delivery.objects.exists()

    # What the editor may see reaches them; the registration of a member-only webinar too, as
    # editors see registrations in the admin.
    with committed():
        _upload(public, group_owner, title="Open verslag")
        open_webinar = make_webinar(title="Open webinar")
        learning.registration_create(webinar=open_webinar, user=librarian)
    events = [json.loads(body)["event"] for _headers, body in receiver.requests]
    assert sorted(events) == ["document.uploaded", "registration.created", "webinar.changed"]
    assert all(b"zzgeheim" not in body for _headers, body in receiver.requests)

    # Deactivated owners get nothing at all.
    web_editor.is_active = False
    web_editor.save()
    with committed():
        _upload(public, group_owner, title="Nog een verslag")
    assert len(receiver.requests) == 3


def test_a_retry_is_not_sent_once_the_owner_may_no_longer_see_it(
    receiver, web_editor, group_owner, make_group, committed
):
    group = make_group(Group.Visibility.MEMBERS, name="Werkgroep intern")
    membership = add_member(group, web_editor)
    _hook(web_editor, receiver, Event.DOCUMENT_UPLOADED)
    receiver.replies = [503]
    with committed():
        _upload(group, group_owner)
    delivery = Delivery.objects.get()
    membership.delete()  # the editor leaves the group before the retry
    services.deliveries_send_due(now=delivery.next_attempt_at)
    delivery.refresh_from_db()
    assert delivery.status == "failed" and len(receiver.requests) == 1
    assert "mag dit niet meer zien" in delivery.attempt_set.last().error


def test_private_addresses_are_refused_in_production(
    client, editor, receiver, make_group, committed, settings
):
    settings.WEBHOOKS_ALLOW_PRIVATE_URLS = False
    client.force_login(editor)
    for url in (
        "http://127.0.0.1:8080/hook",
        "http://localhost/hook",
        "http://[::1]/hook",
        "http://169.254.169.254/latest/meta-data/",
        "http://10.1.2.3/hook",
        "http://[::ffff:127.0.0.1]/hook",
    ):
        response = client.post(
            "/admin/webhooks/new/", {"name": "Intern", "url": url, "events": ["document.uploaded"]}
        )
        assert "wijst naar een privénetwerk" in response.content.decode(), url
    assert not Webhook.objects.exists()
    with pytest.raises(transport.RefusedAddress):
        transport.check_url("http://2130706433/hook")  # 127.0.0.1 written as one number
    response = client.post(
        "/admin/webhooks/new/",
        {"name": "Extern", "url": "https://93.184.216.34/hook", "events": ["document.uploaded"]},
    )
    assert response.status_code == 302 and Webhook.objects.get().url.startswith("https://93.")

    # A URL that got in before (or a host name that later resolves inside) is refused at delivery.
    Webhook.objects.all().delete()
    _hook(editor, receiver, Event.DOCUMENT_UPLOADED)
    with committed():
        _upload(make_group(Group.Visibility.PUBLIC), editor)
    assert receiver.requests == []
    assert "wijst naar een privénetwerk" in Delivery.objects.get().attempt_set.get().error


def test_editors_manage_webhooks_and_read_every_attempt_in_the_admin(
    client, editor, web_editor, group_owner, receiver, make_group, committed
):
    client.force_login(web_editor)
    response = client.post(
        "/admin/webhooks/new/",
        {"name": "Intranet", "url": receiver.url, "events": ["document.uploaded"], "active": "on"},
    )
    assert response.status_code == 302
    hook = Webhook.objects.get()
    assert hook.owner == web_editor and hook.secret.startswith("whsec_")
    assert hook.secret in client.get(f"/admin/webhooks/edit/{hook.pk}/").content.decode()

    receiver.replies = [500]
    with committed():
        _upload(make_group(Group.Visibility.PUBLIC), group_owner)
    delivery = Delivery.objects.get()
    listing = client.get("/admin/webhook_deliveries/").content.decode()
    assert "document.uploaded" in listing or "Document geüpload" in listing
    detail = client.get(f"/admin/webhook_deliveries/inspect/{delivery.pk}/").content.decode()
    assert "500" in detail and "Het antwoord was geen 2xx." in detail

    # Someone else's webhook is not theirs to see or change; a superuser's overview has all.
    other = Webhook.objects.create(name="Andere", url=receiver.url, events=[], owner=editor)
    assert "Andere" not in client.get("/admin/webhooks/").content.decode()
    assert client.get(f"/admin/webhooks/edit/{other.pk}/").status_code in (403, 302)
    client.force_login(editor)
    overview = client.get("/admin/webhooks/").content.decode()
    assert "Andere" in overview and "Intranet" in overview


def test_people_without_webhook_permissions_have_no_webhook_admin(client, librarian):
    client.force_login(librarian)
    assert client.get("/admin/webhooks/").status_code in (302, 403)
    assert client.get("/admin/webhook_deliveries/").status_code in (302, 403)
