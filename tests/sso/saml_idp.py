"""A SAML 2.0 identity provider for the tests, in this process: it reads the AuthnRequest that
Kennisplein's redirect carries (HTTP-Redirect binding), answers with a Response whose assertion it
signs with XML Signature (python3-saml's signing, xmlsec underneath) using a key and certificate
made for the run, and posts it to Kennisplein's assertion consumer service, as a browser carries
an IdP's auto-submitted form."""

from __future__ import annotations

import base64
import datetime
import uuid
import zlib
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit
from xml.sax.saxutils import escape, quoteattr

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from lxml import etree
from onelogin.saml2.utils import OneLogin_Saml2_Utils

ENTITY_ID = "https://idp.bibliotheeknetwerk.test/saml"
SSO_URL = "https://idp.bibliotheeknetwerk.test/saml/sso"
NS = {
    "samlp": "urn:oasis:names:tc:SAML:2.0:protocol",
    "saml": "urn:oasis:names:tc:SAML:2.0:assertion",
}
EMAIL = "urn:oid:0.9.2342.19200300.100.1.3"
DISPLAY_NAME = "urn:oid:2.16.840.1.113730.3.1.241"
ORGANISATION = "urn:oid:2.5.4.10"


@dataclass
class KeyPair:
    key_pem: str
    cert_pem: str

    @classmethod
    def generate(cls, common_name: str) -> KeyPair:
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])
        now = datetime.datetime.now(datetime.UTC)
        cert = (
            x509.CertificateBuilder()
            .subject_name(name)
            .issuer_name(name)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(days=1))
            .not_valid_after(now + datetime.timedelta(days=1))
            .sign(key, hashes.SHA256())
        )
        return cls(
            key_pem=key.private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.TraditionalOpenSSL,
                serialization.NoEncryption(),
            ).decode(),
            cert_pem=cert.public_bytes(serialization.Encoding.PEM).decode(),
        )


@dataclass
class AuthnRequest:
    id: str
    acs_url: str
    sp_entity_id: str
    relay_state: str

    @classmethod
    def from_redirect(cls, location: str) -> AuthnRequest:
        assert location.startswith(SSO_URL), location
        query = parse_qs(urlsplit(location).query)
        xml = zlib.decompress(base64.b64decode(query["SAMLRequest"][0]), -15)
        root = etree.fromstring(xml)  # noqa: S320 (Kennisplein's own request)
        return cls(
            id=root.get("ID"),
            acs_url=root.get("AssertionConsumerServiceURL"),
            sp_entity_id=root.find("saml:Issuer", NS).text,
            relay_state=query.get("RelayState", [""])[0],
        )


def _instant(delta_minutes: int = 0) -> str:
    moment = datetime.datetime.now(datetime.UTC) + datetime.timedelta(minutes=delta_minutes)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def assertion_xml(
    request: AuthnRequest | None, *, acs_url: str, sp_entity_id: str, name_id: str, attributes
) -> str:
    in_response_to = f" InResponseTo={quoteattr(request.id)}" if request else ""
    values = "".join(
        f'<saml:Attribute Name={quoteattr(name)} NameFormat="urn:oasis:names:tc:SAML:2.0:'
        f'attrname-format:uri"><saml:AttributeValue xsi:type="xs:string">{escape(value)}'
        f"</saml:AttributeValue></saml:Attribute>"
        for name, value in attributes.items()
    )
    return (
        '<saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" '
        'xmlns:xs="http://www.w3.org/2001/XMLSchema" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
        f'ID="_{uuid.uuid4().hex}" Version="2.0" IssueInstant="{_instant()}">'
        f"<saml:Issuer>{ENTITY_ID}</saml:Issuer>"
        "<saml:Subject>"
        '<saml:NameID Format="urn:oasis:names:tc:SAML:2.0:nameid-format:persistent">'
        f"{escape(name_id)}</saml:NameID>"
        '<saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer">'
        f'<saml:SubjectConfirmationData NotOnOrAfter="{_instant(5)}" '
        f"Recipient={quoteattr(acs_url)}{in_response_to}/>"
        "</saml:SubjectConfirmation></saml:Subject>"
        f'<saml:Conditions NotBefore="{_instant(-1)}" NotOnOrAfter="{_instant(5)}">'
        f"<saml:AudienceRestriction><saml:Audience>{escape(sp_entity_id)}</saml:Audience>"
        "</saml:AudienceRestriction></saml:Conditions>"
        f'<saml:AuthnStatement AuthnInstant="{_instant()}" SessionIndex="_{uuid.uuid4().hex}">'
        "<saml:AuthnContext><saml:AuthnContextClassRef>"
        "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport"
        "</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>"
        f"<saml:AttributeStatement>{values}</saml:AttributeStatement>"
        "</saml:Assertion>"
    )


def response_xml(request: AuthnRequest | None, *, acs_url: str, assertion: str) -> str:
    in_response_to = f" InResponseTo={quoteattr(request.id)}" if request else ""
    return (
        '<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" '
        'xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" '
        f'ID="_{uuid.uuid4().hex}" Version="2.0" IssueInstant="{_instant()}" '
        f"Destination={quoteattr(acs_url)}{in_response_to}>"
        f"<saml:Issuer>{ENTITY_ID}</saml:Issuer>"
        '<samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/>'
        "</samlp:Status>"
        f"{assertion}"
        "</samlp:Response>"
    )


def sign(xml: str, keys: KeyPair) -> str:
    """An enveloped XML Signature over the element (its first saml:Issuer's parent)."""
    signed = OneLogin_Saml2_Utils.add_sign(xml, keys.key_pem, keys.cert_pem)
    return signed.decode() if isinstance(signed, bytes) else signed


def saml_response(
    request: AuthnRequest | None,
    *,
    keys: KeyPair | None,
    name_id: str,
    attributes: dict,
    acs_url: str | None = None,
    sp_entity_id: str | None = None,
    tamper=None,
) -> str:
    """The base64 SAMLResponse an IdP posts back: the assertion signed with `keys` (unsigned
    with None), and `tamper(xml)` applied after signing, as an attacker would."""
    acs_url = acs_url or request.acs_url
    sp_entity_id = sp_entity_id or request.sp_entity_id
    assertion = assertion_xml(
        request, acs_url=acs_url, sp_entity_id=sp_entity_id, name_id=name_id, attributes=attributes
    )
    if keys is not None:
        assertion = sign(assertion, keys)
    xml = response_xml(request, acs_url=acs_url, assertion=assertion)
    if tamper is not None:
        xml = tamper(xml)
    return base64.b64encode(xml.encode()).decode()
