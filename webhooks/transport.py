"""One HTTP POST to a webhook's URL, refusing private networks (SSRF).

The host name is resolved once; every address it resolves to must be public (not loopback,
private, link-local — where cloud metadata services live —, multicast or reserved; an IPv6
address that carries an IPv4 address — mapped, NAT64, 6to4, Teredo — only when the IPv4 address
inside is public too: `is_public`), and the connection goes to the address that was checked, so
a DNS answer that changes between the check and the connection (DNS rebinding) cannot lead it
inside. Redirects are not followed.
WEBHOOKS_ALLOW_PRIVATE_URLS (on in development and tests) switches the check off."""

import http.client
import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.translation import gettext as _

RESPONSE_KEPT = 2000  # characters of the receiver's answer kept in the log


class RefusedAddress(Exception):
    pass


@dataclass
class Result:
    status: int | None
    body: str = ""
    error: str = ""

    @property
    def ok(self) -> bool:
        return self.status is not None and 200 <= self.status < 300


# IPv6 prefixes whose last 32 bits are an IPv4 address that the host's own stack or a NAT64
# translator connects to: IPv4-mapped, IPv4-translated (SIIT), IPv4-compatible (deprecated; ::1
# and :: carry 0.0.0.1 and 0.0.0.0), the well-known NAT64 prefix and the local-use one's /96.
_CARRY_LAST_32_BITS = tuple(
    ipaddress.IPv6Network(prefix)
    for prefix in ("::ffff:0:0/96", "::ffff:0:0:0/96", "::/96", "64:ff9b::/96", "64:ff9b:1::/96")
)
# The rest of the local-use NAT64 prefix (RFC 8215): in RFC 6052's /48 to /64 layouts the IPv4
# address sits where the operator's prefix length puts it, which cannot be told from outside.
_NAT64_LOCAL_USE = ipaddress.IPv6Network("64:ff9b:1::/48")
_SIX_TO_FOUR = ipaddress.IPv6Network("2002::/16")
_TEREDO = ipaddress.IPv6Network("2001::/32")


def _is_global(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    return ip.is_global and not ip.is_multicast


def is_public(address: str) -> bool:
    """Whether a connection to `address` ends on the public internet. The one rule of what a
    webhook may reach: a public IPv4 address, or a global IPv6 address; an IPv6 address that
    carries an IPv4 address (which a translator, a relay or the host's own stack would connect
    to) only when every IPv4 address it carries is public too."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv4Address):
        return _is_global(ip)
    if any(ip in prefix for prefix in _CARRY_LAST_32_BITS):
        # The prefix is a translator's, global or not; the connection ends at the IPv4 inside.
        return _is_global(ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF))
    if ip in _NAT64_LOCAL_USE:
        return False
    carried = []
    if ip in _SIX_TO_FOUR:
        carried = [ip.sixtofour]  # bits 16-47
    elif ip in _TEREDO:
        carried = list(ip.teredo)  # the server, and the client: the last 32 bits ^ 0xffffffff
    # Teredo is not globally reachable (IANA's special-purpose registry), so it stays refused
    # whatever it carries; the carried addresses are checked all the same.
    return _is_global(ip) and all(map(_is_global, carried))


def _split(url: str) -> tuple[str, str, int, str]:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise RefusedAddress(_("Use an http:// or https:// address."))
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        raise RefusedAddress(_("The port of this address is not valid.")) from None
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return parts.scheme, parts.hostname, port, path


def resolve(host: str, port: int) -> list[str]:
    """The addresses to connect to; RefusedAddress if any of them is not public (unless private
    addresses are allowed)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        raise RefusedAddress(
            _("The host name %(host)s does not resolve.") % {"host": host}
        ) from None
    addresses = list(dict.fromkeys(info[4][0] for info in infos))
    if not settings.WEBHOOKS_ALLOW_PRIVATE_URLS and not all(map(is_public, addresses)):
        raise RefusedAddress(
            _("%(host)s points into a private network; webhooks only go to public addresses.")
            % {"host": host}
        )
    return addresses


def check_url(url: str) -> None:
    """For the admin form: RefusedAddress with a message when the URL may not be used. A host
    that does not resolve now is accepted (it is checked again at every delivery)."""
    scheme, host, port, _path = _split(url)
    try:
        resolve(host, port)
    except RefusedAddress:
        try:
            socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except (socket.gaierror, UnicodeError):
            return
        raise


class _PinnedHTTP(http.client.HTTPConnection):
    def __init__(self, host, port, address, timeout):
        super().__init__(host, port, timeout=timeout)
        self.address = address

    def connect(self):
        self.sock = socket.create_connection((self.address, self.port), self.timeout)


class _PinnedHTTPS(http.client.HTTPSConnection):
    def __init__(self, host, port, address, timeout):
        super().__init__(host, port, timeout=timeout)
        self.address = address

    def connect(self):
        sock = socket.create_connection((self.address, self.port), self.timeout)
        # The certificate is checked against the host name, not the address.
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


def post(url: str, body: bytes, headers: dict[str, str], *, timeout: float) -> Result:
    try:
        scheme, host, port, path = _split(url)
        address = resolve(host, port)[0]
    except RefusedAddress as refused:
        return Result(None, error=str(refused))
    connection_class = _PinnedHTTPS if scheme == "https" else _PinnedHTTP
    connection = connection_class(host, port, address, timeout)
    try:
        connection.request("POST", path, body=body, headers=headers)
        response = connection.getresponse()
        answer = response.read(RESPONSE_KEPT).decode("utf-8", errors="replace")
        return Result(response.status, body=answer)
    except TimeoutError:
        return Result(None, error=_("No answer within %(seconds)s seconds.") % {"seconds": timeout})
    except (OSError, http.client.HTTPException) as error:
        return Result(None, error=f"{type(error).__name__}: {error}")
    finally:
        connection.close()
