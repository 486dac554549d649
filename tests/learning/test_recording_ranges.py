"""A recording is served in byte ranges, so that the player can jump to a chapter or to the moment
a search hit links to (browsers cannot seek in a response without ranges)."""

from datetime import timedelta

from django.core.files.base import ContentFile

from learning.models import Audience


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
