"""Notifications are about the Coöperatieplatform's groups: its people and groups are ours too."""

from tests.cooperation.conftest import *  # noqa: F403
