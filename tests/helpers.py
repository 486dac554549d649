import asyncio
import socket
import threading
import time

import pytest


def run_async(coroutine):
    """Runs a coroutine to completion on a loop of its own thread and returns its result.

    Tests call this instead of asyncio.run(): a browser test's Playwright keeps an event loop
    running in the worker's main thread for the whole session, and neither asyncio.run() nor
    async_to_sync() may start inside it."""
    outcome = {}

    def target():
        try:
            outcome["result"] = asyncio.run(coroutine)
        except BaseException as error:  # handed back to the test's thread below
            outcome["error"] = error

    thread = threading.Thread(target=target)
    thread.start()
    thread.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["result"]


def wait_until_listening(port: int, *, process=None, output=lambda: "", timeout: float = 30):
    """Waits until a test server accepts connections on 127.0.0.1:`port`. When its `process`
    exits first, or it takes longer than `timeout` seconds, the process is ended and the test
    fails with what `output()` says the server printed."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            exited = process is not None and process.poll() is not None
            if exited or time.monotonic() > deadline:
                if process is not None:
                    process.kill()
                pytest.fail(f"daphne did not start: {output()}")
            time.sleep(0.1)
