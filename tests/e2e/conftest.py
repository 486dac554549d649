"""Browser tests: Debian's Chromium driven by Playwright against Django's live server (the
fixtures are in tests/chromium.py)."""

import pytest


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)
