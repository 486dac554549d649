"""Webhook addresses (issue 21, class 6): an IPv6 address that carries an IPv4 address reaches
that IPv4 address (through the host's own stack, a NAT64 translator, a 6to4 or Teredo relay), so
it is as private as the IPv4 address inside. Every form, with private and public IPv4 addresses
inside, through the doors a webhook URL takes: the admin form's check, and a delivery whose host
name resolves to the address (a DNS answer the webhook's owner controls), which must connect to
exactly the address it checked or not at all."""

import ipaddress
import socket

import pytest

from webhooks import transport
from webhooks.models import Webhook

PRIVATE_IPV4 = {
    "loopback": "127.0.0.1",
    "private": "10.1.2.3",
    "cloud metadata": "169.254.169.254",
    "home network": "192.168.1.1",
    "carrier-grade NAT": "100.64.0.1",
    "this network": "0.0.0.0",  # noqa: S104 - an address under test, not a bind
}
PUBLIC_IPV4 = {"example.com": "93.184.216.34", "public DNS": "8.8.8.8"}
TEREDO_SERVER = ipaddress.IPv4Address("65.54.227.120")  # a public Teredo server


def _teredo(server: ipaddress.IPv4Address, client: ipaddress.IPv4Address) -> str:
    """2001:0000:<server>:<flags>:<port ^ 0xffff>:<client ^ 0xffffffff> (RFC 4380)."""
    value = (0x20010000 << 96) | (int(server) << 64) | (0x8000 << 48) | ((40000 ^ 0xFFFF) << 32)
    return str(ipaddress.IPv6Address(value | (int(client) ^ 0xFFFFFFFF)))


def _six_to_four(v4: ipaddress.IPv4Address) -> str:
    """2002:<v4>::/48, a host in it (RFC 3056)."""
    return str(ipaddress.IPv6Address((0x2002 << 112) | (int(v4) << 80) | 1))


# Every IPv6 form that carries an IPv4 address; the argument is the IPv4 address carried.
FORMS = {
    "IPv4-mapped ::ffff:0:0/96": lambda v4: f"::ffff:{v4}",
    "IPv4-compatible ::/96": lambda v4: f"::{v4}",
    "IPv4-translated ::ffff:0:0:0/96": lambda v4: f"::ffff:0:{v4}",
    "NAT64 64:ff9b::/96": lambda v4: f"64:ff9b::{v4}",
    "NAT64 local 64:ff9b:1::/48": lambda v4: f"64:ff9b:1::{v4}",
    "6to4 2002::/16": _six_to_four,
    "Teredo client": lambda v4: _teredo(TEREDO_SERVER, v4),
    "Teredo server": lambda v4: _teredo(v4, ipaddress.IPv4Address("93.184.216.34")),
}

REFUSED = {
    f"{form} carrying {name} {v4}": spell(ipaddress.IPv4Address(v4))
    for form, spell in FORMS.items()
    for name, v4 in PRIVATE_IPV4.items()
}
# Not globally reachable whatever they carry: Teredo as a whole (IANA's special-purpose registry),
# and the local-use NAT64 prefix in the layouts where the IPv4 address is not the last 32 bits
# (RFC 6052 /48 to /64: where it sits depends on the operator's prefix length).
REFUSED |= {
    "Teredo carrying public addresses": _teredo(
        TEREDO_SERVER, ipaddress.IPv4Address("93.184.216.34")
    ),
    "NAT64 local, another layout": "64:ff9b:1:5db8:d8:2200::",
    "loopback ::1": "::1",
    "unspecified ::": "::",
    "unique local fc00::/7": "fd12:3456::1",
    "link-local fe80::/10": "fe80::1",
    "documentation 2001:db8::/32": "2001:db8::1",
    "multicast ff00::/8": "ff0e::1",
}
ALLOWED = {
    f"{form} carrying {name} {v4}": FORMS[form](ipaddress.IPv4Address(v4))
    for form in (
        "IPv4-mapped ::ffff:0:0/96",
        "IPv4-compatible ::/96",
        "IPv4-translated ::ffff:0:0:0/96",
        "NAT64 64:ff9b::/96",
        "NAT64 local 64:ff9b:1::/48",
        "6to4 2002::/16",
    )
    for name, v4 in PUBLIC_IPV4.items()
} | {
    "global IPv6": "2606:4700:4700::1111",
    "global IPv6 (another)": "2a00:1450:4001:82b::200e",
    "public IPv4": "93.184.216.34",
}


@pytest.fixture(autouse=True)
def _production(settings):
    settings.WEBHOOKS_ALLOW_PRIVATE_URLS = False


@pytest.fixture
def dns(monkeypatch):
    """hook.example resolves to whatever the test puts in `answer` (the owner's own DNS), and
    every connection attempt is recorded and refused (nothing leaves the machine)."""
    answer, connections = [], []
    real_getaddrinfo = socket.getaddrinfo

    def getaddrinfo(host, port, *args, **kwargs):
        if host != "hook.example":
            return real_getaddrinfo(host, port, *args, **kwargs)
        family = socket.AF_INET6 if ":" in answer[0] else socket.AF_INET
        return [(family, socket.SOCK_STREAM, 6, "", (answer[0], port))]

    def create_connection(address, *args, **kwargs):
        connections.append(address[0])
        raise ConnectionRefusedError("not in a test")

    monkeypatch.setattr(transport.socket, "getaddrinfo", getaddrinfo)
    monkeypatch.setattr(transport.socket, "create_connection", create_connection)
    return answer, connections


@pytest.mark.parametrize("address", REFUSED.values(), ids=REFUSED.keys())
def test_an_address_that_reaches_a_private_network_is_refused(address, dns):
    with pytest.raises(transport.RefusedAddress):
        transport.check_url(f"http://[{address}]:8080/hook")  # the literal, no DNS

    answer, connections = dns
    answer.append(address)
    with pytest.raises(transport.RefusedAddress):
        transport.check_url("https://hook.example/hook")
    result = transport.post("https://hook.example/hook", b"{}", {}, timeout=1)
    assert result.status is None and "privénetwerk" in result.error
    assert connections == []


@pytest.mark.parametrize("address", ALLOWED.values(), ids=ALLOWED.keys())
def test_a_public_address_stays_allowed_and_is_the_one_connected_to(address, dns):
    transport.check_url(f"http://[{address}]/hook" if ":" in address else f"http://{address}/")

    answer, connections = dns
    answer.append(address)
    transport.check_url("https://hook.example/hook")
    result = transport.post("https://hook.example/hook", b"{}", {}, timeout=1)
    assert "ConnectionRefusedError" in result.error
    assert connections == [address]  # pinned: the address that was checked


@pytest.mark.django_db
@pytest.mark.parametrize(
    "form", ["NAT64 64:ff9b::/96", "6to4 2002::/16", "IPv4-compatible ::/96", "Teredo client"]
)
def test_the_admin_refuses_a_webhook_to_a_carried_loopback_address(client, editor, form):
    client.force_login(editor)
    address = FORMS[form](ipaddress.IPv4Address("127.0.0.1"))
    response = client.post(
        "/admin/webhooks/new/",
        {"name": "Intern", "url": f"http://[{address}]/hook", "events": ["document.uploaded"]},
    )
    assert "wijst naar een privénetwerk" in response.content.decode()
    assert not Webhook.objects.exists()
