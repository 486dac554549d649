"""What every benchmark shares: a real server (daphne, as `make run` serves), a load generator,
and the JSON result file. Figures are ratios against a baseline measured in the same run."""

import contextlib
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def prepared_database(*setup_commands: list[str]):
    """A fresh database, migrated, with the demo content and whatever else is asked: SQLite in a
    temporary folder, or, when DATABASE_URL names PostgreSQL, a new database beside the named one
    (`<name>_bench`, dropped afterwards unless BENCH_KEEP_DATABASE=1)."""
    with tempfile.TemporaryDirectory() as folder, _fresh_database_url(folder) as url:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "bench.settings",
            "DATABASE_URL": url,
            "MEDIA_ROOT": f"{folder}/media",
        }
        manage = [sys.executable, str(ROOT / "manage.py")]
        for command in (["migrate", "--no-input", "-v0"], ["seed_demo"], *setup_commands):
            subprocess.run([*manage, *command], env=env, check=True, cwd=ROOT, capture_output=True)
        yield env


@contextlib.contextmanager
def _fresh_database_url(folder: str):
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        yield url or f"sqlite:///{folder}/bench.sqlite3"
        return
    import psycopg

    base, _, name = url.rpartition("/")
    name = f"{name.split('?')[0]}_bench"
    # A database cannot be created inside a transaction, hence autocommit.
    with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"{base}/{name}"
    finally:
        if not os.environ.get("BENCH_KEEP_DATABASE"):
            with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextlib.contextmanager
def server(env: dict):
    """Daphne serving the project, as in production; yields (base_url, pid)."""
    port = free_port()
    # WebSockets open for pages of the site's own origins only (portal/origins.py).
    env = {**env, "CSRF_TRUSTED_ORIGINS": f"http://127.0.0.1:{port}"}
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "daphne",
            "-b",
            "127.0.0.1",
            "-p",
            str(port),
            "portal.asgi:application",
        ],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            urllib.request.urlopen(base + "/bench/bare/", timeout=1).read()
            break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(process.stderr.read().decode()) from None
            time.sleep(0.2)
    try:
        yield base, process.pid
    finally:
        process.terminate()
        process.wait(timeout=10)


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def load(
    url: str,
    *,
    seconds: float = 5.0,
    concurrency: int = 4,
    warmup: int = 20,
    headers: dict | None = None,
) -> dict:
    """Requests `url` from `concurrency` threads for `seconds`; throughput and latency figures.
    `headers` (e.g. a session cookie) go with every request."""

    def get():
        request = urllib.request.Request(url, headers=headers or {})
        return urllib.request.urlopen(request, timeout=10)

    for _ in range(warmup):
        get().read()
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def worker():
        nonlocal errors
        while time.monotonic() < stop:
            started = time.perf_counter()
            try:
                with get() as response:
                    response.read()
                    ok = response.status == 200
            except OSError:
                ok = False
            elapsed = time.perf_counter() - started
            with lock:
                latencies.append(elapsed) if ok else None
                errors += 0 if ok else 1

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    began = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    duration = time.monotonic() - began
    latencies.sort()
    quantiles = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else [0] * 99
    return {
        "requests": len(latencies),
        "errors": errors,
        "requests_per_second": round(len(latencies) / duration, 1),
        "p50_ms": round(quantiles[49] * 1000, 2),
        "p95_ms": round(quantiles[94] * 1000, 2),
        "p99_ms": round(quantiles[98] * 1000, 2),
    }


def write_result(name: str, figures: dict) -> Path:
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{name}.json"
    path.write_text(json.dumps(figures, indent=2, ensure_ascii=False) + "\n")
    return path
