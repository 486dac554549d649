"""portal.asgi.RequestLimit: at most N HTTP requests of a process inside Django at once, the rest
waiting their turn in arrival order; WebSockets and the health check never wait."""

import asyncio
from concurrent.futures import ThreadPoolExecutor

from portal.asgi import RequestLimit


class SlowApp:
    """An ASGI app that holds each request until told to go, counting how many it holds."""

    def __init__(self):
        self.inside = 0
        self.most_inside = 0
        self.order = []
        self.go = asyncio.Event()

    async def __call__(self, scope, receive, send):
        self.inside += 1
        self.most_inside = max(self.most_inside, self.inside)
        self.order.append(scope["path"])
        await self.go.wait()
        self.inside -= 1


async def _nothing():
    return {}


async def _ignore(message):
    pass


def _call(limited, kind, path):
    return asyncio.create_task(limited({"type": kind, "path": path}, _nothing, _ignore))


def _run(scenario):
    """In a thread of its own: Playwright's sync API may keep an event loop in the test thread
    (a browser test earlier in the same worker), where asyncio.run refuses to start."""
    with ThreadPoolExecutor(max_workers=1) as thread:
        thread.submit(asyncio.run, scenario()).result()


def test_requests_beyond_the_limit_wait_their_turn_in_order():
    _run(_requests_beyond_the_limit_wait_their_turn_in_order)


def test_websockets_and_the_health_check_never_wait():
    _run(_websockets_and_the_health_check_never_wait)


async def _requests_beyond_the_limit_wait_their_turn_in_order():
    app = SlowApp()
    limited = RequestLimit(app, limit=3)
    requests = [_call(limited, "http", f"/pagina/{n}/") for n in range(10)]
    await asyncio.sleep(0.05)
    assert app.inside == 3  # seven wait outside Django

    app.go.set()
    await asyncio.gather(*requests)
    assert app.most_inside == 3
    assert app.order == [f"/pagina/{n}/" for n in range(10)]


async def _websockets_and_the_health_check_never_wait():
    app = SlowApp()
    limited = RequestLimit(app, limit=1)
    pages = [_call(limited, "http", "/") for _ in range(3)]
    socket = _call(limited, "websocket", "/ws/live/group/1/")
    health = _call(limited, "http", "/health/")
    await asyncio.sleep(0.05)
    assert app.inside == 3  # one page, the socket and the health check

    app.go.set()
    await asyncio.gather(*pages, socket, health)
