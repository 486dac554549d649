"""One subscription per room per server process. A room's broadcast arrives in the process once and
is written to each of the process's sockets in that room in one pass, instead of once per socket
through the socket's own channel-layer queue, task wake-up and decoding: with hundreds of sockets in
one room that per-socket hop was the larger part of a broadcast's cost (docs/live.md, Figures). It
also makes the core Redis layer write one entry per process instead of one per socket.

Events other than frames (an access re-check) are handed to the sockets they are for, each on its
own channel, so the consumer handles them in its own task, in order, as before."""

from __future__ import annotations

import asyncio
import logging

from django.conf import settings

logger = logging.getLogger(__name__)

# Any close but 4403 (forbidden) makes the browser reconnect with back-off and fetch what it missed
# by id; 1012 ("service restart") would say so best, but a server may only send 1000 or 3000-4999.
CLOSE_RECONNECT = 4012
WATCH_SECONDS = 2.0


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
    async def close_all_sockets(cls) -> None:
        """Closes every room socket of this process (and event loop) for a reconnect."""
        loop = asyncio.get_running_loop()
        relays = [relay for (relay_loop, _), relay in cls._relays.items() if relay_loop is loop]
        for consumer in {consumer for relay in relays for consumer in relay.holders}:
            try:
                await consumer.close(code=CLOSE_RECONNECT)
            except Exception:
                logger.exception("live: closing a socket for a reconnect failed")

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
        LayerWatch.start(loop)
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
                    # Each socket's decision about its room says whether a frame may pass, and an
                    # access re-check changes it here, in stream order (live/access.py).
                    if frame:
                        await consumer.access_check.deliver(message)
                    elif consumer.access_check.takes(event):
                        await self.layer.send(consumer.channel_name, event)
                except Exception:
                    # One socket's failure must not keep the room's other sockets waiting.
                    logger.exception("live: relaying %s in %s failed", event["type"], self.group)


class LayerWatch:
    """While Redis is away the channel layer loses broadcasts without telling anyone: a publish
    fails in the sending process, and a subscription that comes back after Redis restarts has
    missed whatever was published meanwhile, while the sockets stay open and look connected.

    So each server process pings Redis every WATCH_SECONDS; when it stops answering, or a
    broadcast fails (services._send_outbox), every room socket of the process is closed for a
    reconnect. Browsers say they are reconnecting, cannot get back in until the layer works (the
    room's subscription is made before a socket is accepted), and then fetch every stored message
    after the last one they have, so none is missed and none shown twice."""

    _watches: dict[asyncio.AbstractEventLoop, asyncio.Task] = {}

    @classmethod
    def start(cls, loop: asyncio.AbstractEventLoop) -> None:
        if loop in cls._watches:  # every socket's join asks; the first one starts it
            return
        url = _redis_url()
        if url is None:
            return
        for stale in [other for other in cls._watches if other.is_closed()]:
            del cls._watches[stale]
        cls._watches[loop] = loop.create_task(cls._watch(url))

    @staticmethod
    async def _watch(url: str) -> None:
        import redis.asyncio

        client = redis.asyncio.from_url(url, socket_timeout=1, socket_connect_timeout=1)
        reachable = True
        slow = 0  # pings in a row that timed out
        while True:
            await asyncio.sleep(WATCH_SECONDS)
            try:
                await client.ping()
            except Exception as error:
                # A refused connection is Redis gone; a timeout may be a busy server, so only a
                # second one in a row counts.
                slow = slow + 1 if isinstance(error, redis.exceptions.TimeoutError) else 2
                if reachable and slow >= 2:
                    logger.warning("live: Redis is unreachable; room sockets closed to reconnect")
                    await RoomRelay.close_all_sockets()
                    reachable = False
            else:
                if not reachable:
                    logger.warning("live: Redis answers again")
                reachable, slow = True, 0


def _redis_url() -> str | None:
    hosts = settings.CHANNEL_LAYERS["default"].get("CONFIG", {}).get("hosts") or [None]
    return hosts[0] if isinstance(hosts[0], str) else None
