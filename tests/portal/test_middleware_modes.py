"""Under ASGI (daphne) the middleware chain must run in one mode, async, from end to end.

A sync-only middleware between async ones makes Django run the rest of every request through
async_to_sync from a worker thread, back into the event loop and out to a thread again. Under
load, with clients giving up, that hop deadlocked daphne: requests hung in AsyncToSync, their
threads were never released, and the process held every PostgreSQL connection (README,
"Architecture"). Django says which middleware it adapts, at DEBUG level, when DEBUG is on."""

import asyncio
import logging
from concurrent.futures import ThreadPoolExecutor

import pytest
from asgiref.sync import SyncToAsync
from asgiref.testing import ApplicationCommunicator
from django.core.files.base import ContentFile
from django.core.handlers.asgi import ASGIHandler
from wagtail.documents import get_document_model
from wagtail.models import Collection

from cooperation import services as cooperation
from cooperation.models import Group
from tests.cooperation.conftest import upload
from tests.factories import UserFactory

SECRET = Group.Visibility.SECRET


def test_no_middleware_is_adapted_between_sync_and_async(settings, caplog):
    settings.DEBUG = True
    with caplog.at_level(logging.DEBUG, logger="django.request"):
        handler = ASGIHandler()

    adapted = [record.getMessage() for record in caplog.records if "adapted" in record.getMessage()]
    assert adapted == []
    # The outermost middleware runs in the event loop too, not in a thread of its own.
    assert not isinstance(handler._middleware_chain, SyncToAsync)


def test_a_sync_only_middleware_would_be_caught(settings, caplog):
    """The check above can fail: one sync-only middleware in the chain is reported."""
    settings.DEBUG = True
    settings.MIDDLEWARE = [*settings.MIDDLEWARE, "tests.portal.test_middleware_modes.sync_only"]
    with caplog.at_level(logging.DEBUG, logger="django.request"):
        ASGIHandler()

    assert any("sync_only" in record.getMessage() for record in caplog.records)


def sync_only(get_response):
    return get_response


def _request(path: str, method: str = "GET") -> tuple[dict, bytes]:
    """One request through the ASGI application, as daphne hands it over."""
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "headers": [(b"host", b"testserver")],
        "client": ("127.0.0.1", 50000),
        "server": ("testserver", 80),
    }

    async def exchange():
        communicator = ApplicationCommunicator(ASGIHandler(), scope)
        await communicator.send_input({"type": "http.request", "body": b""})
        start = await communicator.receive_output(10)
        body = b""
        while True:
            message = await communicator.receive_output(10)
            body += message.get("body", b"")
            if not message.get("more_body"):
                return start, body

    # In a thread of its own: a browser test earlier in the same worker may have left
    # Playwright's event loop in this one, where no other loop may run.
    with ThreadPoolExecutor(max_workers=1) as thread:
        return thread.submit(asyncio.run, exchange()).result()


def _lowered(headers):
    return [(name.lower(), value) for name, value in headers]


def test_a_static_file_is_sent_as_it_is_read_under_asgi(settings, recwarn):
    """Django reads a synchronous file iterator whole, in a thread, and warns; ours is async."""
    settings.WHITENOISE_USE_FINDERS = settings.WHITENOISE_AUTOREFRESH = True
    script = settings.BASE_DIR / "static" / "js" / "live-room.js"

    start, body = _request("/static/js/live-room.js")

    assert start["status"] == 200
    assert body == script.read_bytes()
    head_start, head_body = _request("/static/js/live-room.js", method="HEAD")
    assert head_start["status"] == 200 and head_body == b""
    assert (b"Content-Length", str(len(body)).encode()) in head_start["headers"]
    assert not [w for w in recwarn if "synchronous iterators" in str(w.message)]


@pytest.mark.django_db(transaction=True)
def test_a_wagtail_document_is_sent_as_it_is_read_under_asgi(recwarn):
    """Wagtail's document view (an editor's attachment) answers with a FileResponse, which Django
    read whole into memory under ASGI; SENDFILE_BACKEND sends it as it is read."""
    content = b"Programma van de studiedag\n" * 50_000  # 1.3 MB: more than one chunk
    # A transactional test before this one may have flushed the root collection migrations made.
    root = Collection.get_first_root_node() or Collection.add_root(name="Root")
    document = get_document_model().objects.create(
        title="Programma", file=ContentFile(content, name="programma.txt"), collection=root
    )

    start, body = _request(document.url)

    assert start["status"] == 200
    assert body == content
    assert (b"content-length", str(len(content)).encode()) in _lowered(start["headers"])
    assert b"content-encoding" not in dict(_lowered(start["headers"]))
    head_start, head_body = _request(document.url, method="HEAD")
    assert head_start["status"] == 200 and head_body == b""
    assert not [w for w in recwarn if "synchronous iterators" in str(w.message)]


@pytest.mark.django_db(transaction=True)
def test_a_group_file_stays_refused_at_the_wagtail_document_url_under_asgi(settings, tmp_path):
    settings.COOPERATION_UPLOAD_STAGING_DIR = tmp_path
    owner = UserFactory()
    group = cooperation.group_create(owner=owner, name="Stuurgroep", visibility=SECRET)
    document = cooperation.document_upload(
        group=group, uploaded=upload("geheim.txt", b"Geheim plan"), by=owner
    )

    start, body = _request(document.current_version.file.url)

    assert start["status"] == 404 and b"Geheim plan" not in body


@pytest.mark.django_db
def test_a_compressed_document_is_sent_as_uploaded_not_as_an_encoding(client):
    """Wagtail labelled a .gz document `Content-Encoding: gzip` (and every other one "None"): a
    browser would unpack it and save the unpacked bytes under the .gz name."""
    import gzip

    packed = gzip.compress(b"titel;jaar\nJaarplan;2027\n" * 100)
    root = Collection.get_first_root_node() or Collection.add_root(name="Root")
    document = get_document_model().objects.create(
        title="Tabel", file=ContentFile(packed, name="tabel.csv.gz"), collection=root
    )

    response = client.get(document.url)

    assert response.status_code == 200
    assert "Content-Encoding" not in response.headers
    assert b"".join(response.streaming_content) == packed
