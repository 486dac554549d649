from django.urls import path

from live.consumers import RoomConsumer

websocket_urlpatterns = [
    path("ws/live/<slug:kind>/<str:pk>/", RoomConsumer.as_asgi()),
]
