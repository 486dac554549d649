"""The image preview of a decompression bomb, served by daphne as in production: the server's
memory and time per preview request of a small PNG whose header claims 144 million pixels,
against a normal photo's preview in the same run (the baseline).

    make bench BENCH=previews

The files are uploaded through the library's service before the server starts, as a member would
(background tasks run immediately, as with `make run`); the server process then only answers
preview requests, and its resident memory is sampled while it does."""

import re
import statistics
import struct
import subprocess
import sys
import time
import zlib

REQUESTS = 5
# Just under Pillow's own refusal (2 x MAX_IMAGE_PIXELS = 179 million): Pillow only warns.
BOMB_SIZE = (12_000, 12_000)
PHOTO_SIZE = (1600, 1200)
GROUP = "werkgroep-leesbevordering"
OWNER = "werkgroep@kennisplein.test"


def bomb_png(width: int, height: int) -> bytes:
    """A complete RGB PNG of black pixels: about 420 KB that unpack to 432 MB."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8 bits, RGB
    row = b"\x00" * (1 + 3 * width)
    compressor = zlib.compressobj(6)
    rows = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
    chunks = chunk(b"IHDR", header) + chunk(b"IDAT", rows) + chunk(b"IEND", b"")
    return b"\x89PNG\r\n\x1a\n" + chunks


def photo_png(width: int, height: int) -> bytes:
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.effect_noise((width, height), 60).convert("RGB").save(out, "PNG")
    return out.getvalue()


# Run by `manage.py shell` in the benchmark's database: uploads the two files as the group's
# owner and prints the versions' ids.
UPLOAD = """
import sys
from django.core.files.uploadedfile import SimpleUploadedFile
from accounts.models import User
from cooperation import services
from cooperation.models import Group

owner = User.objects.get(email={owner!r})
group = Group.objects.get(slug={group!r})
ids = []
for name, path in (("foto.png", {photo!r}), ("kaart.png", {bomb!r})):
    with open(path, "rb") as handle:
        uploaded = SimpleUploadedFile(name, handle.read(), content_type="image/png")
    document = services.document_upload(group=group, uploaded=uploaded, by=owner)
    ids.append(document.current_version.pk)
print("VERSIONS", *ids)
"""


def _upload(env: dict, folder) -> tuple[int, int, float]:
    from bench.common import ROOT

    photo, bomb = folder / "foto.png", folder / "kaart.png"
    photo.write_bytes(photo_png(*PHOTO_SIZE))
    bomb.write_bytes(bomb_png(*BOMB_SIZE))
    code = UPLOAD.format(owner=OWNER, group=GROUP, photo=str(photo), bomb=str(bomb))
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "shell", "-c", code],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    )
    upload_seconds = time.perf_counter() - started
    photo_id, bomb_id = map(int, re.search(r"VERSIONS (\d+) (\d+)", done.stdout).groups())
    return photo_id, bomb_id, upload_seconds


def _previews(opener, pid: int, url: str) -> dict:
    from bench.bench_cooperation_transfer import _Peak
    from bench.common import rss_mb

    seconds, statuses = [], []
    with _Peak(pid) as memory:
        for _ in range(REQUESTS):
            started = time.perf_counter()
            try:
                with opener.open(url, timeout=120) as response:
                    response.read()
                    statuses.append(response.status)
            except OSError as error:  # urllib raises on 404
                statuses.append(getattr(error, "code", 0))
            seconds.append(time.perf_counter() - started)
    return {
        "statuses": statuses,
        "p50_ms": round(statistics.median(seconds) * 1000, 1),
        "max_ms": round(max(seconds) * 1000, 1),
        "rss_before_mb": round(memory.before, 1),
        "rss_peak_growth_mb": memory.growth,
        "rss_after_mb": round(rss_mb(pid), 1),
    }


def run() -> dict:
    import tempfile
    from pathlib import Path

    from bench.bench_cooperation_transfer import _log_in
    from bench.common import prepared_database, server

    with prepared_database() as env, tempfile.TemporaryDirectory() as scratch:
        photo_id, bomb_id, upload_seconds = _upload(env, Path(scratch))
        with server(env) as (base, pid):
            opener, _ = _log_in(base)
            photo = _previews(opener, pid, f"{base}/cooperatie/miniatuur/{photo_id}/")
            bomb = _previews(opener, pid, f"{base}/cooperatie/miniatuur/{bomb_id}/")
    figures = {
        "requests_each": REQUESTS,
        "bomb_pixels": BOMB_SIZE[0] * BOMB_SIZE[1],
        "bomb_file_kb": round(len(bomb_png(*BOMB_SIZE)) / 1024, 1),
        "upload_both_seconds": round(upload_seconds, 2),
        "photo_preview": photo,
        "bomb_preview": bomb,
        # How much longer a bomb's preview request takes than a photo's.
        "ratio": round(bomb["p50_ms"] / photo["p50_ms"], 2),
    }
    figures["summary"] = (
        f"{REQUESTS} preview requests of a {figures['bomb_file_kb']} KB PNG claiming "
        f"{BOMB_SIZE[0]}x{BOMB_SIZE[1]} px: p50 {bomb['p50_ms']} ms, server RSS growth "
        f"{bomb['rss_peak_growth_mb']} MB (statuses {bomb['statuses']}); a {PHOTO_SIZE[0]}x"
        f"{PHOTO_SIZE[1]} photo: p50 {photo['p50_ms']} ms, {photo['rss_peak_growth_mb']} MB"
    )
    return figures
