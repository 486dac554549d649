"""Upload and download of a large file (a webinar recording) through the Coöperatieplatform,
served by daphne as in production: peak memory growth of the server process, and download
throughput against Django's own FileResponse of the same file in the same run.

    make bench BENCH=cooperation_transfer                        # 256 MB (2-core machine)
    COOPERATION_BENCH_MB=1024 make bench BENCH=cooperation_transfer  # the issue's 1 GB

This module is also the settings and URLconf of the server it starts (DJANGO_SETTINGS_MODULE
points here), so the baseline view lives only in the benchmark."""

import http.client
import http.cookiejar
import os
import re
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

SERVER_SIDE = os.environ.get("DJANGO_SETTINGS_MODULE") == __name__

if SERVER_SIDE:
    from bench.settings import *  # noqa: F403

    ROOT_URLCONF = __name__

    def baseline(request):
        from django.http import FileResponse

        path = os.environ["COOPERATION_BENCH_FILE"]
        return FileResponse(open(path, "rb"), as_attachment=True)  # noqa: SIM115

    def bare(request):
        from django.http import HttpResponse

        return HttpResponse("ok")

    def __getattr__(name):
        # The URLconf is read after the apps are ready, unlike the settings above.
        if name != "urlpatterns":
            raise AttributeError(name)
        from django.urls import include, path

        return [
            path("bench/bare/", bare),
            path("bench/fileresponse/", baseline),
            path("", include("portal.urls")),
        ]


SIZE_MB = int(os.environ.get("COOPERATION_BENCH_MB", "256"))
CHUNK = 1024 * 1024


def _make_recording(path: Path, size: int) -> None:
    """An MP4-looking file (so it counts as a recording) of the asked size."""
    block = os.urandom(CHUNK)
    with path.open("wb") as out:
        out.write(b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom")
        written = 24
        while written < size:
            piece = block[: min(CHUNK, size - written)]
            out.write(piece)
            written += len(piece)


class _Peak:
    """Samples the server's resident memory while a transfer runs."""

    def __init__(self, pid: int):
        self.pid, self.peak, self._stop = pid, 0.0, threading.Event()

    def __enter__(self):
        from bench.common import rss_mb

        self.before = rss_mb(self.pid)
        self.peak = self.before

        def sample():
            while not self._stop.is_set():
                self.peak = max(self.peak, rss_mb(self.pid))
                time.sleep(0.02)

        self._thread = threading.Thread(target=sample, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()

    @property
    def growth(self) -> float:
        return round(self.peak - self.before, 1)


def _log_in(base: str) -> tuple[urllib.request.OpenerDirector, http.cookiejar.CookieJar]:
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(base + "/account/login/").read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    data = urllib.parse.urlencode(
        {
            "csrfmiddlewaretoken": token,
            "login": "werkgroep@kennisplein.test",
            "password": "kennisplein-demo",
        }
    ).encode()
    request = urllib.request.Request(base + "/account/login/", data=data)
    request.add_header("Referer", base + "/account/login/")
    opener.open(request).read()
    return opener, jar


def _upload(base: str, jar, opener, path: Path) -> float:
    """As the upload script does: the file in chunks, then the form naming the staged file."""
    slug = "werkgroep-leesbevordering"
    page = opener.open(f"{base}/cooperatie/{slug}/uploaden/").read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    chunk_size = int(re.search(r'data-chunk-size="(\d+)"', page).group(1))
    size = path.stat().st_size
    host = urllib.parse.urlsplit(base)
    connection = http.client.HTTPConnection(host.hostname, host.port, timeout=600)
    cookies = "; ".join(f"{c.name}={c.value}" for c in jar)
    common = {"Cookie": cookies, "X-CSRFToken": token, "Referer": f"{base}/cooperatie/"}
    upload_id = "bench" + "0" * 27
    started = time.perf_counter()
    with path.open("rb") as source:
        offset = 0
        while chunk := source.read(chunk_size):
            headers = {
                **common,
                "Content-Type": "application/octet-stream",
                "X-Upload-Id": upload_id,
                "X-Upload-Name": "opname.mp4",
                "X-Upload-Size": str(size),
                "X-Upload-Offset": str(offset),
            }
            connection.request("POST", f"/cooperatie/{slug}/uploaden/stuk/", chunk, headers)
            response = connection.getresponse()
            body = response.read()
            if response.status != 200:
                raise RuntimeError(f"chunk answered {response.status}: {body[:200]!r}")
            offset += len(chunk)
    form = urllib.parse.urlencode({"csrfmiddlewaretoken": token, "staged": upload_id})
    connection.request(
        "POST",
        f"/cooperatie/{slug}/uploaden/",
        form,
        {**common, "Content-Type": "application/x-www-form-urlencoded"},
    )
    response = connection.getresponse()
    response.read()
    elapsed = time.perf_counter() - started
    if response.status != 302:
        raise RuntimeError(f"upload answered {response.status}")
    return elapsed


def _download(opener, url: str, expected: int) -> float:
    started = time.perf_counter()
    received = 0
    with opener.open(url, timeout=600) as response:
        while chunk := response.read(CHUNK):
            received += len(chunk)
    elapsed = time.perf_counter() - started
    if received != expected:
        raise RuntimeError(f"{url}: received {received} of {expected} bytes")
    return elapsed


def run() -> dict:
    from bench.common import prepared_database, server

    size = SIZE_MB * 1024 * 1024
    with prepared_database() as env:
        folder = Path(env["MEDIA_ROOT"]).parent
        recording = folder / "opname.mp4"
        _make_recording(recording, size)
        env = {
            **env,
            "DJANGO_SETTINGS_MODULE": __name__,
            "COOPERATION_BENCH_FILE": str(recording),
            "COOPERATION_MAX_RECORDING_MB": str(SIZE_MB + 10),
            "FILE_UPLOAD_TEMP_DIR": str(folder),
            "COOPERATION_UPLOAD_STAGING_DIR": str(folder / "staging"),
        }
        with server(env) as (base, pid):
            opener, jar = _log_in(base)
            with _Peak(pid) as upload_memory:
                upload_seconds = _upload(base, jar, opener, recording)
            library = opener.open(f"{base}/cooperatie/werkgroep-leesbevordering/").read().decode()
            document = re.findall(r'href="(/cooperatie/[^"]+/documenten/\d+/)"', library)[-1]
            page = opener.open(base + document).read().decode()
            download = re.search(r'href="(/cooperatie/bestand/[^"?]+)"', page).group(1)
            with _Peak(pid) as download_memory:
                ours = _download(opener, base + download, size)
            with _Peak(pid) as baseline_memory:
                theirs = _download(opener, base + "/bench/fileresponse/", size)
    mb = size / 1024 / 1024
    figures = {
        "size_mb": SIZE_MB,
        "upload_seconds": round(upload_seconds, 2),
        "upload_mb_per_s": round(mb / upload_seconds, 1),
        "upload_peak_rss_growth_mb": upload_memory.growth,
        "download_seconds": round(ours, 2),
        "download_mb_per_s": round(mb / ours, 1),
        "download_peak_rss_growth_mb": download_memory.growth,
        "fileresponse_seconds": round(theirs, 2),
        "fileresponse_mb_per_s": round(mb / theirs, 1),
        "fileresponse_peak_rss_growth_mb": baseline_memory.growth,
        "ratio": round(theirs / ours, 3),
    }
    figures["summary"] = (
        f"{SIZE_MB} MB: download {figures['download_mb_per_s']} MB/s vs FileResponse "
        f"{figures['fileresponse_mb_per_s']} MB/s; server RSS growth upload "
        f"{upload_memory.growth} MB, download {download_memory.growth} MB "
        f"(FileResponse {baseline_memory.growth} MB)"
    )
    return figures
