"""Fixtures for the people of the story, and isolation of the shared services between workers."""

import os
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.conf import settings
from django.test import override_settings
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from tests import search_engine
from tests.factories import PASSWORD, UserFactory

# Chromium and daphne for the browser tests, defined once for every folder that has some.
pytest_plugins = ["tests.chromium"]

# Property-based tests (Hypothesis) send the same examples on every run, keep none between runs and
# take the time a request takes; each test says how many examples it wants. HYPOTHESIS_PROFILE=dev
# explores afresh on each run.
hypothesis_settings.register_profile(
    "ci",
    derandomize=True,
    database=None,
    deadline=None,
    max_examples=40,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
hypothesis_settings.register_profile(
    "dev", parent=hypothesis_settings.get_profile("ci"), derandomize=False
)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


def _worker_number() -> int:
    worker_id = os.environ.get("PYTEST_XDIST_WORKER", "gw0")  # unset when not distributed
    return int(worker_id.removeprefix("gw"))


@pytest.fixture(scope="session", autouse=True)
def _isolated_services(tmp_path_factory):
    """Each pytest-xdist worker gets its own Redis database (cache and channel layer) and media
    folder, so that rate limits, cache clears and broadcasts of one worker never reach another;
    with a search engine, its own indexes. TEST_REDIS_DB_BASE lets two checkouts run their
    suites at once on one Redis and one engine."""
    base = int(os.environ.get("TEST_REDIS_DB_BASE", "1"))
    overrides = {
        "MEDIA_ROOT": tmp_path_factory.mktemp("media"),
        # Fast hashing: the tests log in hundreds of times; production keeps Django's default.
        "PASSWORD_HASHERS": ["django.contrib.auth.hashers.MD5PasswordHasher"],
    }
    if settings.REDIS_URL:
        parts = urlsplit(settings.REDIS_URL)
        redis_url = urlunsplit(parts._replace(path=f"/{(base + _worker_number()) % 16}"))
        overrides["CACHES"] = {
            "default": {**settings.CACHES["default"], "LOCATION": redis_url},
        }
        layer = settings.CHANNEL_LAYERS["default"]
        overrides["CHANNEL_LAYERS"] = {
            "default": {**layer, "CONFIG": {**layer["CONFIG"], "hosts": [redis_url]}}
        }
    if settings.SEARCH_URL:
        # Each worker searches indexes of its own, every write searchable at once.
        overrides["WAGTAILSEARCH_BACKENDS"] = {
            "default": {
                **settings.WAGTAILSEARCH_BACKENDS["default"],
                "INDEX_PREFIX": f"test{base}_{_worker_number()}_",
                "REFRESH_WRITES": True,
            }
        }
    with override_settings(**overrides):
        if settings.SEARCH_URL:
            search_engine.create_indexes()
        yield


@pytest.fixture(autouse=True)
def _empty_search_index():
    """With a search engine, every test starts with its worker's indexes empty, as it starts
    with an empty database."""
    if settings.SEARCH_URL:
        search_engine.empty_indexes()
    yield


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate limits live in the cache: every test starts with none used."""
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture
def password():
    return PASSWORD


@pytest.fixture
def librarian(db):
    return UserFactory(
        email="bibliothecaris@bibliotheek.test",
        display_name="Bram Bibliothecaris",
    )


@pytest.fixture
def outsider(db):
    return UserFactory(email="buitenstaander@bibliotheek.test", display_name="Bo Buitenstaander")


@pytest.fixture
def editor(db):
    return UserFactory(
        email="redacteur@kennisplein.test",
        display_name="Bea Beheer",
        is_staff=True,
        is_superuser=True,
    )


@pytest.fixture
def home_page(db):
    """The page tree as seed_demo makes it: a home page with its two portal sections."""
    from portal.demo import demo_pages

    return demo_pages()
