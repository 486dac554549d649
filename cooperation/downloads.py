"""Serving stored files: permission is checked by the view before this runs, every time.

Streams in chunks from whatever storage is configured (local disk or S3); under ASGI (daphne) as
an async iterator (portal/streaming.py). With COOPERATION_ACCEL_REDIRECT the reverse proxy sends
the bytes."""

from urllib.parse import quote

from django.conf import settings
from django.http import FileResponse, HttpResponse, StreamingHttpResponse
from django.utils.http import content_disposition_header

from cooperation.files import INLINE_SAFE_TYPES
from cooperation.models import DocumentVersion
from portal.models import PortalDocument
from portal.streaming import connection_of, file_chunks


def file_response(request, version: DocumentVersion, *, inline: bool) -> HttpResponse:
    name = version.file.file.name
    content_type = version.content_type
    as_attachment = not (inline and content_type in INLINE_SAFE_TYPES)
    accel = settings.COOPERATION_ACCEL_REDIRECT
    if accel:
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = accel.rstrip("/") + "/" + quote(name)
    else:
        handle = version.file.file.storage.open(name, "rb")
        if hasattr(request, "scope"):  # ASGI
            chunks = file_chunks(handle, connection_of(request.scope))
            response = StreamingHttpResponse(chunks, content_type=content_type)
        else:
            response = FileResponse(handle, content_type=content_type)
        response["Content-Length"] = str(version.size)
    response["Content-Disposition"] = content_disposition_header(
        as_attachment, version.original_name
    )
    response["X-Content-Type-Options"] = "nosniff"
    # The answer depends on who asks: no shared cache may keep it.
    response["Cache-Control"] = "private, no-cache"
    if as_attachment or content_type.startswith("text/"):
        response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    else:
        # The document page shows PDFs and images in a frame of our own pages.
        response["X-Frame-Options"] = "SAMEORIGIN"
    return response


def preview_response(request, stored: PortalDocument) -> HttpResponse:
    """The stored preview (cooperation.tasks.make_preview), streamed like any other file: no
    image is decoded while someone waits."""
    preview = stored.preview
    handle = preview.storage.open(preview.name, "rb")
    if hasattr(request, "scope"):  # ASGI
        response = StreamingHttpResponse(
            file_chunks(handle, connection_of(request.scope)), content_type="image/png"
        )
    else:
        response = FileResponse(handle, content_type="image/png")
    response["Content-Length"] = str(preview.size)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=3600"
    return response
