"""Hostile files at every door that takes a file, as one table: each is refused with a clear Dutch
message, or stored and then served inertly (a download, `nosniff`, a safe type, a sandbox), and
nothing answers with a server error.

Doors: the library's upload form and its chunked upload, a new version of a document, an
attachment to a discussion post, a meeting's presentation, recording and captions, and in the
Wagtail admin a document (webinar slides) and an image (speaker photos). There are no avatars.

The bombs are for the text extractor, which every library file passes through (discussion
attachments and presentations are library files too): they are uploaded at the library's door and
must be read within a bounded time and memory, leaving the document stored but unsearchable."""

import re
import resource
import time
from dataclasses import dataclass, field
from datetime import timedelta
from urllib.parse import unquote

import pytest
from django.conf import settings
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone
from wagtail.images import get_image_model

from cooperation import files
from cooperation.discussions import services as discussions
from cooperation.meetings import services as meetings
from cooperation.models import Document, DocumentVersion, Group
from portal.models import PortalDocument
from tests.cooperation import samples
from tests.cooperation.conftest import upload
from tests.cooperation.test_chunked_upload import send_in_chunks
from tests.security import bombs

pytestmark = pytest.mark.django_db

SVG_SCRIPT = (
    b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)">'
    b"<script>alert(document.cookie)</script></svg>"
)
HTML = b"<!doctype html><html><body><script>alert(document.cookie)</script></body></html>"
PDF_HTML = samples.pdf("Jaarplan").replace(
    b"%PDF-1.4\n", b"%PDF-1.4\n%<html><body><script>alert(1)</script></body></html>\n", 1
)
GIF_HTML = b"GIF89a/*\x01\x00\x01\x00\x00\x00\x00*/=1;<script>alert(1)</script>"
TEXT = "Gewone tekst, één regel.\n".encode()
MP4 = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + b"\x00" * 2000
VTT_HTML = b"WEBVTT\n\n00:00.000 --> 00:02.000\n<script>alert(1)</script><b>Hallo</b>\n"
LIMIT = 5000  # bytes: the upload limits are lowered to this, so "oversized" stays small


@dataclass
class Attack:
    name: str  # the file's name as the browser sends it
    data: bytes
    refused: bool | None  # must be refused (True), must be stored (False), either (None)
    shown_as: str = ""  # for stored files: the name people see (no folders, no controls)


ATTACKS = {
    "svg with script": Attack("logo.svg", SVG_SCRIPT, True),
    "svg named as png": Attack("logo.png", SVG_SCRIPT, True),
    "html page": Attack("pagina.html", HTML, True),
    "html named as text": Attack("notities.txt", HTML, True),
    "polyglot pdf/html": Attack("jaarplan.pdf", PDF_HTML, None, "jaarplan.pdf"),
    "polyglot gif/html": Attack("plaatje.gif", GIF_HTML, None, "plaatje.gif"),
    "path climbing out": Attack("../../../etc/cron.d/taak.txt", TEXT, None, "taak.txt"),
    "absolute path": Attack("/etc/passwd.txt", TEXT, None, "passwd.txt"),
    "windows path": Attack("..\\..\\Windows\\win.ini.txt", TEXT, None, "win.ini.txt"),
    "control characters": Attack("ver\x00sl\x07ag\x1b.txt", TEXT, None, "verslag.txt"),
    "semicolons and quotes": Attack("a;b=c; d'e.txt", TEXT, None, "a;b=c; d'e.txt"),
    "very long name": Attack("n" * 1000 + ".txt", TEXT, None, "n" * 196 + ".txt"),
    "oversized": Attack("groot.txt", b"x" * (LIMIT + 1), True),
}  # fmt: skip

DUTCH_REFUSAL = re.compile(
    "worden niet aanvaard|het grootste bestand dat hier kan|past niet bij de extensie|"
    "geen audio- of videobestand|geen WebVTT|geen ondersteund afbeeldingsformaat|"
    "geen geldige .* afbeelding|upload een geldige afbeelding",
    re.IGNORECASE,
)
# What a browser may show itself; everything else must come as a download.
INLINE_TYPES = {
    "application/pdf", "image/png", "image/jpeg", "image/gif", "image/webp", "text/plain",
    "video/mp4", "video/webm", "audio/mpeg",
}  # fmt: skip
ACTIVE_TYPES = ("text/html", "image/svg", "application/xhtml", "text/xml", "application/xml",
                "javascript", "text/ecmascript")  # fmt: skip


@dataclass
class Outcome:
    page: str  # what the uploader was shown
    status: int
    downloads: list = field(default_factory=list)  # URLs of what was stored


@pytest.fixture
def door(client, make_group, group_owner, editor, settings):
    settings.COOPERATION_MAX_UPLOAD_SIZE = LIMIT
    settings.COOPERATION_MAX_RECORDING_SIZE = LIMIT
    settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE = LIMIT
    settings.COOPERATION_UPLOAD_CHUNK = 4096
    group = make_group(Group.Visibility.MEMBERS, name="Werkgroep Upload")
    return {"client": client, "group": group, "owner": group_owner, "editor": editor}


def _new_library_files(before: set) -> list[str]:
    versions = DocumentVersion.objects.exclude(pk__in=before)
    return [
        url for v in versions for url in (v.get_download_url(), v.get_download_url() + "?inline=1")
    ]


def _library_form(d, attack):
    before = set(DocumentVersion.objects.values_list("pk", flat=True))
    d["client"].force_login(d["owner"])
    response = d["client"].post(
        reverse("cooperation:upload", kwargs={"slug": d["group"].slug}),
        {"files": [upload(attack.name, attack.data)]},
        follow=True,
    )
    return Outcome(response.content.decode(), response.status_code, _new_library_files(before))


def _chunked(d, attack):
    before = set(DocumentVersion.objects.values_list("pk", flat=True))
    client = d["client"]
    client.force_login(d["owner"])
    sent = send_in_chunks(client, d["group"], attack.name, attack.data)
    if sent.status_code != 200:  # refused before the bytes were sent
        return Outcome(sent.content.decode(), sent.status_code)
    response = client.post(
        reverse("cooperation:upload", kwargs={"slug": d["group"].slug}),
        {"staged": "a" * 32},
        headers={"accept": "application/json"},
    )
    return Outcome(response.content.decode("unicode_escape"), response.status_code,
                   _new_library_files(before))  # fmt: skip


def _document(d):
    return d["group"].documents.create(title="Jaarverslag", created_by=d["owner"])


def _new_version(d, attack):
    from cooperation import services

    document = services.document_upload(
        group=d["group"], uploaded=upload("jaarverslag.txt", TEXT), by=d["owner"]
    )
    before = set(DocumentVersion.objects.values_list("pk", flat=True))
    d["client"].force_login(d["owner"])
    response = d["client"].post(
        reverse("cooperation:version_add", kwargs={"slug": d["group"].slug, "pk": document.pk}),
        {"file": upload(attack.name, attack.data)},
        follow=True,
    )
    return Outcome(response.content.decode(), response.status_code, _new_library_files(before))


def _attachment(d, attack):
    thread = discussions.thread_create(
        group=d["group"], author=d["owner"], title="Stukken", body="Zie"
    )
    before = set(DocumentVersion.objects.values_list("pk", flat=True))
    d["client"].force_login(d["owner"])
    response = d["client"].post(
        thread.get_absolute_url(),
        {"body": "Hierbij het bestand", "files": [upload(attack.name, attack.data)]},
        follow=True,
    )
    return Outcome(response.content.decode(), response.status_code, _new_library_files(before))


def _meeting(d):
    start = timezone.now() + timedelta(days=1)
    return meetings.meeting_create(group=d["group"], by=d["owner"], title="Overleg",
                                   starts_at=start, ends_at=start + timedelta(hours=1))  # fmt: skip


def _presentation(d, attack):
    meeting = _meeting(d)
    d["client"].force_login(d["owner"])
    response = d["client"].post(
        reverse("meetings:presentation_add", args=[d["group"].slug, meeting.pk]),
        {"file": upload(attack.name, attack.data), "title": ""},
        follow=True,
    )
    urls = [
        reverse("meetings:presentation", args=[meeting.pk, document.pk, "x"]) + suffix
        for document in meeting.presentations.all()
        for suffix in ("", "?inline=1")
    ]
    return Outcome(response.content.decode(), response.status_code, urls)


def _recording(field_name):
    def door(d, attack):
        meeting = _meeting(d)
        d["client"].force_login(d["owner"])
        response = d["client"].post(
            reverse("meetings:recording_upload", args=[d["group"].slug, meeting.pk]),
            {
                field_name: upload(attack.name, attack.data),
                "captions_language": "nl",
                **({"recording": upload("opname.mp4", MP4)} if field_name == "captions" else {}),
            },
            follow=True,
        )
        meeting.refresh_from_db()
        stored = getattr(meeting, field_name)  # (captions come with a recording of their own)
        view = "meetings:recording" if field_name == "recording" else "meetings:captions"
        urls = [reverse(view, args=[meeting.pk])] if stored else []
        return Outcome(response.content.decode(), response.status_code, urls)

    return door


def _admin_document(d, attack):
    before = set(PortalDocument.objects.values_list("pk", flat=True))
    d["client"].force_login(d["editor"])
    from wagtail.models import Collection

    response = d["client"].post(
        "/admin/documents/add/",
        {"title": "Dia's", "file": upload(attack.name, attack.data),
         "collection": Collection.get_first_root_node().pk},
        follow=True,
    )  # fmt: skip
    urls = [doc.url for doc in PortalDocument.objects.exclude(pk__in=before)]
    return Outcome(response.content.decode(), response.status_code, urls)


def _admin_image(d, attack):
    Image = get_image_model()
    before = set(Image.objects.values_list("pk", flat=True))
    d["client"].force_login(d["editor"])
    from wagtail.models import Collection

    response = d["client"].post(
        "/admin/images/add/",
        {"title": "Spreker", "file": upload(attack.name, attack.data),
         "collection": Collection.get_first_root_node().pk},
        follow=True,
    )  # fmt: skip
    # Originals are never public (only renditions under /media/images/, re-encoded by Pillow).
    urls = [
        f"{settings.MEDIA_URL}{image.file.name}" for image in Image.objects.exclude(pk__in=before)
    ]
    return Outcome(response.content.decode(), response.status_code, urls)


DOORS = {
    "library form": _library_form,
    "library in chunks": _chunked,
    "new version": _new_version,
    "post attachment": _attachment,
    "meeting presentation": _presentation,
    "meeting recording": _recording("recording"),
    "meeting captions": _recording("captions"),
    "admin document": _admin_document,
    "admin image": _admin_image,
}
# Doors that take one kind of file only: everything else is refused there, whatever it is.
ONE_KIND = {"meeting recording", "meeting captions", "admin image"}


def served_problems(response) -> list[str]:
    """Why a stored file would not be inert when fetched (an empty list when it is)."""
    if response.status_code == 404:  # not served at all (the admin image's original)
        return []
    problems = []
    content_type = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
    disposition = response.headers.get("Content-Disposition", "")
    policy = response.headers.get("Content-Security-Policy", "")
    if response.status_code != 200:
        problems.append(f"status {response.status_code}")
    if response.headers.get("X-Content-Type-Options") != "nosniff":
        problems.append("no nosniff")
    if content_type.startswith(ACTIVE_TYPES):
        problems.append(f"served as {content_type}")
    if not disposition.startswith("attachment") and content_type not in INLINE_TYPES | {"text/vtt"}:
        problems.append(f"{content_type} shown inline")
    if (disposition.startswith("attachment") or content_type.startswith("text/")) and not (
        "sandbox" in policy or "default-src 'none'" in policy
    ):
        problems.append("no sandbox")
    if re.search(r"[\x00-\x1f/]", unquote(disposition.partition("filename")[2])):
        problems.append(f"unsafe file name in {disposition!r}")
    return problems


def _body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.mark.parametrize("door_name", DOORS)
def test_hostile_files_are_refused_in_dutch_or_served_inertly(door, door_name):
    problems = []
    for attack_name, attack in ATTACKS.items():
        outcome = DOORS[door_name](door, attack)
        where = f"{door_name} / {attack_name}"
        if outcome.status >= 500:
            problems.append(f"{where}: server error {outcome.status}")
            continue
        refused = not outcome.downloads
        if refused and not DUTCH_REFUSAL.search(outcome.page):
            problems.append(f"{where}: refused without a clear Dutch message")
        must_refuse = attack.refused or (door_name in ONE_KIND and attack.data is not MP4)
        if must_refuse and not refused:
            problems.append(f"{where}: stored")
        if attack.refused is False and refused:
            problems.append(f"{where}: refused")
        for url in outcome.downloads:
            response = door["client"].get(url)
            problems += [f"{where}: {url}: {problem}" for problem in served_problems(response)]
            if response.status_code == 200:
                assert _body(response) == attack.data, where  # the bytes, unchanged
        if attack.shown_as and not refused and door_name not in {"admin document", "admin image"}:
            names = set(DocumentVersion.objects.values_list("original_name", flat=True))
            if attack.shown_as not in names:
                problems.append(f"{where}: shown as one of {names}")
    assert problems == []


def test_stored_files_never_leave_the_media_folder_or_replace_each_other(door):
    from cooperation import services

    names = [attack.name for attack in ATTACKS.values() if attack.shown_as.endswith(".txt")]
    stored = [
        services.document_upload(group=door["group"], uploaded=upload(name, TEXT), by=door["owner"])
        for name in names + names
    ]
    paths = [document.current_version.file.file.name for document in stored]
    assert len(set(paths)) == len(paths)
    for path in paths:
        # Our random name, which Django's storage may shorten and give a suffix of its own.
        assert re.fullmatch(r"documents/[0-9a-f]{32}-[a-z0-9_A-Z-]+(\.[a-z0-9]+)?", path), path
        assert default_storage.path(path).startswith(str(settings.MEDIA_ROOT))


def test_a_recording_and_captions_that_are_what_they_say_are_served_inertly(door):
    outcome = _recording("recording")(door, Attack("opname.mp4", MP4, False))
    assert outcome.downloads
    response = door["client"].get(outcome.downloads[0])
    assert served_problems(response) == []
    assert response.headers["Content-Type"] == "video/mp4"

    # Captions may carry markup (WebVTT has <b>, <i>); they are a download with a sandbox.
    outcome = _recording("captions")(door, Attack("ondertitels.vtt", VTT_HTML, False))
    response = door["client"].get(outcome.downloads[0])
    assert served_problems(response) == []
    assert response.headers["Content-Disposition"].startswith("attachment")


BOMBS = {
    "docx of 7 MB unpacking to 1 GB": ("bom.docx", bombs.docx_gigabyte),
    "docx whose directory lies about its size": ("leugen.docx", bombs.docx_lying_sizes),
    "odt unpacking to 1 GB": ("bom.odt", bombs.odt_gigabyte),
    "pptx unpacking to 1 GB": ("bom.pptx", bombs.pptx_gigabyte),
    "docx with an XML entity bomb": ("lachen.docx", bombs.docx_billion_laughs),
    "odt with an XML entity bomb": ("lachen.odt", bombs.odt_billion_laughs),
    "pdf with decompression-bomb pages": ("bom.pdf", bombs.pdf_stream_bomb),
    "pdf with a huge page tree": ("dik.pdf", lambda: bombs.pdf_many_pages(5_100)),
}
MAX_SECONDS = 10
MAX_GROWTH_MB = 300  # how much the process's peak memory may grow while storing and reading it


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


@pytest.mark.parametrize("bomb", BOMBS)
def test_bombs_are_stored_but_not_unpacked_by_the_text_extractor(
    client, working_group, group_owner, django_capture_on_commit_callbacks, bomb
):
    name, make = BOMBS[bomb]
    data = make()
    client.force_login(group_owner)
    peak, started = _peak_mb(), time.monotonic()
    with django_capture_on_commit_callbacks(execute=True):  # the extraction task runs here
        response = client.post(
            reverse("cooperation:upload", kwargs={"slug": working_group.slug}),
            {"files": [upload(name, data)]},
        )
    seconds, growth = time.monotonic() - started, _peak_mb() - peak
    assert response.status_code == 302  # stored: it is a file of its kind, just not readable
    document = Document.objects.get(group=working_group)
    assert PortalDocument.objects.get(pk=document.current_version.file_id).extracted_text == ""
    assert seconds < MAX_SECONDS, f"{bomb}: {seconds:.1f} s"
    assert growth < MAX_GROWTH_MB, f"{bomb}: {growth:.0f} MB more at the peak"
    # The worker survives: the next upload is read as usual.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("cooperation:upload", kwargs={"slug": working_group.slug}),
            {"files": [upload("gewoon.docx", samples.docx("Gewoon verslag"))]},
        )
    normal = Document.objects.get(group=working_group, title="Gewoon")
    text = PortalDocument.objects.get(pk=normal.current_version.file_id).extracted_text
    assert "Gewoon verslag" in text


def test_a_zip_within_the_cap_is_still_read(working_group, group_owner, settings):
    """The bomb guard unpacks to count; an ordinary office file passes it and is read."""
    import io

    data = samples.docx("Leesplan voor de zomer " * 200)
    assert files._zip_is_reasonable(io.BytesIO(data))
    assert "Leesplan voor de zomer" in files.extract_text(
        io.BytesIO(data), files.OFFICE_ZIP["docx"]
    )
    settings.COOPERATION_EXTRACT_MAX_UNCOMPRESSED = 1000
    assert not files._zip_is_reasonable(io.BytesIO(data))
