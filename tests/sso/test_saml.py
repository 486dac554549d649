"""Log-in through a SAML 2.0 IdP: real signed assertions (tests/sso/saml_idp.py) checked by
python3-saml in allauth's SAML provider, and the forgeries it must refuse."""

import pytest
from allauth.socialaccount.models import SocialAccount
from django.test import Client

from accounts.models import Organisation, User
from tests.factories import PASSWORD, UserFactory
from tests.sso import saml_idp
from tests.sso.conftest import configure_sso

pytestmark = pytest.mark.django_db

IDP_NAME = "Bibliotheeknetwerk"
PROFILE = "/account/profiel/"


HOST = "kennisplein.test"


@pytest.fixture
def client(settings):
    # A browser sends its Host header, which python3-saml reads (Django's test client leaves it
    # out), and a name of one label ("testserver") is no valid SAML address.
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, HOST]
    return Client(HTTP_HOST=HOST)


@pytest.fixture(scope="session")
def idp_keys():
    return saml_idp.KeyPair.generate("idp.bibliotheeknetwerk.test")


@pytest.fixture
def with_saml(idp_keys, monkeypatch, settings):
    def configure(**extra):
        configure_sso(
            monkeypatch,
            settings,
            {
                "SSO_SAML_NAME": IDP_NAME,
                "SSO_SAML_IDP_ENTITY_ID": saml_idp.ENTITY_ID,
                "SSO_SAML_IDP_SSO_URL": saml_idp.SSO_URL,
                "SSO_SAML_IDP_X509CERT": idp_keys.cert_pem,
                "SSO_SAML_ORGANISATION_ATTRIBUTE": saml_idp.ORGANISATION,
                "SSO_SAML_EMAIL_VERIFIED": "bibliotheeknetwerk.test",
                **extra,
            },
        )

    configure()
    return configure


def start_log_in(client) -> saml_idp.AuthnRequest:
    """The person presses the IdP's button on the log-in page; Kennisplein sends them to the IdP
    with an AuthnRequest."""
    page = client.get(f"/account/login/?next={PROFILE}").content.decode()
    assert f"Inloggen met {IDP_NAME}" in page
    response = client.post(f"/account/saml/idp/login/?process=login&next={PROFILE}")
    assert response.status_code == 302
    return saml_idp.AuthnRequest.from_redirect(response["Location"])


def post_to_acs(client, request, saml_response):
    """The IdP's page posts the response to Kennisplein's assertion consumer service."""
    return client.post(
        request.acs_url.removeprefix(f"http://{HOST}"),
        {"SAMLResponse": saml_response, "RelayState": request.relay_state},
        follow=True,
    )


def person(
    name="Lies Lezer", email="lies@bibliotheeknetwerk.test", organisation="Bibliotheek Gent"
):
    return {
        saml_idp.EMAIL: email,
        saml_idp.DISPLAY_NAME: name,
        saml_idp.ORGANISATION: organisation,
    }


def logged_in_user(client):
    return client.get(PROFILE).wsgi_request.user


def test_first_log_in_creates_an_account_with_the_organisation_attribute(
    client, with_saml, idp_keys
):
    gent = Organisation.objects.create(name="Bibliotheek Gent")
    request = start_log_in(client)

    response = post_to_acs(
        client,
        request,
        saml_idp.saml_response(request, keys=idp_keys, name_id="lies-1", attributes=person()),
    )

    assert response.redirect_chain[-1][0] == PROFILE
    user = User.objects.get(email="lies@bibliotheeknetwerk.test")
    assert (user.display_name, user.organisation, user.library) == (
        "Lies Lezer",
        "Bibliotheek Gent",
        gent,
    )
    assert SocialAccount.objects.get(user=user).uid == "lies-1"
    assert logged_in_user(client) == user


def test_an_idp_trusted_for_the_domain_logs_into_the_existing_account(client, with_saml, idp_keys):
    lies = UserFactory(email="lies@bibliotheeknetwerk.test", display_name="Lies")
    request = start_log_in(client)

    post_to_acs(
        client,
        request,
        saml_idp.saml_response(request, keys=idp_keys, name_id="lies-1", attributes=person()),
    )

    assert logged_in_user(client) == lies
    assert SocialAccount.objects.get().user == lies


def test_an_idp_whose_addresses_are_not_trusted_never_opens_an_existing_account(
    client, with_saml, idp_keys
):
    """SSO_SAML_EMAIL_VERIFIED says whether an IdP's e-mail assertions count as verified; for an
    address outside its trusted domains a matching account stays shut."""
    with_saml(SSO_SAML_EMAIL_VERIFIED="0")
    lies = UserFactory(email="lies@bibliotheeknetwerk.test")
    request = start_log_in(client)

    response = post_to_acs(
        client,
        request,
        saml_idp.saml_response(request, keys=idp_keys, name_id="iemand", attributes=person()),
    )

    assert response.redirect_chain[-1][0] == "/account/login/"
    assert "bevestigt niet dat dit adres van jou is" in response.content.decode()
    assert not logged_in_user(client).is_authenticated
    assert not SocialAccount.objects.exists()
    lies.refresh_from_db()
    assert lies.check_password(PASSWORD)


def _swap_address(xml):
    return xml.replace("lies@bibliotheeknetwerk.test", "directeur@bibliotheeknetwerk.test")


@pytest.mark.parametrize(
    "forgery",
    [
        pytest.param({"keys": None}, id="unsigned"),
        pytest.param({"keys": "attacker"}, id="signed-by-another-key"),
        pytest.param({"tamper": _swap_address}, id="changed-after-signing"),
        pytest.param({"acs_url": "http://elders.test/acs/"}, id="meant-for-another-site"),
        pytest.param({"sp_entity_id": "https://elders.test/saml"}, id="for-another-audience"),
    ],
)
def test_a_forged_or_misdirected_assertion_logs_nobody_in(client, with_saml, idp_keys, forgery):
    director = UserFactory(email="directeur@bibliotheeknetwerk.test")
    request = start_log_in(client)
    if forgery.get("keys") == "attacker":
        forgery["keys"] = saml_idp.KeyPair.generate("idp.bibliotheeknetwerk.test")
    kwargs = {"keys": idp_keys, **forgery}

    response = post_to_acs(
        client,
        request,
        saml_idp.saml_response(request, name_id="lies-1", attributes=person(), **kwargs),
    )

    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == "/account/login/"
    assert (
        f"Inloggen met {IDP_NAME} is niet gelukt. Probeer het opnieuw, of log in met je "
        "e-mailadres en wachtwoord." in response.content.decode()
    )
    assert not logged_in_user(client).is_authenticated
    assert not SocialAccount.objects.exists()
    assert list(User.objects.all()) == [director]


def test_a_response_cannot_be_replayed_nor_sent_unasked(client, with_saml, idp_keys):
    request = start_log_in(client)
    genuine = saml_idp.saml_response(request, keys=idp_keys, name_id="lies-1", attributes=person())
    post_to_acs(client, request, genuine)
    client.post("/account/logout/")

    replayed = post_to_acs(client, request, genuine)
    unasked = post_to_acs(
        client,
        request,
        saml_idp.saml_response(
            None,
            keys=idp_keys,
            name_id="lies-1",
            attributes=person(),
            acs_url=request.acs_url,
            sp_entity_id=request.sp_entity_id,
        ),
    )

    for response in (replayed, unasked):
        assert response.redirect_chain[-1][0] == "/account/login/"
        assert not logged_in_user(client).is_authenticated


def test_the_service_provider_metadata_names_the_assertion_consumer_service(client, with_saml):
    response = client.get("/account/saml/idp/metadata/")

    assert response.status_code == 200
    assert f'Location="http://{HOST}/account/saml/idp/acs/"'.encode() in response.content


def test_without_a_configured_idp_its_addresses_do_not_exist(client, settings):
    settings.SOCIALACCOUNT_PROVIDERS = {}
    assert client.get("/account/saml/idp/metadata/").status_code == 404
    assert "Inloggen met" not in client.get("/account/login/").content.decode()
