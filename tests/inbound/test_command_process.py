"""`manage.py receive_email` run as its own process, as Postfix's pipe transport runs it: through
deploy/receive-email with an empty environment (the platform's settings from its env file), the
raw message on stdin, the recipient as the argument, the outcome in the exit code."""

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from cooperation.discussions.models import Post
from inbound.models import InboundMessage
from tests.inbound.conftest import DOMAIN, build, forge

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.django_db(transaction=True)


def _database_url(tmp_path) -> str:
    db = connection.settings_dict
    if connection.vendor == "postgresql":
        password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
        host = db["HOST"] or "127.0.0.1"
        return f"postgres://{db['USER']}{password}@{host}:{db['PORT'] or 5432}/{db['NAME']}"
    # The tests' SQLite database lives in memory: the process gets a copy in a file, and what it
    # wrote is copied back afterwards (_copy_back).
    path = tmp_path / "kennisplein.sqlite3"
    connection.ensure_connection()
    with sqlite3.connect(path) as copy:
        connection.connection.backup(copy)
    return f"sqlite:///{path}"


def _copy_back(url: str) -> None:
    if url.startswith("sqlite:///"):
        with sqlite3.connect(url.removeprefix("sqlite:///")) as copy:
            copy.backup(connection.connection)


def _run(url: str, raw: bytes, *args: str, tmp_path) -> subprocess.CompletedProcess:
    settings_file = tmp_path / "env"
    values = {
        "DATABASE_URL": url,
        "MEDIA_ROOT": str(tmp_path / "media"),
        "INBOUND_EMAIL_DOMAIN": DOMAIN,
        "TASKS_BACKEND": "immediate",
        "SECRET_KEY": settings.SECRET_KEY,
        # This worker's own Redis database (tests/conftest.py), when the tests have one.
        "REDIS_URL": settings.CACHES["default"]["LOCATION"] if settings.REDIS_URL else "",
    }
    settings_file.write_text(
        "# as /etc/kennisplein/env\n" + "".join(f"{k}={v}\n" for k, v in values.items())
    )
    return subprocess.run(
        [sys.executable, "deploy/receive-email", *args],
        input=raw,
        capture_output=True,
        cwd=ROOT,
        env={"KENNISPLEIN_ENV_FILE": str(settings_file)},  # pipe(8) passes next to nothing
        timeout=120,
        check=False,
    )


def test_postfix_pipes_a_reply_into_the_thread_and_bounces_a_forged_address(
    thread, member, group_owner, address_of, tmp_path
):
    address = address_of(member, thread)
    url = _database_url(tmp_path)

    done = _run(url, build(to=address, sender=member.email), address, tmp_path=tmp_path)
    assert done.returncode == 0, done.stderr.decode()
    # The thread's author is told at once, with her own reply address (printed by the console
    # e-mail backend).
    printed = done.stdout.decode()
    assert f"To: {group_owner.email}" in printed
    assert "Reply-To: antwoord+" in printed

    forged = forge(address)
    refused = _run(url, build(to=forged, sender=member.email), forged, tmp_path=tmp_path)
    assert refused.returncode == 67
    assert b"5.1.1 Unknown address" in refused.stderr
    assert b"Traceback" not in refused.stderr

    _copy_back(url)
    post = Post.objects.filter(thread=thread).last()
    assert (post.author, post.body_source) == (member, "Goed idee, ik neem de affiches mee.")
    assert list(InboundMessage.objects.order_by("id").values_list("reason", flat=True)) == [
        "posted",
        "forged_token",
    ]
