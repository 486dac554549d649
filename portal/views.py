import logging

import redis
from django.conf import settings
from django.db import connection
from django.http import HttpResponsePermanentRedirect, JsonResponse
from django.templatetags.static import static
from django.views.decorators.cache import never_cache
from django.views.static import serve

logger = logging.getLogger(__name__)

# How long /health/ waits for each service before saying 503.
DATABASE_TIMEOUT_SECONDS = 2  # for a connection of the pool (PostgreSQL)
REDIS_TIMEOUT_SECONDS = 1


def _database_answers() -> None:
    pool = getattr(connection, "pool", None)  # PostgreSQL's connection pool (settings.py)
    if pool is None:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return
    # A connection of the pool within a few seconds, or the database counts as unavailable: a
    # load balancer must hear "503" quickly, not wait out the pool's timeout for pages.
    pool.open()  # as Django does on a first query; a no-op once open
    with pool.connection(timeout=DATABASE_TIMEOUT_SECONDS) as pooled:
        pooled.execute("SELECT 1")


def _redis_answers() -> None:
    client = redis.Redis.from_url(
        settings.REDIS_URL,
        socket_timeout=REDIS_TIMEOUT_SECONDS,
        socket_connect_timeout=REDIS_TIMEOUT_SECONDS,
    )
    try:
        client.ping()
    finally:
        client.close()


def favicon(request):
    """Browsers showing a feed or a file, and feed readers, ask for /favicon.ico: the pages'
    own icon (its hashed name is read when asked, not when the URLs are loaded)."""
    return HttpResponsePermanentRedirect(static("favicon.svg"))


@never_cache
def health(request):
    """For load balancers: 200 when the database (and Redis, when configured) answer, else 503.
    The body names each check, never the error itself (that goes to the log)."""
    checks = {"database": _database_answers}
    if settings.REDIS_URL:
        checks["redis"] = _redis_answers
    results = {}
    for name, check in checks.items():
        try:
            check()
            results[name] = "ok"
        except Exception:  # any failure means "not ready"; the details are logged, not shown
            logger.exception("health check %s failed", name)
            results[name] = "unavailable"
    healthy = all(result == "ok" for result in results.values())
    return JsonResponse(
        {"status": "ok" if healthy else "unavailable", "checks": results},
        status=200 if healthy else 503,
    )


def image_rendition(request, path: str):
    """Wagtail's image renditions, the one public part of MEDIA_ROOT (nginx serves them itself)."""
    return serve(request, path, document_root=settings.MEDIA_ROOT / "images")
