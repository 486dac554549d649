"""What a person sees of single sign-on without completing a log-in: the buttons on the log-in
page (only for configured providers; e-mail log-in stays), and a clear message on the log-in page
when the provider is down or an answer does not belong to any log-in of ours."""

from urllib.parse import parse_qs, urlsplit

import pytest

from bench.common import free_port
from tests.factories import PASSWORD
from tests.sso.browser import forms_of
from tests.sso.conftest import PROVIDER_ID, PROVIDER_NAME, configure_sso, oidc_environment

pytestmark = pytest.mark.django_db


def test_without_providers_the_log_in_page_has_e_mail_log_in_only(client, settings):
    settings.SOCIALACCOUNT_PROVIDERS = {}

    page = client.get("/account/login/").content.decode()

    assert 'name="password"' in page
    assert "Inloggen met" not in page
    assert client.post(f"/account/oidc/{PROVIDER_ID}/login/").status_code == 404


def test_a_configured_provider_gets_a_button_beside_e_mail_log_in(client, with_oidc, librarian):
    page = client.get("/account/login/?next=/leren/mijn/").content.decode()

    assert "Of log in via je organisatie" in page
    sso = forms_of(page)[-1]
    assert (sso.method, sso.buttons) == ("post", [(None, "", f"Inloggen met {PROVIDER_NAME}")])
    assert sso.action == f"/account/oidc/{PROVIDER_ID}/login/?process=login&next=%2Fleren%2Fmijn%2F"
    # E-mail log-in is still there, and works.
    response = client.post("/account/login/", {"login": librarian.email, "password": PASSWORD})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(librarian.pk)


def test_the_button_sends_the_person_to_the_provider_with_state_and_pkce(client, with_oidc):
    response = client.post(f"/account/oidc/{PROVIDER_ID}/login/?process=login")

    assert response.status_code == 302
    url = urlsplit(response["Location"])
    query = parse_qs(url.query)
    assert f"{url.scheme}://{url.netloc}{url.path}" == f"{with_oidc.issuer}/authorize/"
    assert set(query["scope"][0].split()) == {"openid", "profile", "email"}
    assert query["code_challenge_method"] == ["S256"]
    assert query["state"] and query["code_challenge"]


def test_a_provider_that_is_down_gets_a_message_not_a_server_error(
    client, monkeypatch, settings, oidc_provider
):
    environment = oidc_environment(oidc_provider)
    environment["SSO_OIDC_SERVER_URL"] = f"http://127.0.0.1:{free_port()}/o"
    configure_sso(monkeypatch, settings, environment)

    response = client.post(f"/account/oidc/{PROVIDER_ID}/login/?process=login", follow=True)

    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == "/account/login/"
    assert (
        f"{PROVIDER_NAME} is nu niet bereikbaar. Probeer het later opnieuw, of log in met je "
        "e-mailadres en wachtwoord." in response.content.decode()
    )


def test_a_callback_with_a_state_kennisplein_did_not_issue_is_refused(client, with_oidc):
    response = client.get(
        f"/account/oidc/{PROVIDER_ID}/login/callback/?code=gestolen&state=vervalst", follow=True
    )

    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == "/account/login/"
    assert (
        f"Het inloggen met {PROVIDER_NAME} duurde te lang of is in een ander venster begonnen."
        in response.content.decode()
    )
    assert "_auth_user_id" not in client.session


def test_an_error_from_the_provider_is_reported_in_dutch(client, with_oidc):
    """The provider sends the person back with an error of its own (here: after a state that
    Kennisplein did issue)."""
    start = client.post(f"/account/oidc/{PROVIDER_ID}/login/?process=login")
    state = start["Location"].split("state=")[1].split("&")[0]

    response = client.get(
        f"/account/oidc/{PROVIDER_ID}/login/callback/?error=server_error&state={state}",
        follow=True,
    )

    assert response.redirect_chain[-1][0] == "/account/login/"
    assert f"Inloggen met {PROVIDER_NAME} is niet gelukt." in response.content.decode()


def test_a_member_links_the_provider_from_their_profile(client, with_oidc, librarian):
    client.post("/account/login/", {"login": librarian.email, "password": PASSWORD})

    profile = client.get("/account/profiel/").content.decode()
    assert "Inloggen via je organisatie" in profile
    page = client.get("/account/3rdparty/").content.decode()

    link = forms_of(page)[-1]
    assert link.buttons == [(None, "", f"{PROVIDER_NAME} koppelen")]
    assert link.action == f"/account/oidc/{PROVIDER_ID}/login/?process=connect"
