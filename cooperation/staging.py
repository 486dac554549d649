"""Large uploads in pieces: the browser sends a file as a series of chunks (each at most
COOPERATION_UPLOAD_CHUNK bytes), appended to a staging file, then posts the upload form naming the
staged file instead of carrying it.

Why: an ASGI server (daphne) holds a whole request body in memory before Django sees it, so a 1 GB
recording in one request costs more than 1 GB of memory. In chunks, the server never holds more
than a few chunks. A staged file belongs to the person who started it (the path includes their
id) and is checked like any upload (type, size) when it becomes a document.

The staging folder must be shared by all app processes that serve one site (a shared volume, or
sticky sessions); stale pieces are removed by `purge_cooperation_trash`."""

import json
import re
import time
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.utils.translation import gettext as _

from cooperation import files

UPLOAD_ID = re.compile(r"^[A-Za-z0-9_-]{16,64}$")


class StagingError(Exception):
    def __init__(self, message: str, *, offset: int | None = None):
        super().__init__(message)
        self.offset = offset


def _paths(user, upload_id: str) -> tuple[Path, Path]:
    if not UPLOAD_ID.match(upload_id or ""):
        raise StagingError(_("This upload is not known; start it again."))
    folder = Path(settings.COOPERATION_UPLOAD_STAGING_DIR)
    folder.mkdir(parents=True, exist_ok=True)
    stem = f"{user.pk}-{upload_id}"
    return folder / f"{stem}.part", folder / f"{stem}.json"


def staged_append(*, user, upload_id: str, name: str, size: int, offset: int, stream) -> int:
    """Appends one chunk read from `stream`; returns the number of bytes staged so far."""
    part, meta = _paths(user, upload_id)
    name = files.display_name(name)
    if offset == 0:
        if files.extension_of(name) in files.BLOCKED_EXTENSIONS:
            raise StagingError(
                _("%(name)s: files of this type (.%(ext)s) are not accepted.")
                % {"name": name, "ext": files.extension_of(name)}
            )
        limit = files.max_size_for(name, "")
        if size > limit:
            # Refused before the bytes are sent, not after.
            raise StagingError(
                _("%(name)s is %(size)s; the largest file accepted here is %(limit)s.")
                % {"name": name, "size": files.human_size(size), "limit": files.human_size(limit)}
            )
        meta.write_text(json.dumps({"name": name, "size": size}))
        part.write_bytes(b"")
    if not meta.exists():
        raise StagingError(_("This upload is not known; start it again."))
    expected = json.loads(meta.read_text())
    current = part.stat().st_size
    if offset != current:
        raise StagingError(
            _("The upload is out of step; it continues where it was."), offset=current
        )
    written = 0
    with part.open("ab") as out:
        while chunk := stream.read(64 * 1024):
            written += len(chunk)
            if written > settings.COOPERATION_UPLOAD_CHUNK or current + written > expected["size"]:
                out.truncate(current)
                raise StagingError(_("This piece of the upload is too large."), offset=current)
            out.write(chunk)
    return current + written


def staged_file(*, user, upload_id: str) -> File:
    """The complete staged file, to pass to services.document_upload; the caller discards it."""
    part, meta = _paths(user, upload_id)
    if not meta.exists() or not part.exists():
        raise StagingError(_("This upload is not known; start it again."))
    expected = json.loads(meta.read_text())
    if part.stat().st_size != expected["size"]:
        raise StagingError(_("%(name)s did not arrive completely; upload it again.") % expected)
    staged = File(part.open("rb"), name=expected["name"])
    staged.size = expected["size"]
    return staged


def staged_discard(*, user, upload_id: str) -> None:
    for path in _paths(user, upload_id):
        path.unlink(missing_ok=True)


def staged_purge(*, older_than_seconds: int = 24 * 3600) -> int:
    folder = Path(settings.COOPERATION_UPLOAD_STAGING_DIR)
    if not folder.exists():
        return 0
    cutoff = time.time() - older_than_seconds
    stale = [path for path in folder.iterdir() if path.stat().st_mtime < cutoff]
    for path in stale:
        path.unlink(missing_ok=True)
    return len(stale)
