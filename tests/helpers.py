import asyncio
import threading


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
