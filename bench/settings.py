"""Settings for benchmarks: the project's own, plus a bare Django view as the baseline."""

import os

from portal.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True

# BENCH_SEARCH_TABLE=0: PostgreSQL searches modelsearch's index entries per source instead of the
# search table (what the table is worth, measured on the same items).
if os.environ.get("BENCH_SEARCH_TABLE") == "0":
    WAGTAILSEARCH_BACKENDS = {  # noqa: F405
        "default": {**WAGTAILSEARCH_BACKENDS["default"], "SEARCH_TABLE": False}  # noqa: F405
    }
