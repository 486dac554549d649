"""A task worker killed mid-task (kill -9: no chance to clean up), for real: a `db_worker` process
is stopped while it sends a reminder or reads a document for search. The task is retried once
`requeue_stale_tasks` has run, and the reminder reaches the person exactly once.

The worker is held mid-task by a mail server that does not answer (as a slow or hanging one would)
and by a document file that cannot be read yet (a named pipe with no writer)."""

import os
import signal
import socketserver
import subprocess
import sys
import threading
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from cooperation import services
from learning.models import Registration
from learning.services import reminders_send
from portal.models import PortalDocument
from tests.cooperation import samples
from tests.cooperation.conftest import add_member, upload
from tests.live.test_two_servers import _database_url

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not settings.IS_POSTGRES,
        reason="needs PostgreSQL (DATABASE_URL, as in CI): the worker process must share the "
        "test database",
    ),
]

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


class MailServer(socketserver.ThreadingTCPServer):
    """A small SMTP server. A message counts as delivered when the server has answered 250 to its
    data, as for any mail server; `hold` keeps the server silent at that point (or at QUIT)."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), _SMTPSession)
        self.delivered: list[bytes] = []
        self.hold: str | None = None  # "data" or "quit"
        self.holding = threading.Event()
        self.release = threading.Event()


class _SMTPSession(socketserver.StreamRequestHandler):
    def reply(self, line: str) -> None:
        self.wfile.write(line.encode() + b"\r\n")

    def wait_if_held(self, stage: str) -> bool:
        if self.server.hold != stage:
            return False
        self.server.holding.set()
        self.server.release.wait(60)
        return True

    def handle(self):
        self.reply("220 test ESMTP")
        while line := self.rfile.readline():
            command = line.decode().strip().upper()
            if command.startswith(("EHLO", "HELO")):
                self.reply("250 test")
            elif command.startswith(("MAIL", "RCPT", "RSET", "NOOP")):
                self.reply("250 OK")
            elif command == "DATA":
                self.reply("354 go on")
                data = b""
                while (chunk := self.rfile.readline()) and chunk != b".\r\n":
                    data += chunk
                if self.wait_if_held("data"):
                    return  # the connection ends unanswered: nothing was delivered
                self.server.delivered.append(data)
                self.reply("250 queued")
            elif command == "QUIT":
                if self.wait_if_held("quit"):
                    return
                self.reply("221 bye")
                return
            else:
                self.reply("502 no")


@pytest.fixture
def mail_server():
    server = MailServer()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.release.set()
    server.shutdown()
    server.server_close()


@pytest.fixture
def worker_env(mail_server):
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "TASKS_BACKEND": "database",
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(mail_server.server_address[1]),
        "EMAIL_USE_TLS": "false",
        "DJANGO_DEBUG": "1",
    }
    env.pop("REDIS_URL", None)  # the worker's cache is not what is tested here
    return env


def _worker(env, *extra) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--queue-name", "*", "--interval", "0.2"]
        + ["--no-reload"]  # killed itself, not a reloader parent with the worker as its child
        + list(extra),
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def _run_queue(env) -> None:
    """A worker that takes what is queued and stops, as the restarted worker would."""
    worker = _worker(env, "--batch")
    _, errors = worker.communicate(timeout=120)
    assert worker.returncode == 0, errors.decode()


def _kill_when(condition, worker: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    try:
        while not condition():
            if worker.poll() is not None:
                pytest.fail(f"the worker stopped by itself: {worker.stderr.read().decode()}")
            assert time.monotonic() < deadline, "the worker never reached the point to kill it at"
            time.sleep(0.1)
    finally:
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=10)


def _only_task(name: str) -> DBTaskResult:
    (result,) = DBTaskResult.objects.filter(task_path__endswith=f".{name}")
    return result


def _requeue() -> None:
    call_command("requeue_stale_tasks", minutes=0)


def _reminder_due(make_webinar, librarian) -> None:
    webinar = make_webinar(title="Voorlezen met peuters", starts_in=timedelta(hours=20))
    Registration.objects.create(
        webinar=webinar, user=librarian, status=Registration.Status.REGISTERED
    )
    with override_settings(TASKS=DATABASE_TASKS):
        call_command("send_reminders")


@pytest.mark.parametrize("killed_at", ["data", "quit"])
def test_a_reminder_whose_worker_is_killed_is_retried_and_arrives_once(
    make_webinar, librarian, mail_server, worker_env, killed_at
):
    """Killed while the mail server has not yet accepted the mail ("data": nothing arrived, so
    the retry must send it), or after it accepted it ("quit": it arrived, so the retry must not
    send it again)."""
    _reminder_due(make_webinar, librarian)
    mail_server.hold = killed_at

    _kill_when(mail_server.holding.is_set, _worker(worker_env))

    task = _only_task("registration_email")
    assert task.status == TaskResultStatus.RUNNING  # the dead worker's task, left as it was
    assert len(mail_server.delivered) == (1 if killed_at == "quit" else 0)

    mail_server.hold = None
    mail_server.release.set()
    _requeue()
    _run_queue(worker_env)
    # A later round of the scheduler finds the reminder claimed and queues nothing.
    with override_settings(TASKS=DATABASE_TASKS):
        assert reminders_send() == 0

    task.refresh_from_db()
    assert task.status == TaskResultStatus.SUCCESSFUL
    assert len(task.worker_ids) == 2
    (mail,) = mail_server.delivered
    assert librarian.email.encode() in mail
    assert b"Voorlezen met peuters" in mail


def test_a_text_extraction_whose_worker_is_killed_is_retried(
    working_group, group_owner, librarian, worker_env
):
    add_member(working_group, librarian)
    with override_settings(TASKS=DATABASE_TASKS):
        document = services.document_upload(
            group=working_group,
            uploaded=upload("notulen.pdf", samples.pdf("Notulen over voorleesontbijt")),
            by=group_owner,
        )
    stored = document.versions.get().file
    # The worker will block opening the file until something writes to the pipe.
    path = Path(stored.file.path)
    content = path.read_bytes()
    path.unlink()
    os.mkfifo(path)

    def worker_is_reading():
        return _only_task("extract_document_text").status == TaskResultStatus.RUNNING

    _kill_when(worker_is_reading, _worker(worker_env))
    assert PortalDocument.objects.get(pk=stored.pk).extracted_text == ""

    path.unlink()
    path.write_bytes(content)
    _requeue()
    _run_queue(worker_env)

    assert "voorleesontbijt" in PortalDocument.objects.get(pk=stored.pk).extracted_text
    assert _only_task("extract_document_text").status == TaskResultStatus.SUCCESSFUL


def test_a_task_that_kills_every_worker_is_given_up_after_the_last_attempt(worker_env):
    """Requeued only so often: a task on which worker after worker dies ends as failed rather
    than taking the queue down with it."""
    from cooperation.tasks import purge_trash

    with override_settings(TASKS=DATABASE_TASKS):
        purge_trash.enqueue()
    task = _only_task("purge_trash")
    for attempt in range(1, settings.TASKS_MAX_ATTEMPTS + 1):
        DBTaskResult.objects.filter(pk=task.pk).update(
            status=TaskResultStatus.RUNNING,
            started_at=timezone.now(),
            worker_ids=[f"dead-{n}" for n in range(attempt)],
        )
        _requeue()
        task.refresh_from_db()
        expected = (
            TaskResultStatus.FAILED
            if attempt == settings.TASKS_MAX_ATTEMPTS
            else TaskResultStatus.READY
        )
        assert task.status == expected


def test_a_task_still_running_within_its_time_is_left_alone(worker_env):
    from cooperation.tasks import purge_trash

    with override_settings(TASKS=DATABASE_TASKS):
        purge_trash.enqueue()
    DBTaskResult.objects.update(
        status=TaskResultStatus.RUNNING, started_at=timezone.now(), worker_ids=["busy"]
    )
    call_command("requeue_stale_tasks")  # the configured 15 minutes have not passed
    assert _only_task("purge_trash").status == TaskResultStatus.RUNNING
