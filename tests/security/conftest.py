"""Security tests attack the Coöperatieplatform's groups and the Leerplatform's webinars."""

from tests.cooperation.conftest import *  # noqa: F403
from tests.learning.conftest import *  # noqa: F403
