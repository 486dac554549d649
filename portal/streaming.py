"""Streaming a file to the client under ASGI (daphne), shared by the group documents' downloads,
the recordings, the static files and Wagtail's documents (`sendfile` below): Django reads a
synchronous file iterator (`FileResponse`'s) into memory whole, in a thread, before sending it
under ASGI, and warns about it; an async iterator is sent as it is read, paced to what the
connection takes."""

import asyncio
import sys

from asgiref.sync import sync_to_async
from django.http import FileResponse

CHUNK = 1024 * 1024


# Daphne writes every chunk it is given into Twisted's send buffer at once, with no flow control,
# so a fast disk and a slower client would pile a whole recording up in memory. We wait while more
# than this much is still unsent on the connection.
SEND_BUFFER_LIMIT = 4 * CHUNK


def connection_of(scope: dict):
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


async def file_chunks(handle, transport=None, *, length: int | None = None):
    """The file's bytes from where it stands, a chunk at a time, up to `length` bytes if given;
    nothing for no file (a HEAD or 304 answer)."""
    if handle is None:
        return
    read = sync_to_async(handle.read, thread_sensitive=False)
    remaining = length
    try:
        while chunk := await read(CHUNK if remaining is None else min(CHUNK, remaining)):
            if remaining is not None:
                remaining -= len(chunk)
            yield chunk
            while transport is not None and _unsent(transport) > SEND_BUFFER_LIMIT:
                if not getattr(transport, "connected", True):
                    return
                await asyncio.sleep(0.002)
    finally:
        await sync_to_async(handle.close, thread_sensitive=False)()


def chunks_for(request, handle, *, length: int | None = None):
    """The body of a response sending the file from where it stands (up to `length` bytes):
    under ASGI the async iterator above, under WSGI a plain one."""
    if hasattr(request, "scope"):
        return file_chunks(handle, connection_of(request.scope), length=length)
    return _sync_chunks(handle, length)


def _sync_chunks(handle, remaining: int | None):
    with handle:
        while chunk := handle.read(CHUNK if remaining is None else min(CHUNK, remaining)):
            if remaining is not None:
                remaining -= len(chunk)
            yield chunk


def streamed_under_asgi(request, response):
    """A `FileResponse` whose file is sent as it is read under ASGI (nothing for a HEAD request).
    Under WSGI it stays as it is, for the server to send with sendfile if it can."""
    if isinstance(response, FileResponse) and hasattr(request, "scope"):
        handle = response.file_to_stream
        if request.method == "HEAD" and handle is not None:
            handle.close()
            handle = None
        response.streaming_content = file_chunks(handle, connection_of(request.scope))
    return response


def sendfile(request, filename, **kwargs):
    """Wagtail's document serving (`SENDFILE_BACKEND`): the answer of its streaming backend
    (If-Modified-Since, Last-Modified), streamed as above."""
    from wagtail.utils import sendfile_streaming_backend

    return streamed_under_asgi(
        request, sendfile_streaming_backend.sendfile(request, filename, **kwargs)
    )
