"""The deployment tests use the Leerplatform's webinars and the Coöperatieplatform's groups."""

from tests.cooperation.conftest import *  # noqa: F403
from tests.learning.conftest import *  # noqa: F403
