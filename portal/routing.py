"""WebSocket routes of the whole project. Apps add their routes here (live/ will)."""

from django.urls import path

from live.routing import websocket_urlpatterns as live_websocket_urlpatterns
from portal.consumers import PingConsumer

websocket_urlpatterns = [
    path("ws/ping/", PingConsumer.as_asgi()),
    *live_websocket_urlpatterns,
]
