"""One subscription per room per server process. A room's broadcast arrives in the process once and
is written to each of the process's sockets in that room in one pass, instead of once per socket
through the socket's own channel-layer queue, task wake-up and decoding: with hundreds of sockets in
one room that per-socket hop was the larger part of a broadcast's cost (docs/live.md, Figures). It
also makes the core Redis layer write one entry per process instead of one per socket.

Events other than frames (an access re-check of the whole room) are handed to each socket's own
channel, so the consumer handles them in its own task, in order, as before."""

from __future__ import annotations

import asyncio
import logging

logger = logging.getLogger(__name__)


class RoomRelay:
    _relays: dict[tuple[asyncio.AbstractEventLoop, str], RoomRelay] = {}

    def __init__(self, layer, group: str):
        self.layer = layer
        self.group = group
        self.holders: set = set()  # consumers that joined (connecting or connected)
        self.sockets: list = []  # of those, the ones that receive frames (accepted), in join order
        self.channel: str | None = None
        self.task: asyncio.Task | None = None
        self.started = asyncio.ensure_future(self._start())

    @classmethod
    async def join(cls, layer, group: str, consumer) -> RoomRelay:
        """Subscribes this process to the room (once) and returns when frames are flowing; the
        consumer gets them from `receive_frames` on (after its handshake and welcome)."""
        loop = asyncio.get_running_loop()
        for key in [key for key in cls._relays if key[0].is_closed()]:
            del cls._relays[key]
        relay = cls._relays.get((loop, group))
        if relay is None:
            relay = cls._relays[(loop, group)] = cls(layer, group)
        relay.holders.add(consumer)
        try:
            await asyncio.shield(relay.started)
        except Exception:
            # The layer was unreachable: the next socket of this room tries afresh.
            relay.holders.discard(consumer)
            if cls._relays.get((loop, group)) is relay:
                del cls._relays[(loop, group)]
            raise
        return relay

    def receive_frames(self, consumer) -> None:
        if consumer in self.holders and consumer not in self.sockets:
            self.sockets.append(consumer)

    async def leave(self, consumer) -> None:
        self.holders.discard(consumer)
        if consumer in self.sockets:
            self.sockets.remove(consumer)
        if self.holders:
            return
        key = (asyncio.get_running_loop(), self.group)
        if self._relays.get(key) is self:
            del self._relays[key]
        try:
            await asyncio.shield(self.started)
        except Exception:
            return  # never subscribed
        if self.task is not None:
            self.task.cancel()
        await self.layer.group_discard(self.group, self.channel)

    async def _start(self) -> None:
        self.channel = await self.layer.new_channel()
        await self.layer.group_add(self.group, self.channel)
        self.task = asyncio.ensure_future(self._run())

    async def _run(self) -> None:
        while True:
            event = await self.layer.receive(self.channel)
            frame = event.get("type") == "live.frame"
            message = {"type": "websocket.send", "text": event["text"]} if frame else None
            for consumer in list(self.sockets):
                try:
                    if frame:
                        await consumer.base_send(message)
                    else:
                        await self.layer.send(consumer.channel_name, event)
                except Exception:
                    # One socket's failure must not keep the room's other sockets waiting.
                    logger.exception("live: relaying %s in %s failed", event["type"], self.group)
