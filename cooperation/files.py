"""What we accept, how we name it in storage, and how we read text from it.

The bytes decide, not the name: a file is sniffed (`filetype` plus a few checks of our own for
executables and active content), and the type we serve it with comes from that sniffing."""

import hashlib
import io
import re
import unicodedata
import uuid
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import PurePosixPath, PureWindowsPath

import filetype
from django.conf import settings
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

CHUNK = 1024 * 1024
SNIFF_BYTES = 8192

# Never stored, whatever their bytes: things that run when opened.
BLOCKED_EXTENSIONS = {
    "exe", "dll", "com", "bat", "cmd", "msi", "scr", "pif", "cpl", "ps1", "vbs", "vbe", "js",
    "mjs", "jse", "wsf", "wsh", "hta", "jar", "apk", "sh", "bash", "app", "elf", "bin",
    "html", "htm", "xhtml", "shtml", "svg", "svgz", "xml", "xsl", "swf", "lnk", "reg", "iso",
}  # fmt: skip
EXECUTABLE_MIMES = {
    "application/x-msdownload",
    "application/x-executable",
    "application/x-elf",
    "application/x-mach-binary",
    "application/vnd.microsoft.portable-executable",
    "application/x-shockwave-flash",
    "application/x-sh",
    "application/java-archive",
    "application/x-dex",
    "application/vnd.android.package-archive",
}
EXECUTABLE_MAGIC = (
    b"MZ",
    b"\x7fELF",
    b"\xca\xfe\xba\xbe",
    b"\xfe\xed\xfa",
    b"\xcf\xfa\xed\xfe",
    b"#!",
)
ACTIVE_CONTENT = re.compile(
    rb"<\s*(script|html|svg|iframe|object|embed|body|head|meta|!doctype\s+html)\b|javascript:",
    re.IGNORECASE,
)

OFFICE_ZIP = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "odp": "application/vnd.oasis.opendocument.presentation",
}
TEXT_TYPES = {"txt": "text/plain", "csv": "text/csv", "md": "text/markdown"}
MEDIA_EXTENSIONS = {"mp4", "m4v", "webm", "mkv", "mov", "mp3", "m4a", "ogg", "oga", "wav"}

# Served inline (the browser shows them); everything else as an attachment.
INLINE_SAFE_TYPES = {
    "application/pdf",
    "image/png",
    "image/jpeg",
    "image/gif",
    "image/webp",
    "text/plain",
    "video/mp4",
    "video/webm",
    "audio/mpeg",
}
THUMBNAIL_TYPES = {"image/png", "image/jpeg", "image/gif", "image/webp"}


class RefusedFile(Exception):
    """A file we do not store; the message is for the person who uploaded it."""


@dataclass
class Inspection:
    content_type: str
    size: int
    sha256: str


def extension_of(name: str) -> str:
    return PurePosixPath(name).suffix.lower().lstrip(".")


def display_name(name: str) -> str:
    """The name as people see it: no folders, no control characters, at most 200 characters."""
    name = PureWindowsPath(PurePosixPath(name or "").name).name
    name = "".join(ch for ch in unicodedata.normalize("NFC", name) if ch.isprintable())
    name = name.strip().lstrip(".") or "bestand"
    stem, dot, ext = name.rpartition(".")
    if dot and len(ext) <= 10:
        return stem[: 200 - len(ext) - 1] + "." + ext
    return name[:200]


def readable_title(name: str) -> str:
    """A document's title from its file name, as a person would write it: "jaarplan_2027-concept
    .pdf" becomes "Jaarplan 2027 concept". Only the first letter changes case ("OBA_cijfers" keeps
    its capitals)."""
    stem = PurePosixPath(display_name(name)).stem
    words = " ".join(re.sub(r"[_\-]+", " ", stem).split())
    return (words[:1].upper() + words[1:]) or display_name(name)


def storage_name(name: str) -> str:
    """A name no upload can choose: random prefix, slugified stem, checked extension. The random
    part also means a new file never replaces another one."""
    clean = display_name(name)
    ext = re.sub(r"[^a-z0-9]", "", extension_of(clean))[:10]
    stem = slugify(PurePosixPath(clean).stem)[:60] or "bestand"
    return f"{uuid.uuid4().hex}-{stem}{'.' + ext if ext else ''}"


def max_size_for(name: str, content_type: str) -> int:
    if content_type.startswith(("video/", "audio/")) or extension_of(name) in MEDIA_EXTENSIONS:
        return settings.COOPERATION_MAX_RECORDING_SIZE
    return settings.COOPERATION_MAX_UPLOAD_SIZE


def human_size(size: int) -> str:
    from django.template.defaultfilters import filesizeformat

    return filesizeformat(size)


def inspect_upload(uploaded, *, name: str) -> Inspection:
    """Refuses executables, active content and files whose bytes contradict their extension;
    returns the sniffed type, the size and the SHA-256 checksum. Reads in chunks."""
    ext = extension_of(name)
    if ext in BLOCKED_EXTENSIONS:
        raise RefusedFile(_("%(name)s: files of this type (.%(ext)s) are not accepted.") % {
            "name": name, "ext": ext})  # fmt: skip
    uploaded.seek(0)
    head = uploaded.read(SNIFF_BYTES)
    kind = filetype.guess(head) if head else None
    sniffed = kind.mime if kind else None
    if sniffed in EXECUTABLE_MIMES or head.startswith(EXECUTABLE_MAGIC):
        raise RefusedFile(
            _("%(name)s: this is a program, not a document; programs are not accepted.")
            % {"name": name}
        )
    content_type = _content_type(name=name, ext=ext, head=head, sniffed=sniffed)
    size = uploaded.size
    limit = max_size_for(name, content_type)
    if size > limit:
        raise RefusedFile(
            _("%(name)s is %(size)s; the largest file accepted here is %(limit)s.")
            % {"name": name, "size": human_size(size), "limit": human_size(limit)}
        )
    digest = hashlib.sha256()
    uploaded.seek(0)
    for chunk in iter(lambda: uploaded.read(CHUNK), b""):
        digest.update(chunk)
    uploaded.seek(0)
    return Inspection(content_type=content_type, size=size, sha256=digest.hexdigest())


def _mismatch(name):
    return RefusedFile(
        _("%(name)s: the contents do not match the file name's extension, so it is refused.")
        % {"name": name}
    )


def _active(name):
    return RefusedFile(
        _("%(name)s contains web page or script code; such files are not accepted.")
        % {"name": name}
    )


def _content_type(*, name: str, ext: str, head: bytes, sniffed: str | None) -> str:
    if sniffed is None:
        # No binary signature: text, or something we cannot tell. Text must not be a web page or
        # script in disguise (a browser that sniffed it would run it).
        if ACTIVE_CONTENT.search(head):
            raise _active(name)
        if b"\x00" in head:
            if ext in TEXT_TYPES or ext in {"pdf", "png", "jpg", "jpeg", "gif", "webp"}:
                raise _mismatch(name)
            return "application/octet-stream"
        if ext in {"pdf", "png", "jpg", "jpeg", "gif", "webp", *OFFICE_ZIP}:
            raise _mismatch(name)
        return TEXT_TYPES.get(ext, "text/plain")
    if ext in TEXT_TYPES:
        raise _mismatch(name)
    if ext == "pdf" and sniffed != "application/pdf":
        raise _mismatch(name)
    if ext in {"png", "jpg", "jpeg", "gif", "webp"} and not sniffed.startswith("image/"):
        raise _mismatch(name)
    if ext in OFFICE_ZIP:
        if sniffed not in {OFFICE_ZIP[ext], "application/zip"}:
            raise _mismatch(name)
        return OFFICE_ZIP[ext]
    if sniffed == "application/pdf" and ext != "pdf" and ext:
        # A PDF under another name is harmless, but served as what it is.
        return sniffed
    if sniffed.startswith("image/svg") or sniffed in {"text/html", "application/xml"}:
        raise _active(name)
    return sniffed


# --- Text extraction ----------------------------------------------------------------------------


def _zip_is_reasonable(stream) -> bool:
    """Zip bomb guard: what an office file unpacks to must stay under the cap. The sizes in the
    zip's directory are the sender's word, so the parts are also unpacked, a chunk at a time and
    thrown away, counting what really comes out: a 7 MB file whose directory claimed 10 KB for a
    part of 1 GB was unpacked in one piece inside python-docx (17 seconds, 2 GB of memory)."""
    cap = settings.COOPERATION_EXTRACT_MAX_UNCOMPRESSED
    try:
        with zipfile.ZipFile(stream) as archive:
            parts = archive.infolist()
            if sum(part.file_size for part in parts) > cap:
                return False
            unpacked = 0
            for part in parts:
                with archive.open(part) as contents:
                    # A part longer than it claims ends with a checksum error (BadZipFile).
                    while chunk := contents.read(CHUNK):
                        unpacked += len(chunk)
                        if unpacked > cap:
                            return False
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError):
        return False  # damaged, encrypted, or packed in a way we do not read
    finally:
        stream.seek(0)
    return True


# A PDF whose page tree has more entries is not read at all (flattening a tree of 20,000 pages
# took seven seconds; the 200 MB upload limit leaves room for a million).
PDF_MAX_PAGE_TREE_ENTRIES = 5_000

# Between the pages of a PDF and the slides of a presentation in the extracted text, so that a
# search hit can say on which page its words are (cooperation/search.py).
PAGE_BREAK = "\f"


def _pages(pages: list[str], limit: int) -> str:
    text = PAGE_BREAK.join(page.strip() for page in pages)
    return text[:limit] if text.strip() else ""


def _pdf_text(stream, limit: int) -> str:
    """PDF bombs are small files that cost much to read: a 680 KB file of ten pages whose
    compressed contents unpack to 70 MB each took three minutes and 900 MB to read. So pypdf's
    limits are tightened for the page tree and each stream, and the pages' unpacked contents
    together may not pass COOPERATION_EXTRACT_MAX_PDF_CONTENT; what was read until then counts."""
    from pypdf import PdfReader, apply_configuration

    budget = settings.COOPERATION_EXTRACT_MAX_PDF_CONTENT
    streams = ("zlib", "lzw", "run_length", "array_based_stream")
    limits = {f"{kind}_maximum_output_length": budget for kind in streams}
    parts: list[str] = []
    with apply_configuration(page_tree_maximum_entries=PDF_MAX_PAGE_TREE_ENTRIES, **limits):
        reader = PdfReader(stream)
        for page in reader.pages[: settings.COOPERATION_EXTRACT_MAX_PAGES]:
            contents = page.get_contents()
            budget -= len(contents.get_data()) if contents is not None else 0
            if budget < 0:
                break
            parts.append(page.extract_text() or "")
            if sum(map(len, parts)) > limit:
                break
    return _pages(parts, limit)


def extract_text(stream, content_type: str) -> str:
    """Plain text of a PDF, DOCX, PPTX, ODT or text file, at most COOPERATION_EXTRACT_MAX_CHARS
    characters; '' for other types or files that cannot be read. PDF pages and PPTX slides are
    separated by PAGE_BREAK."""
    limit = settings.COOPERATION_EXTRACT_MAX_CHARS
    parts: list[str] = []
    if content_type.startswith("text/"):
        return stream.read(limit * 4).decode("utf-8", errors="replace")[:limit]
    if content_type == "application/pdf":
        return _pdf_text(stream, limit)
    if content_type in OFFICE_ZIP.values():
        if not _zip_is_reasonable(stream):
            return ""
        if content_type == OFFICE_ZIP["docx"]:
            import docx

            parts = [paragraph.text for paragraph in docx.Document(stream).paragraphs]
        elif content_type == OFFICE_ZIP["pptx"]:
            from pptx import Presentation

            slides = [
                "\n".join(shape.text_frame.text for shape in slide.shapes if shape.has_text_frame)
                for slide in Presentation(stream).slides
            ]
            return _pages(slides, limit)
        elif content_type in {OFFICE_ZIP["odt"], OFFICE_ZIP["odp"], OFFICE_ZIP["ods"]}:
            from odf import teletype
            from odf.opendocument import load
            from odf.text import H, P

            document = load(stream)
            for element in (*document.getElementsByType(H), *document.getElementsByType(P)):
                parts.append(teletype.extractText(element))
    return "\n".join(part for part in parts if part).strip()[:limit]


# --- Image previews -----------------------------------------------------------------------------

PREVIEW_SIZE = 480


class NoPreview(Exception):
    """An image that gets no preview; `status` is a PortalDocument.Preview value saying why."""

    def __init__(self, status: str):
        super().__init__(status)
        self.status = status


def make_preview(stream) -> bytes:
    """A PNG of at most PREVIEW_SIZE pixels a side, or NoPreview.

    An image's pixel count is in its header, and decoding costs memory and time by that count,
    not by the file's size: a PNG of 20 KB may claim 144 million pixels. So the header is read
    first and an image over COOPERATION_PREVIEW_MAX_PIXELS is never decoded (Pillow's own limit,
    MAX_IMAGE_PIXELS, only warns below 179 million). What is decoded is at most one frame."""
    import warnings

    from PIL import Image

    from portal.models import PortalDocument

    Preview = PortalDocument.Preview
    try:
        with warnings.catch_warnings():
            # Over Pillow's warning threshold we refuse below, on our own, smaller limit.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = Image.open(stream)
        with image:
            width, height = image.size
            if width * height > settings.COOPERATION_PREVIEW_MAX_PIXELS:
                raise NoPreview(Preview.TOO_LARGE)
            image.thumbnail((PREVIEW_SIZE, PREVIEW_SIZE))  # draft(): JPEGs decode scaled down
            output = io.BytesIO()
            image.convert("RGBA" if image.mode in {"P", "LA", "RGBA", "PA"} else "RGB").save(
                output, "PNG"
            )
    except Image.DecompressionBombError:
        raise NoPreview(Preview.TOO_LARGE) from None
    except (OSError, ValueError, SyntaxError, EOFError):
        raise NoPreview(Preview.UNREADABLE) from None
    return output.getvalue()
