"""Which pages may open a WebSocket here: only the site's own origins, compared by scheme, host
and port, as browsers compare origins. The origin check in portal/asgi.py asks `is_allowed_origin`
on every handshake; nothing else decides it.

A page on another port of one of our hosts, or the plain-http twin of the https site, is another
origin, and may be someone else's: a script there would open a socket with the visitor's session
cookie (cross-site WebSocket hijacking). Comparing host names alone let both in.

The site's own origins, read from the settings at each handshake:

- SITE_URL, the site's public address;
- every host of ALLOWED_HOSTS at SITE_URL's scheme and port: the same site under another of its
  names (".example.org" stands for example.org and its subdomains; "*" names no origin);
- CSRF_TRUSTED_ORIGINS, as Django reads them for forms ("https://*.example.org" for subdomains).

With the development defaults (SITE_URL http://127.0.0.1:8000, ALLOWED_HOSTS 127.0.0.1 and
localhost) that is http://127.0.0.1:8000 and http://localhost:8000, where `make run` serves."""

from __future__ import annotations

from urllib.parse import urlsplit

from channels.security.websocket import WebsocketDenier
from django.conf import settings
from django.utils.http import is_same_domain

DEFAULT_PORTS = {"http": 80, "https": 443}


def _parts(url: str) -> tuple[str, str, int, str] | None:
    """(scheme, host, port, rest) of an http(s) origin, or None when it is none."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:  # "[::1", a port that is no number or out of range
        return None
    if parts.scheme not in DEFAULT_PORTS or not parts.hostname:
        return None
    port = DEFAULT_PORTS[parts.scheme] if port is None else port
    rest = parts.netloc.rpartition("@")[0] + parts.path + parts.query + parts.fragment
    return parts.scheme, parts.hostname, port, rest


def allowed_origins() -> list[tuple[str, str, int]]:
    """(scheme, host, port) of the site's own origins; a host starting with "." stands for itself
    and its subdomains."""
    scheme, host, port, _rest = _parts(settings.SITE_URL)  # checked by settings.py
    origins = [(scheme, host, port)]
    for allowed in settings.ALLOWED_HOSTS:
        if allowed != "*":
            origins.append((scheme, allowed.lower().strip("[]"), port))
    for trusted in settings.CSRF_TRUSTED_ORIGINS:
        parts = _parts(trusted.replace("://*.", "://", 1))
        if parts is not None:
            wildcard = "://*." in trusted
            origins.append((parts[0], "." + parts[1] if wildcard else parts[1], parts[2]))
    return origins


def is_allowed_origin(origin: str | None) -> bool:
    """Whether a page of `origin` (the handshake's Origin header) may open a WebSocket here."""
    parts = _parts(origin) if origin else None
    if parts is None or parts[3]:  # an origin is scheme://host[:port], nothing more
        return False
    scheme, host, port, _rest = parts
    return any(
        scheme == allowed_scheme and port == allowed_port and is_same_domain(host, allowed_host)
        for allowed_scheme, allowed_host, allowed_port in allowed_origins()
    )


class OriginCheck:
    """ASGI middleware: a WebSocket handshake from any other origin is refused (403) before it
    reaches the session, the router or a consumer."""

    def __init__(self, application):
        self.application = application

    async def __call__(self, scope, receive, send):
        if scope["type"] != "websocket":
            raise ValueError("OriginCheck guards WebSocket connections only")
        origins = [value for name, value in scope.get("headers", []) if name == b"origin"]
        # One Origin header, as a browser sends it; none or several is nobody's page.
        if len(origins) == 1 and is_allowed_origin(origins[0].decode("latin1")):
            return await self.application(scope, receive, send)
        return await WebsocketDenier()(scope, receive, send)
