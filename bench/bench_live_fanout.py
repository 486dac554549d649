"""Fan-out of one live room: N WebSocket clients in one room of a daphne process with the Redis
channel layer; one sender posts M messages through the room socket (persisted, then broadcast).
Every client checks it got every sequence number; latency is send-to-receive. The baseline, run in
the same run: a minimal `websockets` server relaying Redis pub/sub (no database, no Django).

Both Channels layers are measured: channels_redis' core RedisChannelLayer and its
RedisPubSubChannelLayer. Memory per idle connection: server RSS growth over K idle sockets.

    LIVE_BENCH_CLIENTS=200  LIVE_BENCH_MESSAGES=200  LIVE_BENCH_RATE=10  LIVE_BENCH_IDLE=1000
    LIVE_BENCH_REDIS=redis://127.0.0.1:6379/14   (a Redis database of the live benches' own)
    make bench BENCH=live_fanout

This module is also the ASGI application the bench's daphne serves (the project's, plus a room
kind "bench" that anyone may read) and, with `python -m bench.bench_live_fanout baseline PORT`,
the baseline server.
"""

import asyncio
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parent.parent
CLIENTS = int(os.environ.get("LIVE_BENCH_CLIENTS", "200"))
MESSAGES = int(os.environ.get("LIVE_BENCH_MESSAGES", "200"))
RATE = float(os.environ.get("LIVE_BENCH_RATE", "10"))  # messages per second from the sender
IDLE = int(os.environ.get("LIVE_BENCH_IDLE", "1000"))  # 0: no memory measurement
CLIENT_PROCESSES = int(os.environ.get("LIVE_BENCH_CLIENT_PROCESSES", "2"))
SELECTED_LAYERS = os.environ.get("LIVE_BENCH_LAYERS", "pubsub,core").split(",")
# A file name: the daphne process writes its cProfile statistics there when it stops.
PROFILE = os.environ.get("LIVE_BENCH_PROFILE", "")
REDIS = os.environ.get("LIVE_BENCH_REDIS", "redis://127.0.0.1:6379/14")
PREFIX = "kp-bench-live"
ROOM_PATH = "/ws/live/bench/1/"
LAYERS = {
    "core": "channels_redis.core.RedisChannelLayer",
    "pubsub": "channels_redis.pubsub.RedisPubSubChannelLayer",
}


# --- The served side ---------------------------------------------------------------------------


class BenchRoomPolicy:
    """One room anyone may read; logged-in staff (the sender) moderate, so no flood limit."""

    has_questions = False

    def get_target(self, pk):
        return SimpleNamespace(pk=pk)  # any pk is its own room's key

    def can_read(self, user, target):
        return True

    def can_post(self, user, target):
        return user.is_authenticated

    def can_moderate(self, user, target):
        return user.is_authenticated and user.is_staff

    def opens_at(self, target):
        return None

    def closes_at(self, target):
        return None

    def title(self, target):
        return "bench"

    def url(self, target):
        return ""


def __getattr__(name):
    """`application` for daphne, built on first use so that importing this module for run() does
    not set Django up."""
    if name != "application":
        raise AttributeError(name)
    from live.policies import register_room_kind
    from portal.asgi import application

    raise_open_files_limit()
    register_room_kind("bench", BenchRoomPolicy())
    if PROFILE:
        import atexit
        import cProfile
        import functools

        from live import services

        # The event loop's thread, and apart from it the sync thread's work on each message
        # (cProfile sees one thread at a time).
        profiler, post_profiler = cProfile.Profile(), cProfile.Profile()
        profiler.enable()
        message_post = services.message_post

        @functools.wraps(message_post)
        def profiled_message_post(**kwargs):
            post_profiler.enable()
            try:
                return message_post(**kwargs)
            finally:
                post_profiler.disable()

        services.message_post = profiled_message_post
        atexit.register(lambda: profiler.dump_stats(PROFILE))
        atexit.register(lambda: post_profiler.dump_stats(f"{PROFILE}.message_post"))
    return application


async def _baseline_server(port: int):
    """The baseline: relays every text frame through Redis pub/sub to every connected client."""
    import redis.asyncio as redis
    from websockets.asyncio.server import broadcast, serve

    connected = set()
    client = redis.from_url(REDIS)
    channel = f"{PREFIX}:baseline"
    counter = 0

    async def handler(websocket):
        nonlocal counter
        connected.add(websocket)
        try:
            async for text in websocket:
                frame = json.loads(text)
                if frame.get("type") == "message":
                    counter += 1
                    await client.publish(
                        channel,
                        json.dumps({"type": "message", "id": counter, "html": frame["body"]}),
                    )
                    await websocket.send(json.dumps({"type": "ack", "ref": frame.get("ref")}))
        finally:
            connected.discard(websocket)

    async def relay():
        pubsub = client.pubsub()
        await pubsub.subscribe(channel)
        async for item in pubsub.listen():
            if item["type"] == "message":
                broadcast(connected, item["data"].decode())

    async with serve(handler, "127.0.0.1", port, max_queue=None):
        await relay()


# --- The measuring side ------------------------------------------------------------------------


def _session_cookie(env: dict) -> str:
    code = (
        "from django.test import Client; from accounts.models import User; "
        "u, _ = User.objects.get_or_create(email='bench@kennisplein.test', "
        "defaults={'display_name': 'Bench', 'is_staff': True}); "
        "c = Client(); c.force_login(u); print(c.cookies['sessionid'].value)"
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    )
    return "sessionid=" + result.stdout.strip().splitlines()[-1]


def _start(command: list[str], env: dict) -> subprocess.Popen:
    return subprocess.Popen(
        command, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )


def _wait_port(port: int, process: subprocess.Popen):
    import socket

    deadline = time.monotonic() + 30
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(process.stderr.read().decode()) from None
            time.sleep(0.2)


def _stop(process: subprocess.Popen):
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()


def _origin(url: str) -> str:
    """The origin of a page the server itself serves (its CSRF_TRUSTED_ORIGINS, set below)."""
    return "http://" + url.split("://", 1)[1].split("/", 1)[0]


async def _open(url: str, cookie: str | None = None):
    from websockets.asyncio.client import connect
    from websockets.exceptions import InvalidHandshake

    headers = {"Cookie": cookie} if cookie else None
    # A listen backlog overflowing under a burst of handshakes drops one now and then (on the
    # baseline as on daphne); a browser would retry too.
    for attempt in range(5):
        try:
            return await connect(
                url,
                origin=_origin(url),
                additional_headers=headers,
                max_queue=None,
                open_timeout=60,
            )
        except (OSError, InvalidHandshake):
            if attempt == 4:
                raise
            await asyncio.sleep(0.2 * (attempt + 1))


def raise_open_files_limit() -> int:
    """Every socket is a file descriptor, on both ends: a thousand clients need more than the usual
    soft limit of 1,024. Children (daphne, the client processes) inherit the raised limit."""
    import resource

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = hard if hard != resource.RLIM_INFINITY else 65536
    if soft < wanted:
        resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))
    return wanted


async def _receivers(url: str, count: int, messages: int) -> dict:
    """One client process: `count` sockets that each expect sequence numbers 0..messages-1. Says
    "ready" once connected, reports when all arrived or when told "stop" on stdin."""
    received: list[list[int]] = [[] for _ in range(count)]
    latencies: list[int] = []  # in tenths of a millisecond, to keep the report small
    last_receive = 0.0
    done = asyncio.Event()
    remaining = count * messages

    async def receiver(index, socket):
        nonlocal last_receive, remaining
        async for text in socket:
            now = time.time()
            frame = json.loads(text)
            if frame.get("type") != "message":
                continue
            sequence, sent = frame["html"].split()
            received[index].append(int(sequence))
            latencies.append(round((now - float(sent)) * 10_000))
            last_receive = now
            remaining -= 1
            if remaining == 0:
                done.set()

    sockets = []
    for start in range(0, count, 50):  # connect in batches, as a webinar's audience trickles in
        sockets += await asyncio.gather(*(_open(url) for _ in range(start, min(start + 50, count))))
    tasks = [asyncio.create_task(receiver(i, s)) for i, s in enumerate(sockets)]
    print("ready", flush=True)
    stop = asyncio.get_running_loop().run_in_executor(None, sys.stdin.readline)
    await asyncio.wait([stop, asyncio.ensure_future(done.wait())], return_when="FIRST_COMPLETED")
    for task in tasks:
        task.cancel()
    await asyncio.gather(*(s.close() for s in sockets), return_exceptions=True)
    expected = list(range(messages))
    return {
        "delivered": sum(len(sequences) for sequences in received),
        "complete": sum(1 for sequences in received if sorted(sequences) == expected),
        "in_order": sum(1 for sequences in received if sequences == expected),
        "last_receive": last_receive,
        "latencies": latencies,
    }


def _cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process: what a delivery costs the server, however many other
    processes share the cores (wall-clock rates on a shared machine move by ±30 %)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def _fanout(url: str, cookie: str | None, server_pid: int) -> dict:
    """N receivers spread over CLIENT_PROCESSES processes (one Python process cannot parse the
    frames of a thousand sockets and leave the server its share of the 2 cores), one sender at
    RATE messages/s; latency and completeness per client."""
    per_process = [CLIENTS // CLIENT_PROCESSES + (i < CLIENTS % CLIENT_PROCESSES)
                   for i in range(CLIENT_PROCESSES)]  # fmt: skip
    processes = [
        await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bench.bench_live_fanout",
            "clients",
            url,
            str(count),
            str(MESSAGES),
            cwd=ROOT,
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            limit=2**26,
        )  # fmt: skip
        for count in per_process
        if count
    ]
    for process in processes:
        if await process.stdout.readline() != b"ready\n":
            raise RuntimeError("a client process could not connect its sockets")
    sender = await _open(url, cookie)
    await asyncio.sleep(1.0)
    cpu_before = _cpu_seconds(server_pid)
    first_send = time.time()
    for sequence in range(MESSAGES):
        await sender.send(
            json.dumps(
                {"type": "message", "body": f"{sequence} {time.time():.6f}", "ref": sequence}
            )
        )
        await asyncio.sleep(max(0.0, first_send + (sequence + 1) / RATE - time.time()))
    reports = [asyncio.create_task(process.stdout.readline()) for process in processes]
    _done, late = await asyncio.wait(reports, timeout=60)
    for process, report in zip(processes, reports, strict=True):
        if report in late:
            process.stdin.write(b"stop\n")
            await process.stdin.drain()
    results = [json.loads(await report) for report in reports]
    cpu = _cpu_seconds(server_pid) - cpu_before
    for process in processes:
        await process.wait()
    await sender.close()
    latencies = sorted(value for result in results for value in result["latencies"])
    quantiles = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else [0.0] * 99
    delivered = sum(result["delivered"] for result in results)
    duration = max(max(result["last_receive"] for result in results) - first_send, 1e-6)
    return {
        "clients": CLIENTS,
        "client_processes": len(processes),
        "messages": MESSAGES,
        "send_rate_per_s": RATE,
        "delivered": delivered,
        "expected": CLIENTS * MESSAGES,
        "clients_complete": sum(result["complete"] for result in results),
        "clients_in_order": sum(result["in_order"] for result in results),
        "delivered_per_second": round(delivered / duration, 1),
        "server_cpu_s": round(cpu, 2),
        "server_cpu_us_per_delivery": round(cpu * 1e6 / max(delivered, 1), 1),
        "p50_ms": round(quantiles[49] / 10, 1),
        "p95_ms": round(quantiles[94] / 10, 1),
        "p99_ms": round(quantiles[98] / 10, 1),
    }


async def _idle_memory(url: str, pid: int) -> dict:
    from bench.common import rss_mb

    await asyncio.sleep(1)
    before = rss_mb(pid)
    sockets = []
    for start in range(0, IDLE, 100):
        sockets += await asyncio.gather(*(_open(url) for _ in range(start, min(start + 100, IDLE))))
    await asyncio.sleep(3)
    after = rss_mb(pid)
    await asyncio.gather(*(s.close() for s in sockets), return_exceptions=True)
    return {
        "idle_connections": IDLE,
        "rss_before_mb": round(before, 1),
        "rss_after_mb": round(after, 1),
        "kib_per_connection": round((after - before) * 1024 / IDLE, 1),
    }


def _measure_django(layer: str, base_env: dict, cookie: str) -> dict:
    from bench.common import free_port

    port = free_port()
    # Persistent database connections, as a production daphne has them (DATABASE_CONN_MAX_AGE):
    # with the default 0 every database_sync_to_async call of a socket opens a new connection.
    env = {**base_env, "CHANNEL_LAYER": layer, "DATABASE_CONN_MAX_AGE": "600"}
    # WebSockets open for pages of the site's own origins only (portal/origins.py).
    env["CSRF_TRUSTED_ORIGINS"] = f"http://127.0.0.1:{port}"
    process = _start(
        [sys.executable, "-m", "daphne", "-b", "127.0.0.1", "-p", str(port),
         "bench.bench_live_fanout:application"],
        env,
    )  # fmt: skip
    try:
        _wait_port(port, process)
        url = f"ws://127.0.0.1:{port}{ROOM_PATH}"
        figures = asyncio.run(_fanout(url, cookie, process.pid))
        if IDLE:
            try:
                figures["memory"] = asyncio.run(_idle_memory(url, process.pid))
            except Exception as error:  # keep the fan-out figures of a long run
                figures["memory"] = {"error": repr(error)}
        return figures
    finally:
        _stop(process)


def _measure_baseline(env: dict) -> dict:
    from bench.common import free_port

    port = free_port()
    process = _start([sys.executable, "-m", "bench.bench_live_fanout", "baseline", str(port)], env)
    try:
        _wait_port(port, process)
        return asyncio.run(_fanout(f"ws://127.0.0.1:{port}/", None, process.pid))
    finally:
        _stop(process)


def run() -> dict:
    import redis

    from bench.common import prepared_database

    raise_open_files_limit()
    try:
        redis.from_url(REDIS).ping()
    except redis.RedisError as error:
        raise RuntimeError(f"needs Redis at LIVE_BENCH_REDIS={REDIS}: {error}") from None
    with prepared_database() as env:
        env = {
            **env,
            "REDIS_URL": REDIS,
            "CHANNEL_LAYER_PREFIX": PREFIX,
            "PYTHONPATH": str(ROOT),
        }
        redis.from_url(REDIS).flushdb()
        cookie = _session_cookie(env)
        baseline = _measure_baseline(env)
        layers = {layer: _measure_django(layer, env, cookie) for layer in SELECTED_LAYERS}
    # The better layer loses nothing and, at the same sending pace, delivers sooner.
    best = min(
        layers,
        key=lambda name: (
            layers[name]["expected"] - layers[name]["delivered"],
            layers[name]["p95_ms"],
        ),
    )
    chosen = layers[best]
    return {
        "baseline_websockets_redis_pubsub": baseline,
        "layers": layers,
        "better_layer": best,
        "ratio": round(chosen["delivered_per_second"] / baseline["delivered_per_second"], 3),
        "summary": (
            f"{CLIENTS} clients x {MESSAGES} msgs at {RATE:g}/s: "
            + "; ".join(
                f"{name} {f['delivered_per_second']}/s p95 {f['p95_ms']} ms "
                f"lost {f['expected'] - f['delivered']} "
                f"{f['server_cpu_us_per_delivery']} µs CPU/delivery"
                + (
                    f" {f['memory']['kib_per_connection']} KiB/conn"
                    if "kib_per_connection" in f.get("memory", {})
                    else ""
                )
                for name, f in layers.items()
            )
            + f"; baseline {baseline['delivered_per_second']}/s p95 {baseline['p95_ms']} ms "
            f"{baseline['server_cpu_us_per_delivery']} µs CPU/delivery"
        ),
    }


if __name__ == "__main__" and sys.argv[1:2] == ["baseline"]:
    asyncio.run(_baseline_server(int(sys.argv[2])))
elif __name__ == "__main__" and sys.argv[1:2] == ["clients"]:
    raise_open_files_limit()
    report = asyncio.run(_receivers(sys.argv[2], int(sys.argv[3]), int(sys.argv[4])))
    print(json.dumps(report, separators=(",", ":")), flush=True)
