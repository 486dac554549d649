"""Faults, for real: a private Redis and a private PostgreSQL are started for the test, the app runs
against them in daphne, and each is stopped and started again under it. The app itself is never
restarted: it must answer while a service is away (or say it is unavailable) and recover alone."""

import os
import pwd
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from glob import glob
from pathlib import Path

import pytest
from django.conf import settings

from portal.cache import ResilientRedisCache
from tests.live.test_two_servers import _database_url, _wait_for

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    from bench.common import free_port

    return free_port()


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - local server
            return response.status, response.read().decode()
    except urllib.error.HTTPError as response:
        return response.code, response.read().decode()


def _until(condition, timeout: float = 20.0):
    deadline = time.monotonic() + timeout
    while True:
        result = condition()
        if result or time.monotonic() > deadline:
            return result
        time.sleep(0.2)


def _daphne(env: dict) -> tuple[subprocess.Popen, str]:
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "daphne", "-b", "127.0.0.1", "-p", str(port)]
        + ["portal.asgi:application"],
        cwd=ROOT,
        # CSRF_TRUSTED_ORIGINS: its pages' sockets come from this origin (portal/origins.py).
        env={
            **os.environ,
            "DJANGO_DEBUG": "1",
            "REQUEST_LOG_LEVEL": "WARNING",
            "CSRF_TRUSTED_ORIGINS": f"http://127.0.0.1:{port}",
            **env,
        },
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    _wait_for(port, process)
    return process, f"http://127.0.0.1:{port}"


class PrivateRedis:
    def __init__(self):
        self.port = _free_port()
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1"]
            + ["--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
        )
        _until(
            lambda: (
                subprocess.run(
                    ["redis-cli", "-p", str(self.port), "ping"], capture_output=True, text=True
                ).stdout.strip()
                == "PONG"
            )
        )

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=10)

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}/0"


@pytest.fixture
def private_redis():
    if not shutil.which("redis-server"):
        pytest.skip("needs redis-server")
    redis = PrivateRedis()
    redis.start()
    yield redis
    if redis.process.poll() is None:
        redis.stop()


def test_a_redis_cache_that_cannot_be_reached_is_a_miss_not_an_error():
    cache = ResilientRedisCache(
        "redis://127.0.0.1:1/0", {"OPTIONS": {"socket_connect_timeout": 0.5}}
    )  # nothing listens on port 1
    cache.set("key", "value")
    assert cache.get("key", "missing") == "missing"
    assert cache.add("key", "value") is False
    with pytest.raises(ValueError):
        cache.incr("counter")


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    not settings.IS_POSTGRES,
    reason="needs PostgreSQL (DATABASE_URL): daphne shares the test database",
)
def test_pages_keep_working_while_redis_is_down_and_health_says_so(private_redis, home_page):
    server, base = _daphne({"DATABASE_URL": _database_url(), "REDIS_URL": private_redis.url})
    try:
        assert _get(base + "/")[0] == 200
        assert _get(base + "/leerplatform/")[0] == 200  # anonymous: from the Redis cache

        private_redis.stop()
        for page in ("/", "/leerplatform/"):
            status, body = _get(base + page)
            assert status == 200, body[-2000:]
        status, body = _get(base + "/health/")
        assert status == 503
        assert '"redis": "unavailable"' in body

        private_redis.start()
        assert _until(lambda: _get(base + "/health/")[0] == 200)
        assert _get(base + "/")[0] == 200
    finally:
        server.terminate()
        server.wait(timeout=10)


def _postgres_bin() -> Path | None:
    found = sorted(glob("/usr/lib/postgresql/*/bin/pg_ctl"))
    return Path(found[-1]).parent if found else None


class PrivatePostgres:
    """A throwaway cluster in a temporary folder, run as the `postgres` system user."""

    def __init__(self, folder: Path, bin_dir: Path):
        self.folder, self.bin = folder, bin_dir
        self.port = _free_port()

    def _as_postgres(self, *command):
        runner = [] if os.geteuid() != 0 else ["runuser", "-u", "postgres", "--"]
        subprocess.run(
            runner + [str(self.bin / command[0]), *command[1:]], check=True, capture_output=True
        )

    def create(self):
        if os.geteuid() == 0:
            user = pwd.getpwnam("postgres")
            os.chown(self.folder, user.pw_uid, user.pw_gid)
        self._as_postgres(
            "initdb", "-D", str(self.folder / "data"), "-A", "trust", "-U", "postgres"
        )

    def start(self):
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1"
        self._as_postgres(
            "pg_ctl",
            "-D",
            str(self.folder / "data"),
            "-o",
            options,
            "-l",
            str(self.folder / "server.log"),
            "-w",
            "start",
        )

    def stop(self):
        self._as_postgres("pg_ctl", "-D", str(self.folder / "data"), "-m", "fast", "-w", "stop")

    @property
    def url(self):
        return f"postgres://postgres@127.0.0.1:{self.port}/postgres"


@pytest.fixture
def private_postgres():
    bin_dir = _postgres_bin()
    if bin_dir is None:
        pytest.skip("needs PostgreSQL's server programs (/usr/lib/postgresql/*/bin)")
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            pytest.skip("running as root needs the postgres system user to start a cluster")
    # Not under pytest's temporary root: that is private to the user running the tests.
    folder = Path(tempfile.mkdtemp(prefix="kennisplein-pg-"))
    server = PrivatePostgres(folder, bin_dir)
    server.create()
    server.start()
    yield server
    subprocess.run(
        ["runuser", "-u", "postgres", "--"]
        if os.geteuid() == 0
        else [] + [str(bin_dir / "pg_ctl"), "-D", str(folder / "data"), "-m", "immediate", "stop"],
        capture_output=True,
    )
    shutil.rmtree(folder, ignore_errors=True)


def test_the_app_recovers_from_a_postgresql_restart_without_being_restarted(private_postgres):
    # Kept connections make this a real test (the pool's on PostgreSQL, else persistent ones): the
    # connection the app holds dies with the restart, and the app must notice and open a new one.
    server, base = _daphne(
        {"DATABASE_URL": private_postgres.url, "DATABASE_CONN_MAX_AGE": "600", "REDIS_URL": ""}
    )
    try:
        assert _get(base + "/health/")[0] == 200

        private_postgres.stop()
        status, body = _get(base + "/health/")
        assert status == 503
        assert '"database": "unavailable"' in body

        private_postgres.start()
        assert _until(lambda: _get(base + "/health/")[0] == 200)
    finally:
        server.terminate()
        server.wait(timeout=10)
