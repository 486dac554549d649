"""The WebSocket origin check (issue 21): a socket opens only for a page of one of the site's own
origins, compared by scheme, host and port. A page on another port of the same host, or served
over plain http beside the https site, is another origin: a script there must not open a socket
with the visitor's session cookie (cross-site WebSocket hijacking).

Every origin goes through the project's ASGI application (origin check, session, router) to
/ws/ping/, under the configuration of a development checkout and of a production site."""

import pytest
from channels.testing import WebsocketCommunicator

from portal.asgi import application
from tests.helpers import run_async

pytestmark = pytest.mark.django_db(transaction=True)

DEVELOPMENT = {
    "DEBUG": True,
    "ALLOWED_HOSTS": ["127.0.0.1", "localhost"],
    "SITE_URL": "http://127.0.0.1:8000",
    "CSRF_TRUSTED_ORIGINS": [],
}
PRODUCTION = {
    "DEBUG": False,
    "ALLOWED_HOSTS": ["kennisplein.example.org", ".bib.example"],
    "SITE_URL": "https://kennisplein.example.org",
    "CSRF_TRUSTED_ORIGINS": ["https://beheer.example.net:8443", "https://*.partner.example"],
}
ANY_HOST = {**PRODUCTION, "ALLOWED_HOSTS": ["*"], "CSRF_TRUSTED_ORIGINS": []}

NO_ORIGIN = None

CASES = [
    # configuration, origin, opens
    (DEVELOPMENT, "http://127.0.0.1:8000", True),
    (DEVELOPMENT, "http://localhost:8000", True),
    (DEVELOPMENT, "HTTP://LocalHost:8000", True),  # scheme and host names know no case
    (DEVELOPMENT, "http://localhost", False),  # port 80
    (DEVELOPMENT, "http://127.0.0.1", False),
    (DEVELOPMENT, "http://localhost:8001", False),
    (DEVELOPMENT, "http://127.0.0.1:8080", False),
    (DEVELOPMENT, "https://localhost:8000", False),
    (DEVELOPMENT, "https://127.0.0.1:8000", False),
    (DEVELOPMENT, "ws://localhost:8000", False),
    (DEVELOPMENT, "http://[::1]:8000", False),
    (DEVELOPMENT, "http://localhost.evil.example:8000", False),
    (DEVELOPMENT, "http://localhost:8000@evil.example", False),
    (DEVELOPMENT, "http://evil.example:8000", False),
    (DEVELOPMENT, "http://localhost:99999", False),  # a port out of range
    (DEVELOPMENT, "http://localhost:80a0", False),  # a port that is no number
    (DEVELOPMENT, "http://[::1", False),  # no address at all
    (DEVELOPMENT, "null", False),
    (DEVELOPMENT, "file://", False),
    (DEVELOPMENT, NO_ORIGIN, False),
    (PRODUCTION, "https://kennisplein.example.org", True),
    (PRODUCTION, "https://kennisplein.example.org:443", True),
    (PRODUCTION, "https://afdeling.bib.example", True),  # ALLOWED_HOSTS ".bib.example"
    (PRODUCTION, "https://bib.example", True),
    (PRODUCTION, "https://beheer.example.net:8443", True),  # CSRF_TRUSTED_ORIGINS
    (PRODUCTION, "https://studio.partner.example", True),  # CSRF_TRUSTED_ORIGINS "*."
    (PRODUCTION, "http://kennisplein.example.org", False),  # plain http beside the site
    (PRODUCTION, "http://kennisplein.example.org:443", False),
    (PRODUCTION, "https://kennisplein.example.org:8443", False),  # another port
    (PRODUCTION, "wss://kennisplein.example.org", False),
    (PRODUCTION, "http://afdeling.bib.example", False),
    (PRODUCTION, "https://afdeling.bib.example:8443", False),
    (PRODUCTION, "https://beheer.example.net", False),  # 443, not 8443
    (PRODUCTION, "http://beheer.example.net:8443", False),
    (PRODUCTION, "http://studio.partner.example", False),
    (PRODUCTION, "https://partner.example.evil.example", False),
    (PRODUCTION, "https://evilkennisplein.example.org", False),
    (PRODUCTION, "https://kennisplein.example.org.evil.example", False),
    (PRODUCTION, "http://127.0.0.1:8000", False),  # development's origin, not this site's
    (PRODUCTION, "http://localhost:8000", False),
    (PRODUCTION, "null", False),
    (PRODUCTION, NO_ORIGIN, False),
    (ANY_HOST, "https://kennisplein.example.org", True),
    (ANY_HOST, "https://evil.example", False),  # "*" names no origin
    (ANY_HOST, "http://kennisplein.example.org", False),
]


async def _opens(origin: str | None) -> bool:
    headers = [] if origin is None else [(b"origin", origin.encode())]
    communicator = WebsocketCommunicator(application, "/ws/ping/", headers=headers)
    connected, _ = await communicator.connect(timeout=5)
    if connected:
        await communicator.send_json_to({"type": "ping"})
        assert (await communicator.receive_json_from())["type"] == "pong"
    await communicator.disconnect()
    return connected


def _name(configuration) -> str:
    return {id(DEVELOPMENT): "development", id(PRODUCTION): "production"}.get(
        id(configuration), "ALLOWED_HOSTS=*"
    )


@pytest.mark.parametrize(
    ("configuration", "origin", "opens"),
    CASES,
    ids=[f"{_name(c)}-{origin}-{'opens' if opens else 'refused'}" for c, origin, opens in CASES],
)
def test_a_socket_opens_only_for_the_sites_own_origins(settings, configuration, origin, opens):
    for name, value in configuration.items():
        setattr(settings, name, value)
    assert run_async(_opens(origin)) is opens
