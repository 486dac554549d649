"""The SSO_* variables as portal/settings.py reads them: nothing set, nothing on; each provider
switched on by its own variables, with the safe choices as defaults."""

import os

import pytest
from django.core.exceptions import ImproperlyConfigured

from accounts.sso import is_true
from portal import settings as portal_settings


@pytest.fixture
def environment(monkeypatch):
    for name in list(os.environ):
        if name.startswith("SSO_"):
            monkeypatch.delenv(name)

    def set_(**variables):
        for name, value in variables.items():
            monkeypatch.setenv(name, value)
        return portal_settings.sso_providers()

    return set_


def test_without_variables_no_provider_is_configured(environment):
    assert environment() == {}


def test_an_openid_provider_from_its_variables(environment):
    providers = environment(
        SSO_OIDC_NAME="Microsoft Entra ID",
        SSO_OIDC_SERVER_URL="https://login.microsoftonline.com/tenant-id/v2.0",
        SSO_OIDC_CLIENT_ID="client",
        SSO_OIDC_CLIENT_SECRET="secret",
        SSO_OIDC_VERIFIED_EMAIL_DOMAINS="bibliotheek.be, Cultuurhuis.be",
        SSO_OIDC_ORGANISATION_CLAIM="extension_library",
    )

    (app,) = providers["openid_connect"]["APPS"]
    assert (app["provider_id"], app["name"], app["client_id"], app["secret"]) == (
        "sso",
        "Microsoft Entra ID",
        "client",
        "secret",
    )
    assert app["settings"] == {
        "server_url": "https://login.microsoftonline.com/tenant-id/v2.0",
        "scope": ["openid", "profile", "email"],
        "oauth_pkce_enabled": True,
        "verified_email": ["bibliotheek.be", "cultuurhuis.be"],
        "organisation_claim": "extension_library",
    }
    assert "saml" not in providers


def test_an_openid_provider_trusts_only_its_email_verified_claim_by_default(environment):
    providers = environment(
        SSO_OIDC_SERVER_URL="https://sso.example.org/realms/bib", SSO_OIDC_CLIENT_ID="kp"
    )
    assert providers["openid_connect"]["APPS"][0]["settings"]["verified_email"] is False


@pytest.mark.parametrize(
    "variables, named",
    [
        ({"SSO_OIDC_SERVER_URL": "https://sso.example.org/realms/bib"}, "SSO_OIDC_CLIENT_ID"),
        ({"SSO_SAML_IDP_ENTITY_ID": "https://idp.example.org"}, "SSO_SAML_IDP_METADATA_URL"),
        (
            {
                "SSO_SAML_IDP_ENTITY_ID": "https://idp.example.org",
                "SSO_SAML_IDP_SSO_URL": "https://idp.example.org/sso",
            },
            "SSO_SAML_IDP_X509CERT",
        ),
    ],
)
def test_a_half_configured_provider_stops_the_start_with_a_message(environment, variables, named):
    with pytest.raises(ImproperlyConfigured, match=named):
        environment(**variables)


def test_the_providers_log_in_pages_are_allowed_as_form_targets(environment):
    environment(
        SSO_OIDC_SERVER_URL="https://sso.example.org/realms/bib",
        SSO_OIDC_CLIENT_ID="kp",
        SSO_SAML_IDP_ENTITY_ID="https://idp.example.org/saml",
        SSO_SAML_IDP_METADATA_URL="https://login.example.com/metadata.xml",
        SSO_FORM_ACTION_ORIGINS="https://auth.example.net, https://sso.example.org",
    )
    assert portal_settings.sso_form_action_origins() == [
        "https://sso.example.org",
        "https://login.example.com",
        "https://auth.example.net",
    ]


def test_a_saml_idp_from_its_metadata_or_its_certificate(environment):
    by_metadata = environment(
        SSO_SAML_IDP_ENTITY_ID="https://idp.example.org",
        SSO_SAML_IDP_METADATA_URL="https://idp.example.org/metadata",
        SSO_SAML_ATTRIBUTES="email=mail, name=cn",
        SSO_SAML_ORGANISATION_ATTRIBUTE="o",
    )["saml"]["APPS"][0]
    assert by_metadata["client_id"] == "idp"
    settings = by_metadata["settings"]
    assert settings["idp"] == {
        "entity_id": "https://idp.example.org",
        "metadata_url": "https://idp.example.org/metadata",
    }
    assert settings["attribute_mapping"]["email"] == ["mail"]
    assert settings["attribute_mapping"]["name"] == ["cn"]
    assert settings["attribute_mapping"]["organisation"] == ["o"]
    assert "email_verified" not in settings["attribute_mapping"]
    assert settings["verified_email"] is False
    assert settings["advanced"] == {"want_assertion_signed": True}

    by_certificate = environment(
        SSO_SAML_IDP_METADATA_URL="",
        SSO_SAML_IDP_SSO_URL="https://idp.example.org/sso",
        SSO_SAML_IDP_X509CERT="MIIC...",
        SSO_SAML_EMAIL_VERIFIED="1",
    )["saml"]["APPS"][0]["settings"]
    assert by_certificate["idp"] == {
        "entity_id": "https://idp.example.org",
        "sso_url": "https://idp.example.org/sso",
        "x509cert": "MIIC...",
    }
    assert by_certificate["verified_email"] is True


@pytest.mark.parametrize(
    "claim, verified",
    [
        (True, True),
        ("true", True),
        ("TRUE", True),
        (False, False),
        ("false", False),
        (None, False),
        (1, False),
        ("yes", False),
    ],
)
def test_only_a_true_email_verified_claim_counts(claim, verified):
    """Some providers send the claim as a string; "false" must not pass for true."""
    assert is_true(claim) is verified
