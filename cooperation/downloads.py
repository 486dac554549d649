"""Serving stored files: permission is checked by the view before this runs, every time.

Streams in chunks from whatever storage is configured (local disk or S3). Under ASGI (daphne) the
body is an async iterator: Django would otherwise read a synchronous file iterator into memory
whole before sending it. With COOPERATION_ACCEL_REDIRECT the reverse proxy sends the bytes."""

import asyncio
import io
import sys
from urllib.parse import quote

from asgiref.sync import sync_to_async
from django.conf import settings
from django.http import FileResponse, HttpResponse, StreamingHttpResponse
from django.utils.http import content_disposition_header

from cooperation.files import INLINE_SAFE_TYPES, THUMBNAIL_TYPES
from cooperation.models import DocumentVersion

CHUNK = 1024 * 1024


# Daphne writes every chunk it is given into Twisted's send buffer at once, with no flow control,
# so a fast disk and a slower client would pile a whole recording up in memory. We wait while more
# than this much is still unsent on the connection.
SEND_BUFFER_LIMIT = 4 * CHUNK


def _connection_of(scope: dict):
    """Twisted's transport of this request under daphne (matched by the client's address and
    port), or None under any other server or when it cannot be told."""
    client = scope.get("client")
    if not client or "twisted.internet.reactor" not in sys.modules:
        return None
    reactor = sys.modules["twisted.internet.reactor"]
    try:
        descriptors = reactor.getWriters() + reactor.getReaders()
    except Exception:  # not a reactor that lists its connections: stream without pacing
        return None
    for descriptor in descriptors:
        try:
            peer = descriptor.getPeer()  # listening ports have none and raise
        except Exception:  # noqa: S112
            continue
        if (getattr(peer, "host", None), getattr(peer, "port", None)) == (client[0], client[1]):
            return descriptor
    return None


def _unsent(transport) -> int:
    try:
        return len(transport.dataBuffer) - transport.offset + transport._tempDataLen
    except AttributeError:
        return 0


async def _file_chunks(handle, transport=None):
    read = sync_to_async(handle.read, thread_sensitive=False)
    try:
        while chunk := await read(CHUNK):
            yield chunk
            while transport is not None and _unsent(transport) > SEND_BUFFER_LIMIT:
                if not getattr(transport, "connected", True):
                    return
                await asyncio.sleep(0.002)
    finally:
        await sync_to_async(handle.close, thread_sensitive=False)()


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
            chunks = _file_chunks(handle, _connection_of(request.scope))
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


def thumbnail_response(version: DocumentVersion, *, size: int = 480) -> HttpResponse | None:
    if version.content_type not in THUMBNAIL_TYPES:
        return None
    from PIL import Image

    try:
        with version.file.file.open("rb") as stream, Image.open(stream) as image:
            image.thumbnail((size, size))
            output = io.BytesIO()
            image.convert("RGBA" if image.mode in {"P", "LA", "RGBA"} else "RGB").save(
                output, "PNG"
            )
    except (OSError, Image.DecompressionBombError, ValueError):
        return None
    response = HttpResponse(output.getvalue(), content_type="image/png")
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=3600"
    return response
