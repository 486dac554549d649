"""A scripted mix of concurrent users against daphne with PostgreSQL and Redis (issue 10's load
test): each user logs in (a session made beforehand), then for LOAD_SECONDS browses pages,
searches, downloads a group document, chats in a group room over a WebSocket and registers once
for a webinar with fewer seats than people. Reported per kind of request: count, throughput,
p50/p95 (for chat: from sending to the sender's own copy coming back). Checked: no server error,
no chat message lost (every client receives every message, and every message is stored), no
webinar over capacity.

    LOAD_USERS=200 LOAD_SECONDS=60 make bench BENCH=load
    LOAD_PROCESSES=2  (daphne processes, one per core as deploy/ runs them; users spread over them)
    LOAD_DATABASE_URL=postgres://postgres@127.0.0.1:5432/kp_load  (runs in a fresh kp_load_bench)
    LOAD_REDIS_URL=redis://127.0.0.1:6379/13

The load generator runs on the same two cores as the server (threads, one per user and one per
socket), so latencies include its own queueing: they are an upper bound.
"""

import json
import os
import random
import statistics
import subprocess
import sys
import threading
import time
from collections import defaultdict
from contextlib import ExitStack
from pathlib import Path

import psycopg
import requests

from bench.common import prepared_database, server

ROOT = Path(__file__).resolve().parent.parent
USERS = int(os.environ.get("LOAD_USERS", "200"))
SECONDS = float(os.environ.get("LOAD_SECONDS", "60"))
PROCESSES = int(os.environ.get("LOAD_PROCESSES", "2"))
SEATS = 50
DATABASE_URL = os.environ.get("LOAD_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/kp_load")
REDIS_URL = os.environ.get("LOAD_REDIS_URL", "redis://127.0.0.1:6379/13")

SETUP = f"""
import json
from datetime import timedelta
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from accounts.models import User
from cooperation import services
from cooperation.models import Group, Membership
from learning.models import WebinarIndexPage, WebinarPage

owner = User.objects.create(email="lasttest-eigenaar@bibliotheek.test", display_name="Eigenaar")
group = services.group_create(owner=owner, name="Lasttest", visibility="public",
                              join_policy="open")
version = services.document_upload(
    group=group, title="Jaarverslag lasttest", by=owner,
    uploaded=SimpleUploadedFile("jaarverslag.txt", b"Jaarverslag van de bibliotheek. " * 2000,
                                "text/plain")).current_version
start = timezone.now() + timedelta(days=3)
webinar = WebinarIndexPage.objects.get().add_child(instance=WebinarPage(
    title="Lasttest webinar", slug="lasttest", start=start, end=start + timedelta(hours=1),
    audience="members", capacity={SEATS}))
webinar.save_revision().publish()
users = User.objects.bulk_create([
    User(email=f"last{{n}}@bibliotheek.test", display_name=f"Lezer {{n}}") for n in range({USERS})])
Membership.objects.bulk_create([Membership(group=group, user=u, role="member") for u in users])
sessions = []
for user in users:
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    sessions.append(session.session_key)
print("LOADSETUP" + json.dumps({{"sessions": sessions, "group": group.pk, "webinar": webinar.pk,
      "download": f"/cooperatie/bestand/{{version.pk}}/jaarverslag.txt",
      "webinar_url": webinar.url}}))
"""

PAGES = ["/", "/leerplatform/", "/cooperatie/", "/cooperatie/lasttest/"]
SEARCHES = ["bibliotheek", "webinar", "leesbevordering", "jaarverslag", "bibliotheken", "lasttest"]


def _check_postgres() -> None:
    with psycopg.connect(DATABASE_URL.rsplit("/", 1)[0] + "/postgres"):
        pass


class Figures:
    def __init__(self):
        self.lock = threading.Lock()
        self.latencies = defaultdict(list)
        self.errors = defaultdict(int)  # 5xx or no answer
        self.statuses = defaultdict(lambda: defaultdict(int))

    def record(self, kind: str, started: float, status: int | None) -> None:
        with self.lock:
            self.statuses[kind][status] += 1
            if status is None or status >= 500:
                self.errors[kind] += 1
            else:
                self.latencies[kind].append(time.perf_counter() - started)


def _user(number, bases, setup, figures, sent, stop, registered_once):
    base = bases[number % len(bases)]  # as a proxy spreads people over the app processes
    session = requests.Session()
    session.cookies.set("sessionid", setup["sessions"][number])
    token = f"{number:032d}"
    session.cookies.set("csrftoken", token)
    rng = random.Random(number)
    register_at = time.monotonic() + rng.uniform(0, SECONDS * 0.8)
    chat_socket = setup["sockets"][number]
    count = 0
    while not stop.is_set():
        if not registered_once[number] and time.monotonic() >= register_at:
            kind, started = "register", time.perf_counter()
            try:
                response = session.post(
                    f"{base}/leren/webinar/{setup['webinar']}/inschrijven/",
                    headers={"X-CSRFToken": token, "Origin": base},
                    allow_redirects=False,
                    timeout=30,
                )
                figures.record(kind, started, response.status_code)
            except requests.RequestException:
                figures.record(kind, started, None)
            registered_once[number] = True
            continue
        choice = rng.random()
        started = time.perf_counter()
        if choice < 0.15 and chat_socket is not None:
            count += 1
            body = f"last-{number}-{count}"
            try:
                with figures.lock:
                    sent[body] = started  # the sender's own reader records the round trip
                chat_socket.send(json.dumps({"type": "message", "body": body}))
            except Exception:
                figures.record("chat", started, None)
        else:
            if choice < 0.6:
                kind, url = "browse", base + rng.choice(PAGES + [setup["webinar_url"]])
            elif choice < 0.85:
                kind, url = "search", f"{base}/zoeken/?q={rng.choice(SEARCHES)}"
            else:
                kind, url = "download", base + setup["download"]
            try:
                response = session.get(url, timeout=30)
                figures.record(kind, started, response.status_code)
            except requests.RequestException:
                figures.record(kind, started, None)
        time.sleep(rng.uniform(0.5, 1.5))  # a person reads before the next click


def run() -> dict:
    try:
        _check_postgres()
    except psycopg.OperationalError as error:
        return {"skipped": f"needs PostgreSQL at {DATABASE_URL}: {error}", "summary": "skipped"}
    previous = os.environ.get("DATABASE_URL")
    # prepared_database makes a fresh database beside the one this names (`<name>_bench`).
    os.environ["DATABASE_URL"] = DATABASE_URL
    try:
        return _prepared_and_loaded()
    finally:
        if previous is None:
            os.environ.pop("DATABASE_URL")
        else:
            os.environ["DATABASE_URL"] = previous


def _prepared_and_loaded() -> dict:
    with prepared_database() as env:
        env = {
            **env,
            "REDIS_URL": REDIS_URL,
            "CHANNEL_LAYER_PREFIX": "kp-bench-load",
        }
        output = subprocess.run(
            [sys.executable, "manage.py", "shell", "-c", SETUP],
            env=env,
            cwd=ROOT,
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        setup = json.loads(output.split("LOADSETUP", 1)[1])
        with ExitStack() as servers:
            bases = [servers.enter_context(server(env))[0] for _ in range(PROCESSES)]
            return _run_load(bases, setup, env["DATABASE_URL"])


def _run_load(bases: list[str], setup: dict, database_url: str) -> dict:
    from websockets.sync.client import connect

    figures, stop = Figures(), threading.Event()
    sent: dict[str, float] = {}  # body -> when it was sent
    received = [set() for _ in range(USERS)]
    room = f"/ws/live/group/{setup['group']}/"
    # Every user holds a socket to the group room the whole run (as the group page does).
    sockets = []
    for number in range(USERS):
        base = bases[number % len(bases)]
        socket = connect(
            base.replace("http://", "ws://") + room,
            origin=base,
            additional_headers={"Cookie": f"sessionid={setup['sessions'][number]}"},
            open_timeout=30,
        )
        sockets.append(socket)
    setup["sockets"] = sockets

    def reader(number):
        socket = sockets[number]
        while True:
            try:
                frame = json.loads(socket.recv(timeout=1))
            except TimeoutError:
                if stop.is_set() and draining.is_set():
                    return
                continue
            except Exception:
                return
            if frame.get("type") == "message":
                body = frame.get("html", "")
                received[number].add(body)
                if body.startswith(f"last-{number}-"):  # own message back: send-to-receive
                    figures.record("chat", sent[body], 200)

    draining = threading.Event()
    readers = [threading.Thread(target=reader, args=(n,), daemon=True) for n in range(USERS)]
    for thread in readers:
        thread.start()
    registered_once = [False] * USERS
    users = [
        threading.Thread(target=_user, args=(n, bases, setup, figures, sent, stop, registered_once))
        for n in range(USERS)
    ]
    began = time.monotonic()
    for thread in users:
        thread.start()
    time.sleep(SECONDS)
    stop.set()
    for thread in users:
        thread.join()
    duration = time.monotonic() - began
    # Late is not lost: the last broadcasts get up to 30 s to arrive; what has not by then is.
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and any(sent.keys() - got for got in received):
        time.sleep(0.5)
    draining.set()
    for thread in readers:
        thread.join(timeout=5)
    for socket in sockets:
        socket.close()

    lost = sum(len(sent.keys() - got) for got in received)
    stored = _stored_chat_bodies(database_url)
    per_kind = {}
    for kind in sorted(set(figures.latencies) | set(figures.errors)):
        latencies = sorted(figures.latencies[kind])
        q = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else [0.0] * 99
        per_kind[kind] = {
            "requests": len(latencies) + figures.errors[kind],
            "per_second": round((len(latencies) + figures.errors[kind]) / duration, 1),
            "p50_ms": round(q[49] * 1000, 1),
            "p95_ms": round(q[94] * 1000, 1),
            "server_errors": figures.errors[kind],
            "statuses": {str(k): v for k, v in figures.statuses[kind].items()},
        }
    seats = _seats(database_url)
    server_errors = sum(figures.errors.values())
    total = sum(kind["requests"] for kind in per_kind.values())
    return {
        "users": USERS,
        "seconds": SECONDS,
        "app_processes": len(bases),
        "per_kind": per_kind,
        "requests_per_second": round(total / duration, 1),
        "server_errors": server_errors,
        "chat_messages_sent": len(sent),
        "chat_messages_stored": len(stored & sent.keys()),
        "chat_deliveries_lost": lost,
        "seats": SEATS,
        "registered": seats["registered"],
        "waiting": seats["waiting"],
        "over_capacity": seats["registered"] > SEATS,
        "summary": (
            f"{USERS} users on {len(bases)} processes, {total / duration:.0f} req/s, "
            f"{server_errors} server errors, "
            f"{len(sent)} chat messages, {lost} deliveries lost, "
            f"{seats['registered']}/{SEATS} seats taken"
        ),
    }


def _stored_chat_bodies(database_url: str) -> set[str]:
    with psycopg.connect(database_url) as connection:
        return {row[0] for row in connection.execute("SELECT body FROM live_message")}


def _seats(database_url: str) -> dict:
    with psycopg.connect(database_url) as connection:
        rows = connection.execute(
            "SELECT status, count(*) FROM learning_registration r "
            "JOIN wagtailcore_page p ON p.id = r.webinar_id WHERE p.slug = 'lasttest' "
            "GROUP BY status"
        ).fetchall()
    return {"registered": 0, "waiting": 0, **dict(rows)}
