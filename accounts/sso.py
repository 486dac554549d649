"""Single sign-on: what Kennisplein reads from an OpenID Connect provider or a SAML IdP.

allauth runs the protocols (accounts/adapter.py hooks into them); this module reads the claims
and checks the back-channel logout tokens an OpenID provider sends (OpenID Connect Back-Channel
Logout 1.0, section 2.6)."""

from __future__ import annotations

import time

import jwt
import requests
from allauth.socialaccount.adapter import get_adapter
from allauth.socialaccount.providers.openid_connect.provider import OpenIDConnectProvider
from allauth.socialaccount.providers.saml.provider import SAMLProvider
from django.core.cache import cache

BACKCHANNEL_LOGOUT_EVENT = "http://schemas.openid.net/event/backchannel-logout"
# Logout tokens are signed with the provider's key pair, never with a shared secret or "none".
ASYMMETRIC_ALGORITHMS = ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384"]
# How old a logout token may be (its iat), and how long its jti is remembered against replays.
LOGOUT_TOKEN_MAX_AGE = 10 * 60


def claims_of(sociallogin) -> dict:
    """The claims of this log-in as one flat dict: OIDC's userinfo over its ID token, or the SAML
    attributes under the names of SSO_SAML_ATTRIBUTES (first value of each)."""
    provider = sociallogin.provider or sociallogin.account.get_provider()
    data = sociallogin.account.extra_data or {}
    if isinstance(provider, SAMLProvider):
        mapping = provider.app.settings.get("attribute_mapping", {})
        claims = {}
        for key, names in mapping.items():
            for name in names:
                if data.get(name):
                    claims[key] = data[name][0]
                    break
        return claims
    return {**data.get("id_token", {}), **data.get("userinfo", {})}


def organisation_from(sociallogin) -> str | None:
    """The organisation the provider names in its configured claim, or None where it names none
    (SSO_OIDC_ORGANISATION_CLAIM, SSO_SAML_ORGANISATION_ATTRIBUTE)."""
    provider = sociallogin.provider or sociallogin.account.get_provider()
    claim = "organisation"
    if isinstance(provider, OpenIDConnectProvider):
        claim = provider.app.settings.get("organisation_claim")
        if not claim:
            return None
    value = claims_of(sociallogin).get(claim)
    if isinstance(value, list):  # some providers send a list (groups, several affiliations)
        value = value[0] if value else None
    value = " ".join(str(value or "").split())
    return value[:200] or None


def display_name_from(data: dict) -> str:
    """A display name from the name claims: the full name, else given and family name."""
    name = " ".join(str(data.get("name") or "").split())
    if not name:
        parts = (data.get("first_name"), data.get("last_name"))
        name = " ".join(" ".join(str(part or "") for part in parts).split())
    return name[:150]


def is_true(value) -> bool:
    """A claim's yes: JSON true, or the string "true" some providers send. Python's truth would
    read the string "false" as yes."""
    if isinstance(value, str):
        return value.strip().lower() == "true"
    return value is True


class LogoutTokenError(Exception):
    pass


def logout_token_verify(*, request, provider: OpenIDConnectProvider, token: str) -> dict:
    """The claims of a valid logout token from this provider, or LogoutTokenError.

    Checked as the specification asks: signed with a key from the provider's JWKS (an asymmetric
    algorithm), issued by the provider for this client, recent, carrying the back-channel logout
    event and a sub or sid, and no nonce (so an ID token cannot be passed off as one). Each jti is
    accepted once."""
    try:
        header = jwt.get_unverified_header(token)
    except jwt.PyJWTError as error:
        raise LogoutTokenError("not a JWT") from error
    if header.get("alg") not in ASYMMETRIC_ALGORITHMS:
        raise LogoutTokenError(f"algorithm {header.get('alg')!r} not accepted")
    try:
        oauth2_adapter = provider.get_oauth2_adapter(request)
        config = oauth2_adapter.openid_config
        with get_adapter().get_requests_session() as session:
            response = session.get(config["jwks_uri"])
            response.raise_for_status()
            keys = jwt.PyJWKSet.from_dict(response.json())
    except (requests.RequestException, ValueError, KeyError, jwt.PyJWTError) as error:
        raise LogoutTokenError("the provider's keys could not be read") from error
    key = next((k for k in keys.keys if k.key_id == header.get("kid")), None)
    if key is None and len(keys.keys) == 1 and not header.get("kid"):
        key = keys.keys[0]
    if key is None:
        raise LogoutTokenError("signed with a key the provider does not publish")
    try:
        claims = jwt.decode(
            token,
            key=key,
            algorithms=[header["alg"]],
            audience=provider.app.client_id,
            issuer=config["issuer"],
            options={"require": ["iss", "aud", "iat", "jti", "events"]},
            leeway=60,
        )
    except jwt.PyJWTError as error:
        raise LogoutTokenError(str(error)) from error
    if "nonce" in claims:
        raise LogoutTokenError("a logout token carries no nonce")
    events = claims.get("events")
    if not isinstance(events, dict) or not isinstance(events.get(BACKCHANNEL_LOGOUT_EVENT), dict):
        raise LogoutTokenError("not a back-channel logout event")
    if not (claims.get("sub") or claims.get("sid")):
        raise LogoutTokenError("names neither sub nor sid")
    if claims["iat"] < time.time() - LOGOUT_TOKEN_MAX_AGE:
        raise LogoutTokenError("too old")
    # A replay could only log the person out once more; while the cache is unreachable (it reads
    # as empty, portal/cache.py) a logout is still honoured rather than dropped.
    seen = f"sso:logout-jti:{claims['iss']}:{claims['jti']}"
    if cache.get(seen):
        raise LogoutTokenError("already used")
    cache.set(seen, 1, LOGOUT_TOKEN_MAX_AGE)
    return claims
