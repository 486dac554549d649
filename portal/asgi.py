"""ASGI entry point: HTTP goes to Django (a limited number of requests at once), WebSockets to the
Channels router.

Every WebSocket passes the origin check (only pages of the site's own origins, by scheme, host and
port, may open one: portal/origins.py) and the session/auth middleware (so consumers see
`scope["user"]`) before it reaches a route.
"""

import asyncio
import os

from django.conf import settings
from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
# Django must be set up before anything imports models, so this comes before the routing imports.
django_asgi_app = get_asgi_application()

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402

from portal.origins import OriginCheck  # noqa: E402
from portal.routing import websocket_urlpatterns  # noqa: E402


class RequestLimit:
    """Lets at most `limit` HTTP requests of this process into Django at once; the others wait
    here, in the event loop, in the order they came.

    Django's ASGI handler gives every request in flight a thread and a database connection of its
    own. Unlimited, one busy process ran some 200 requests at once under the load test: 200
    threads taking turns at one interpreter lock, all queued for the connection pool, and the
    live rooms' own database calls (storing a chat message) queued behind them, so that a chat
    message took half a minute. A request waiting here costs neither a thread nor a connection,
    and the rooms keep the pool's spare connections. The health check is never queued: a load
    balancer must hear from a busy process at once. (Large files go out through nginx in
    production, so a slow download does not hold a place.)"""

    UNQUEUED_PATHS = frozenset({"/health/", "/gezondheid/"})

    def __init__(self, app, limit: int):
        self.app = app
        self.places = asyncio.Semaphore(limit)  # first come, first served

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["path"] in self.UNQUEUED_PATHS:
            return await self.app(scope, receive, send)
        async with self.places:
            return await self.app(scope, receive, send)


application = ProtocolTypeRouter(
    {
        "http": RequestLimit(django_asgi_app, settings.CONCURRENT_REQUESTS),
        "websocket": OriginCheck(AuthMiddlewareStack(URLRouter(websocket_urlpatterns))),
    }
)
