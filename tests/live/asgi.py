"""The project's ASGI application with the test room kinds registered: what the daphne processes
of the two-server test serve."""

from portal.asgi import application  # noqa: F401  (sets Django up first)
from tests.live.policies import register

register()
