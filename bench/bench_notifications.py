"""Notifications: the home page with "activity in my groups" and the bell for a member of five
groups whose groups hold 10,000 events, against the same page for an anonymous visitor (served by
the same daphne in the same run); and `publish` of a new document to a group of 500 members.

    make bench BENCH=notifications
"""

import json
import os
import subprocess
import sys
import time

from bench.common import ROOT, load, prepared_database, rss_mb, server

GROUPS = 5
EVENTS = int(os.environ.get("NOTIFICATIONS_BENCH_EVENTS", "10000"))
UNREAD = 40  # the member's unread notifications (the bell's count)
AUDIENCE = 500
PUBLISHES = 20
MEMBER = "bench-member@kennisplein.test"


def seed() -> None:
    """Run inside the project (manage.py shell): the member, their groups and the events."""
    from datetime import timedelta

    from django.contrib.contenttypes.models import ContentType
    from django.utils import timezone

    from accounts.models import User
    from cooperation import services
    from cooperation.models import Document, Group, Membership
    from notifications.models import Event, Notification

    owner = User.objects.get(email="werkgroep@kennisplein.test")
    member, _created = User.objects.get_or_create(email=MEMBER, defaults={"display_name": "Bench"})
    groups = [
        services.group_create(
            owner=owner, name=f"Bench werkgroep {n}", visibility=Group.Visibility.MEMBERS
        )
        for n in range(GROUPS)
    ]
    Membership.objects.bulk_create(Membership(group=g, user=member) for g in groups)
    per_group = EVENTS // GROUPS
    document_type = ContentType.objects.get_for_model(Document)
    now = timezone.now()
    events = []
    for position, group in enumerate(groups):
        documents = Document.objects.bulk_create(
            Document(group=group, title=f"Stuk {n}", created_by=owner) for n in range(per_group)
        )
        events += [
            Event(
                kind="document",
                actor=owner,
                group=group,
                target_type=document_type,
                target_id=document.pk,
                data={"version": 1},
                created_at=now - timedelta(minutes=n * GROUPS + position),
            )
            for n, document in enumerate(documents)
        ]
    events = Event.objects.bulk_create(events, batch_size=1000)
    Notification.objects.bulk_create(
        Notification(recipient=member, event=event, email=Notification.Email.NONE)
        for event in events[:UNREAD]
    )


def time_publish() -> dict:
    """Run inside the project: `publish` to a group of AUDIENCE members, as a document upload
    does (in its transaction), with the default daily e-mail; then with every member wanting it
    at once, the e-mail task that follows."""
    from django.core import mail
    from django.db import transaction
    from django.test.utils import override_settings

    from accounts.models import User
    from cooperation import services
    from cooperation.models import Document, Group, Membership
    from notifications import services as notify
    from notifications.models import EmailPreference
    from notifications.tasks import send_immediate_emails

    owner = User.objects.get(email="werkgroep@kennisplein.test")
    group = services.group_create(
        owner=owner, name="Bench grote groep", visibility=Group.Visibility.MEMBERS
    )
    people = User.objects.bulk_create(
        User(email=f"lid{n}@bench.test", display_name=f"Lid {n}") for n in range(AUDIENCE)
    )
    Membership.objects.bulk_create(Membership(group=group, user=p) for p in people)
    document = Document.objects.create(group=group, title="Jaarverslag", created_by=owner)

    def publish_once():
        # As document_upload does: the members read fresh, in the service's transaction.
        with transaction.atomic():
            group.__dict__.pop("_role_cache", None)
            recipients = User.objects.filter(cooperation_memberships__group=group)
            return notify.publish(
                "document", target=document, actor=owner, group=group, recipients=recipients
            )

    publish_once()  # warm-up
    started = time.perf_counter()
    for _ in range(PUBLISHES):
        publish_once()
    daily = (time.perf_counter() - started) / PUBLISHES

    EmailPreference.objects.bulk_create(
        EmailPreference(user=p, kind="document", frequency="immediate") for p in people
    )
    with override_settings(
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        TASKS={"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}},
    ):
        started = time.perf_counter()
        event = publish_once()
        immediate = time.perf_counter() - started
        mail.outbox = []
        started = time.perf_counter()
        sent = send_immediate_emails.call(event.pk)
        mailing = time.perf_counter() - started
    return {
        "audience": AUDIENCE,
        "publish_daily_ms": round(daily * 1000, 1),
        "publish_immediate_ms": round(immediate * 1000, 1),
        "immediate_emails_task_ms": round(mailing * 1000, 1),
        "emails_sent": sent,
    }


def _manage(env: dict, code: str) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    )
    return result.stdout.strip().splitlines()[-1] if result.stdout.strip() else ""


def _session_cookie(env: dict, email: str) -> str:
    return "sessionid=" + _manage(
        env,
        "from django.test import Client; from accounts.models import User; "
        f"c = Client(); c.force_login(User.objects.get(email={email!r})); "
        "print(c.cookies['sessionid'].value)",
    )


def run() -> dict:
    with prepared_database() as env:
        _manage(env, "from bench.bench_notifications import seed; seed()")
        publishing = json.loads(
            _manage(
                env,
                "import json; from bench.bench_notifications import time_publish; "
                "print(json.dumps(time_publish()))",
            )
        )
        cookie = _session_cookie(env, MEMBER)
        # The logged-in baseline: the same page for someone in no group, with nothing new.
        loner = _session_cookie(env, "buitenstaander@kennisplein.test")
        with server(env) as (base, pid):
            page = urllib_get(base + "/", cookie)
            assert "Activiteit in mijn groepen" in page and "bell__count" in page, page[-2000:]
            anonymous = load(base + "/")
            member = load(base + "/", headers={"Cookie": cookie})
            logged_in = load(base + "/", headers={"Cookie": loner})
            per_second = {
                "anonymous": anonymous["requests_per_second"],
                "member": member["requests_per_second"],
                "logged_in": logged_in["requests_per_second"],
            }
            return {
                "events": EVENTS,
                "groups_of_member": GROUPS,
                "unread": UNREAD,
                "home_anonymous": anonymous,
                "home_member_with_activity": member,
                "home_logged_in_no_groups": logged_in,
                "ratio": round(per_second["member"] / per_second["anonymous"], 3),
                "ratio_to_logged_in_no_groups": round(
                    per_second["member"] / per_second["logged_in"], 3
                ),
                "publish": publishing,
                "server_rss_mb": round(rss_mb(pid), 1),
                "summary": (
                    f"home page as member {per_second['member']} req/s "
                    f"(p50 {member['p50_ms']} ms) vs anonymous {per_second['anonymous']} "
                    f"req/s, logged in without groups {per_second['logged_in']} req/s; "
                    f"publish to {AUDIENCE} members {publishing['publish_daily_ms']} ms"
                ),
            }


def urllib_get(url: str, cookie: str) -> str:
    import urllib.request

    request = urllib.request.Request(url, headers={"Cookie": cookie})
    return urllib.request.urlopen(request, timeout=10).read().decode()
