"""Image previews cost the server once, never per request, and never more than a bounded number
of pixels: a small PNG may claim hundreds of millions of them (a decompression bomb)."""

import struct
import time
import zlib
from datetime import timedelta
from io import BytesIO

import pytest
from PIL import Image, ImageFile

from cooperation import services
from cooperation.models import Group
from portal.models import PortalDocument
from tests.cooperation import samples
from tests.cooperation.conftest import upload


def png_claiming(width: int, height: int) -> bytes:
    """A real, complete PNG of `width` x `height` black-and-white pixels (1 bit each), all
    zero: its compressed rows weigh about a thousandth of what Pillow unpacks them to (one
    byte per pixel)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)  # 1 bit, greyscale
    row = b"\x00" * (1 + (width + 7) // 8)  # filter byte, then the packed pixels
    compressor = zlib.compressobj(9)
    rows = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
    chunks = chunk(b"IHDR", header) + chunk(b"IDAT", rows) + chunk(b"IEND", b"")
    return b"\x89PNG\r\n\x1a\n" + chunks


@pytest.fixture
def decodes(monkeypatch):
    """Counts the images Pillow decodes in this process: calls of ImageFile.load while the
    image still has undecoded tiles (later calls return the pixels already there)."""
    count = {"n": 0}
    original = ImageFile.ImageFile.load

    def counted(self):
        if self.tile:
            count["n"] += 1
        return original(self)

    monkeypatch.setattr(ImageFile.ImageFile, "load", counted)
    return count


@pytest.fixture
def store(working_group, group_owner, django_capture_on_commit_callbacks):
    """Uploads as a member does; the background tasks run once the upload is committed."""

    def store(name, data):
        with django_capture_on_commit_callbacks(execute=True):
            return services.document_upload(
                group=working_group, uploaded=upload(name, data), by=group_owner
            )

    return store


def _thumbnail_url(document) -> str:
    return f"/cooperatie/miniatuur/{document.current_version.pk}/"


@pytest.mark.parametrize("size", [(30000, 30000), (12000, 12000)])
def test_image_with_a_huge_pixel_count_is_never_decoded(
    client, group_owner, working_group, store, decodes, size
):
    """900 and 144 million pixels in files of about 110 and 20 KB. Pillow itself refuses the
    first but decodes the second (it only warns below 179 million: 144 MB, seconds)."""
    bomb = png_claiming(*size)
    assert len(bomb) < 200_000
    document = store("kaart.png", bomb)
    client.force_login(group_owner)

    started = time.perf_counter()
    response = client.get(_thumbnail_url(document))
    elapsed = time.perf_counter() - started

    assert response.status_code == 404
    assert elapsed < 1.0
    assert decodes["n"] == 0
    stored = document.current_version.file
    stored.refresh_from_db()
    assert stored.preview_status == PortalDocument.Preview.TOO_LARGE
    assert not stored.preview
    page = client.get(document.get_absolute_url()).content.decode()
    assert "te groot voor een voorbeeld (meer dan 40 megapixels)" in page
    assert _thumbnail_url(document) not in page
    library = client.get(working_group.get_absolute_url()).content.decode()
    assert _thumbnail_url(document) not in library


def test_preview_is_made_once_and_served_from_storage(client, group_owner, store, decodes):
    document = store("foto.png", samples.png((2000, 1000)))
    assert decodes["n"] == 1  # by the task, after the upload
    stored = document.current_version.file
    stored.refresh_from_db()
    assert stored.preview_status == PortalDocument.Preview.READY
    made_at = stored.preview.storage.get_modified_time(stored.preview.name)
    client.force_login(group_owner)

    answers = [client.get(_thumbnail_url(document)) for _ in range(3)]

    assert [answer.status_code for answer in answers] == [200, 200, 200]
    images = [b"".join(answer.streaming_content) for answer in answers]
    assert Image.open(BytesIO(images[0])).size == (480, 240)
    assert images[0] == images[1] == images[2]
    assert answers[0]["Content-Type"] == "image/png"
    assert answers[0]["X-Content-Type-Options"] == "nosniff"
    assert decodes["n"] == 1
    assert stored.preview.storage.get_modified_time(stored.preview.name) == made_at


def test_file_stored_before_previews_were_kept_gets_one_on_its_first_view(
    client, group_owner, store, decodes, django_capture_on_commit_callbacks
):
    document = store("foto.png", samples.png((900, 900)))
    stored = document.current_version.file
    PortalDocument.objects.filter(pk=stored.pk).update(preview="", preview_status="")
    decodes["n"] = 0
    client.force_login(group_owner)

    with django_capture_on_commit_callbacks(execute=True) as queued:
        # Asks for the preview; the task runs once the request's change is committed (at once
        # outside a test's transaction: `make run` answers this request with the preview).
        first = client.get(_thumbnail_url(document))
        also_first = client.get(_thumbnail_url(document))
    later = [client.get(_thumbnail_url(document)) for _ in range(2)]

    assert (first.status_code, also_first.status_code) == (404, 404)
    assert len(queued) == 1  # two requests asked, one task was queued
    assert [answer.status_code for answer in later] == [200, 200]
    assert decodes["n"] == 1
    assert PortalDocument.objects.get(pk=stored.pk).preview_status == "ready"


def test_an_image_pillow_cannot_read_gets_no_preview_and_no_error(
    client, group_owner, store, decodes
):
    broken = samples.png((300, 200))[:60]  # the header, then the file ends
    document = store("kapot.png", broken)
    client.force_login(group_owner)
    assert client.get(_thumbnail_url(document)).status_code == 404
    page = client.get(document.get_absolute_url())
    assert page.status_code == 200
    assert "Voor dit bestand is geen voorbeeld beschikbaar." in page.content.decode()
    stored = PortalDocument.objects.get(pk=document.current_version.file_id)
    assert stored.preview_status == PortalDocument.Preview.UNREADABLE


def test_a_non_member_gets_no_preview(client, make_group, group_owner, outsider, store):
    document = store("foto.png", samples.png())
    client.force_login(outsider)
    assert client.get(_thumbnail_url(document)).status_code == 403
    secret = make_group(Group.Visibility.SECRET, name="Geheim")
    hidden = services.document_upload(
        group=secret, uploaded=upload("foto.png", samples.png()), by=group_owner
    )
    assert client.get(_thumbnail_url(hidden)).status_code == 404


def test_purging_the_trash_removes_the_preview_too(group_owner, store):
    document = store("foto.png", samples.png())
    stored = PortalDocument.objects.get(pk=document.current_version.file_id)
    storage, name = stored.preview.storage, stored.preview.name
    assert storage.exists(name)
    services.document_trash(document=document, by=group_owner)
    services.trash_purge(older_than=timedelta(seconds=-1))
    assert not storage.exists(name)


def test_the_admin_refuses_an_image_whose_renditions_would_decode_too_many_pixels(client, editor):
    """Speaker photos' renditions are made while a page is served; 64 million pixels in a file
    of 10 KB are refused at the upload (Wagtail's own limit is 128 million)."""
    from wagtail.images import get_image_model
    from wagtail.models import Collection

    client.force_login(editor)
    response = client.post(
        "/admin/images/add/",
        {
            "title": "Spreker",
            "file": upload("spreker.png", png_claiming(8000, 8000)),
            "collection": Collection.get_first_root_node().pk,
        },
    )
    assert response.status_code == 200
    assert not get_image_model().objects.exists()
