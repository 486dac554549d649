from channels.generic.websocket import AsyncJsonWebsocketConsumer


class PingConsumer(AsyncJsonWebsocketConsumer):
    """Answers {"type": "ping"} with {"type": "pong"}: lets a deployment (and the tests) check
    that WebSockets reach the application through the proxy, the origin check and the auth stack."""

    async def connect(self):
        await self.accept()

    async def receive_json(self, content, **kwargs):
        if content.get("type") == "ping":
            user = self.scope.get("user")
            await self.send_json(
                {"type": "pong", "authenticated": bool(user and user.is_authenticated)}
            )
        else:
            await self.send_json(
                {"type": "error", "code": "unknown_type", "message": "Unknown frame type."}
            )
