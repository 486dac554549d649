import logging

import redis
from django.conf import settings
from django.db import connection
from django.http import HttpResponsePermanentRedirect, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.utils import translation
from django.views.decorators.cache import never_cache
from django.views.static import serve

from accounts.middleware import reader_language

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


# Error pages (handler400, handler403 and handler404 in urls.py): in the site's design and the
# reader's language. A request can fail before the language was chosen (a host that is not
# ours, an unreadable body), so it is chosen here too. A server error keeps Django's own
# handler, which renders the self-contained 500.html without the request: see that template.


def _error_page(request, template_name: str, status: int):
    if not hasattr(request, "LANGUAGE_CODE"):
        translation.activate(reader_language(request))
    return render(request, template_name, {"status": status}, status=status)


def bad_request(request, exception):
    return _error_page(request, "400.html", 400)


def permission_denied(request, exception):
    return _error_page(request, "403.html", 403)


def page_not_found(request, exception):
    return _error_page(request, "404.html", 404)


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: a form sent from a page that was open too long, in words a person can
    act on (Django's own page speaks of tokens and referers)."""
    return _error_page(request, "403_csrf.html", 403)
