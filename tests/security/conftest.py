"""Security tests attack the Coöperatieplatform's groups and the Leerplatform's webinars."""

from tests.cooperation.conftest import *  # noqa: F403
from tests.e2e.conftest import asgi_server, browser  # noqa: F401  (Chromium, daphne)
from tests.learning.conftest import *  # noqa: F403
