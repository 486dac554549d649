"""Every address the platform hands out to be followed elsewhere points at SITE_URL: links in every
kind of e-mail, calendar files and feeds, the news feed, API fields and pagination, webhook
payloads and the "Mijn gegevens" export. A fresh install's Wagtail Site record says
http://localhost/, and requests come from the test client's host "testserver"; neither may leak
into a link (issue 20: confirmations and reminders sent dead links)."""

import io
import json
import re
import zipfile
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.urls import reverse
from wagtail.models import Site

from cooperation import services as cooperation
from learning import emails as learning_emails
from learning import services as learning
from learning.models import CalendarFeed
from notifications import emails as notification_emails
from notifications import kinds
from notifications.services import publish
from tests.api.conftest import ApiClient, token_for
from tests.security.world import MEMBERS, PUBLIC, build_world

SITE = "https://kennisplein.example.org"
LINK = re.compile(r"https?://[^\s\"'<>\\)\]]+")
NEVER = ("localhost", "testserver", "127.0.0.1")
# Addresses of other sites that the content itself names (live links, demo texts).
ELSEWHERE = {"meet.example.org", "www.w3.org"}


def assert_links_on_site(where: str, text: str, *, some: bool = True) -> None:
    text = text.replace("\r\n ", "")  # iCalendar folds lines at 75 octets
    for host in NEVER:
        assert host not in text, f"{where} names {host}: {text[:2000]}"
    links = [link for link in LINK.findall(text) if urlsplit(link).hostname not in ELSEWHERE]
    if some:
        assert links, f"{where} has no link at all"
    for link in links:
        assert link.startswith(f"{SITE}/"), f"{where}: {link}"


def message_text(message) -> str:
    parts = [message.subject, message.body, *map(str, message.extra_headers.values())]
    parts += [content for content, _mimetype in getattr(message, "alternatives", [])]
    for _name, content, _mimetype in message.attachments:
        parts.append(content.decode() if isinstance(content, bytes) else str(content))
    return "\n".join(parts)


@pytest.fixture
def world(home_page, settings, django_capture_on_commit_callbacks):
    settings.SITE_URL = SITE
    settings.WAGTAILADMIN_BASE_URL = SITE
    with django_capture_on_commit_callbacks(execute=True):
        world = build_world(home_page)
    # A production install as migrations leave it: nobody edited Wagtail's Site record.
    site = Site.objects.get(is_default_site=True)
    site.hostname, site.port = "localhost", 80
    site.save()
    return world


def test_every_kind_of_mail_links_to_site_url(world, client, django_capture_on_commit_callbacks):
    member, staff, owner = world.people["member"], world.people["staff"], world.people["owner"]
    webinar = world.webinars[PUBLIC]
    rendered = {}
    for kind in learning_emails.KINDS:
        rendered[f"webinar mail {kind}"] = learning_emails.webinar_email(
            user=member, webinar=webinar, kind=kind
        )
    rendered["message to registrants"] = learning_emails.registrants_message_email(
        user=member, webinar=webinar, subject="Vooraf", body="Lees dit vooraf."
    )

    # One event of every kind of notification, mailed at once and in the daily digest.
    join_request = cooperation.membership_request(
        group=world.groups[MEMBERS], user=world.people["outsider"]
    )
    targets = {
        "document": world.documents[PUBLIC],
        "join_request": join_request,
        "join_request_answered": world.groups[PUBLIC],
        "invitation_accepted": world.groups[PUBLIC].memberships.get(user=member),
        "member_joined": world.groups[PUBLIC].memberships.get(user=member),
        "meeting": world.meetings[PUBLIC],
        "news": world.news[PUBLIC],
        "mention": world.replies[PUBLIC],
        "reply": world.replies[PUBLIC],
        "thread": world.threads[PUBLIC],
        "webinar_changed": webinar,
        "waiting_list_seat": webinar,
    }
    assert {kind.key for kind in kinds.all_kinds()} <= set(targets), "a kind without a case here"
    events = [
        publish(key, target=target, actor=owner, data={"change": "time"})
        for key, target in targets.items()
    ]
    for event in events:
        rendered[f"notification {event.kind}"] = notification_emails.immediate_email(staff, event)
    rendered["digest"] = notification_emails.digest_email(staff, events)

    from inbound.emails import refusal_email

    rendered["refused reply"] = refusal_email(
        member,
        thread=world.threads[PUBLIC],
        reason="locked",
        detail="",
        subject="Re: draad",
        text="Eens!",
    )
    for name, message in rendered.items():
        assert_links_on_site(name, message_text(message))

    # Mails sent along the way: the invitation, the export and erasure mails, allauth's.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        cooperation.invitation_send(
            group=world.groups[PUBLIC], email="welkom@bibliotheek.test", by=owner
        )
        from privacy import services as privacy

        privacy.export_request(user=member)
    with django_capture_on_commit_callbacks(execute=True):
        privacy.erase_link_send(user=member)
    client.post(
        reverse("account_signup"),
        {
            "email": "nieuw-lid@bibliotheek.test",
            "display_name": "Nina Nieuw",
            "password1": "een-lang-en-sterk-wachtwoord-42",
            "password2": "een-lang-en-sterk-wachtwoord-42",
        },
    )
    for address in (member.email, "onbekend@bibliotheek.test"):
        client.post(reverse("account_reset_password"), {"email": address})
    subjects = [message.subject for message in mail.outbox]
    assert len(mail.outbox) >= 6, subjects
    for message in mail.outbox:
        assert_links_on_site(f"sent mail {message.subject}", message_text(message))
        assert f"Kennisplein {SITE}" not in message.body  # allauth names the site by its host
    assert_links_on_site("sent mails", "".join(m.body for m in mail.outbox))


def test_calendars_and_feeds_link_to_site_url(world, client):
    member = world.people["member"]
    feed = CalendarFeed.objects.create(user=member)
    meeting = world.meetings[PUBLIC]
    client.force_login(member)
    for path in (
        reverse("learning:webinar_ics", args=[world.webinars[PUBLIC].pk]),
        reverse("learning:public_feed"),
        reverse("learning:personal_feed", args=[feed.token]),
        reverse("meetings:ics", args=[meeting.group.slug, meeting.pk]),
        reverse("meetings:news_feed"),
    ):
        response = client.get(path)
        assert response.status_code == 200, path
        assert_links_on_site(path, b"".join(response).decode())

    page = client.get(reverse("learning:my_learning")).content.decode()
    assert f"{SITE}/leren/agenda/" in page  # the address to subscribe to in a calendar app
    assert "http://testserver" not in page


def _strings(value):
    if isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)
    elif isinstance(value, str):
        yield value


def test_api_fields_and_webhook_payloads_link_to_site_url(world):
    staff = world.people["staff"]
    api = ApiClient(token_for(staff))
    answers = {}
    for path in ("/api/v1/webinars", "/api/v1/groups"):
        answers[path] = api.get(path, {"page_size": 1}).json()
    member_api = ApiClient(token_for(world.people["member"]))
    answers["/api/v1/registrations"] = member_api.get("/api/v1/registrations").json()
    webinar, document, meeting = (
        world.webinars[PUBLIC],
        world.documents[PUBLIC],
        world.meetings[PUBLIC],
    )
    for path in (
        f"/api/v1/webinars/{webinar.pk}",
        f"/api/v1/webinars/{webinar.pk}/registrations",
        f"/api/v1/documents/{document.pk}",
        f"/api/v1/meetings/{meeting.pk}",
        f"/api/v1/groups/{meeting.group.slug}/documents",
        "/api/v1/meetings",
        "/api/v1/publications",
        f"/api/v1/publications/{meeting.pk}",
    ):
        response = api.get(path)
        assert response.status_code == 200, (path, response.content)
        answers[path] = response.json()
    assert answers["/api/v1/webinars"]["next"], "the page of one has a next page"
    for path, answer in answers.items():
        text = "\n".join(s for s in _strings(answer) if "://" in s and "meet.example.org" not in s)
        assert_links_on_site(path, text, some=path != "/api/v1/groups")

    from webhooks import events
    from webhooks.models import Event

    registration = world.registrations[PUBLIC]
    targets = {
        Event.REGISTRATION_CREATED: registration,
        Event.REGISTRATION_CANCELLED: registration,
        Event.WEBINAR_CHANGED: webinar,
        Event.DOCUMENT_UPLOADED: document,
        Event.MEETING_PUBLISHED: meeting.publication,
    }
    assert set(targets) == set(events.EVENTS), "an event without a case here"
    for event, target in targets.items():
        payload = events.build(event, staff, target)
        assert payload, event
        assert_links_on_site(f"webhook {event}", json.dumps(payload))


def test_the_export_of_a_person_links_to_site_url(world):
    from privacy.export import write_export

    member = world.people["member"]
    learning.calendar_feed_get(user=member)
    handle = io.BytesIO()
    write_export(member, handle)
    with zipfile.ZipFile(handle) as archive:
        text = "\n".join(
            archive.read(name).decode() for name in archive.namelist() if name.endswith(".json")
        )
    assert_links_on_site("export", text)


def test_seed_demo_points_the_site_record_at_site_url(db, settings):
    from portal.demo import demo_pages

    settings.SITE_URL = SITE
    demo_pages()
    site = Site.objects.get(is_default_site=True)
    assert site.root_url == SITE
    settings.SITE_URL = "http://127.0.0.1:8000"
    demo_pages()  # a second run takes a changed SITE_URL over
    assert Site.objects.get(is_default_site=True).root_url == "http://127.0.0.1:8000"


def test_links_keep_their_query_and_fragment(settings):
    from portal.links import absolute_url

    settings.SITE_URL = SITE
    assert absolute_url("/a/?b=1#c") == f"{SITE}/a/?b=1#c"
    assert absolute_url("http://localhost/a/?b=1#c") == f"{SITE}/a/?b=1#c"
