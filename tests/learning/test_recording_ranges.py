"""A recording is served in byte ranges, so that the player can jump to a chapter or to the moment
a search hit links to (browsers cannot seek in a response without ranges)."""

import asyncio
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

from django.core.files import File
from django.core.files.base import ContentFile
from django.test import AsyncRequestFactory

from learning.models import Audience
from learning.views import _file_or_range


def test_the_recording_answers_a_byte_range(client, make_webinar):
    webinar = make_webinar(
        starts_in=-timedelta(days=2),
        audience=Audience.EVERYONE,
        recording_audience=Audience.EVERYONE,
    )
    data = bytes(range(256)) * 8
    webinar.recording.save("opname.wav", ContentFile(data), save=True)
    url = f"/leren/webinar/{webinar.pk}/opname/"

    whole = client.get(url)
    assert whole.status_code == 200
    assert whole["Accept-Ranges"] == "bytes"
    part = client.get(url, headers={"range": "bytes=1000-1099"})
    assert part.status_code == 206
    assert part["Content-Range"] == f"bytes 1000-1099/{len(data)}"
    assert b"".join(part.streaming_content) == data[1000:1100]
    tail = client.get(url, headers={"range": "bytes=2000-"})
    assert b"".join(tail.streaming_content) == data[2000:]
    assert client.get(url, headers={"range": "bytes=9999-"}).status_code == 416


def _received(response) -> bytes:
    """The body as daphne would send it: an async iterator, read on a loop of its own thread."""
    assert response.is_async, "a synchronous body is read into memory whole under ASGI"

    async def receive():
        return b"".join([part async for part in response.streaming_content])

    with ThreadPoolExecutor(max_workers=1) as thread:
        return thread.submit(asyncio.run, receive()).result()


def test_under_asgi_the_recording_is_streamed_not_read_whole(tmp_path):
    """Django reads a synchronous iterator (FileResponse's, a generator) whole before sending
    it under ASGI: for a player asking "bytes=0-" that was the whole recording in memory."""
    data = bytes(range(256)) * 8
    path = tmp_path / "opname.wav"
    path.write_bytes(data)
    # Each response opens, reads and closes it, as the model's file field.
    recording = File(open(path, "rb"), name=str(path))  # noqa: SIM115
    requests = AsyncRequestFactory()

    whole = _file_or_range(requests.get("/"), recording, None)
    assert _received(whole) == data
    assert whole["Content-Length"] == str(len(data))
    part = _file_or_range(requests.get("/", headers={"range": "bytes=1000-1099"}), recording, None)
    assert part.status_code == 206
    assert _received(part) == data[1000:1100]
    tail = _file_or_range(requests.get("/", headers={"range": "bytes=2000-"}), recording, None)
    assert _received(tail) == data[2000:]
