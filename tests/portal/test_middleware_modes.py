"""Under ASGI (daphne) the middleware chain must run in one mode, async, from end to end.

A sync-only middleware between async ones makes Django run the rest of every request through
async_to_sync from a worker thread, back into the event loop and out to a thread again. Under
load, with clients giving up, that hop deadlocked daphne: requests hung in AsyncToSync, their
threads were never released, and the process held every PostgreSQL connection (README,
"Architecture"). Django says which middleware it adapts, at DEBUG level, when DEBUG is on."""

import logging

from asgiref.sync import SyncToAsync
from django.core.handlers.asgi import ASGIHandler


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
