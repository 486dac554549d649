"""Log-in through a real OpenID provider (tests/sso/provider/, django-oauth-toolkit in its own
process): Kennisplein's log-in page, the provider's log-in and consent, the callback, and the
provider's back-channel logout, all over HTTP."""

import pytest
from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount

from accounts.models import Organisation, User
from tests.factories import PASSWORD, UserFactory
from tests.sso.browser import Browser
from tests.sso.conftest import PROVIDER_ID, PROVIDER_NAME

pytestmark = pytest.mark.django_db(transaction=True)

PROFILE = "/account/profiel/"


def sso_log_in(browser, live_server, email, *, password=PASSWORD, allow=True):
    """The person's clicks: the provider's button on Kennisplein's log-in page, the provider's
    log-in form (unless they are logged in there already), its consent screen."""
    page = browser.get(f"{live_server.url}/account/login/?next={PROFILE}")
    page = page.submit(page.form(button=f"Inloggen met {PROVIDER_NAME}"))
    if any(form.attrs.get("id") == "provider-login" for form in page.forms):
        page = page.submit(
            page.form(id="provider-login"), {"username": email, "password": password}
        )
    if any(form.attrs.get("id") == "authorizationForm" for form in page.forms):
        page = page.submit(page.form(id="authorizationForm"), button="allow" if allow else None)
    return page


def password_log_in(browser, live_server, email):
    page = browser.get(f"{live_server.url}/account/login/")
    return page.submit(page.form(button="Aanmelden"), {"login": email, "password": PASSWORD})


def logged_in(browser, live_server) -> bool:
    response = browser.session.get(f"{live_server.url}{PROFILE}", allow_redirects=False)
    return response.status_code == 200


def test_first_log_in_creates_an_account_with_name_and_organisation_from_the_claims(
    live_provider, browser, live_server
):
    gent = Organisation.objects.create(name="Bibliotheek Gent", city="Gent")
    live_provider.person(
        "an.peeters@gent.test",
        password=PASSWORD,
        first_name="An",
        last_name="Peeters",
        organisation="bibliotheek gent",
    )

    page = sso_log_in(browser, live_server, "an.peeters@gent.test")

    assert page.url == f"{live_server.url}{PROFILE}"
    assert 'value="An Peeters"' in page.text
    user = User.objects.get(email="an.peeters@gent.test")
    assert (user.display_name, user.organisation, user.library) == (
        "An Peeters",
        "bibliotheek gent",
        gent,
    )
    assert not user.has_usable_password()
    assert user.socialaccount_set.get().provider == PROVIDER_ID
    assert EmailAddress.objects.get(user=user).verified


def test_a_verified_address_logs_into_the_existing_account_and_links_it(
    live_provider, browser, live_server
):
    bram = UserFactory(email="bram@gent.test", display_name="Bram Bibliothecaris", library=None)
    Organisation.objects.create(name="Bibliotheek Gent")
    live_provider.person(
        "bram@gent.test",
        password="bij-de-provider",
        first_name="B.",
        organisation="Bibliotheek Gent",
    )

    page = sso_log_in(browser, live_server, "bram@gent.test", password="bij-de-provider")

    assert 'value="Bram Bibliothecaris"' in page.text  # his own account, his own name
    assert User.objects.count() == 1
    assert SocialAccount.objects.get().user == bram
    bram.refresh_from_db()
    assert bram.library.name == "Bibliotheek Gent"
    assert bram.has_usable_password()  # his address was verified: nothing to fear, nothing wiped


def test_an_unverified_address_never_opens_the_account_of_whoever_owns_it(
    live_provider, browser, live_server
):
    """The attack: at a provider that does not check addresses, someone registers the address of
    a Kennisplein member and logs in through it."""
    victim = UserFactory(email="directeur@gent.test", display_name="Dirk Directeur")
    live_provider.person(
        "directeur@gent.test",
        password="van-de-aanvaller",
        first_name="Niet",
        last_name="Dirk",
        email_verified=False,
    )

    page = sso_log_in(browser, live_server, "directeur@gent.test", password="van-de-aanvaller")

    assert page.url.startswith(f"{live_server.url}/account/login/")
    assert (
        "Er bestaat al een account met het e-mailadres directeur@gent.test, maar Testprovider "
        "bevestigt niet dat dit adres van jou is." in page.text
    )
    assert not logged_in(browser, live_server)
    assert not SocialAccount.objects.exists()
    assert list(User.objects.all()) == [victim]
    victim.refresh_from_db()
    assert victim.check_password(PASSWORD)


def test_an_account_deactivated_on_kennisplein_cannot_log_in_through_the_provider(
    live_provider, browser, live_server
):
    live_provider.person("weg@gent.test", password=PASSWORD)
    sso_log_in(browser, live_server, "weg@gent.test")
    user = User.objects.get(email="weg@gent.test")
    user.is_active = False
    user.save()

    assert not logged_in(browser, live_server)
    again = Browser()
    page = sso_log_in(again, live_server, "weg@gent.test")
    assert page.url == f"{live_server.url}/account/inactive/"
    assert not logged_in(again, live_server)


def test_logging_out_at_the_provider_ends_that_session_only(live_provider, browser, live_server):
    """Back-channel logout with the provider session's sid: the Kennisplein session that came
    from it ends; the person's password session in another browser goes on."""
    UserFactory(email="cas@gent.test")
    live_provider.person("cas@gent.test", password="bij-de-provider")
    sso_log_in(browser, live_server, "cas@gent.test", password="bij-de-provider")
    other = Browser()
    password_log_in(other, live_server, "cas@gent.test")
    assert logged_in(browser, live_server) and logged_in(other, live_server)

    page = browser.post(f"{live_provider.url}/logout/", {})

    assert "[200]" in page.text  # what Kennisplein answered the provider
    assert not logged_in(browser, live_server)
    assert logged_in(other, live_server)


def test_disabling_a_person_at_the_provider_ends_all_their_sessions(
    live_provider, browser, live_server
):
    UserFactory(email="eva@gent.test")
    live_provider.person("eva@gent.test", password="bij-de-provider")
    sso_log_in(browser, live_server, "eva@gent.test", password="bij-de-provider")
    other = Browser()
    password_log_in(other, live_server, "eva@gent.test")

    answer = live_provider.person("eva@gent.test", is_active=False)

    assert answer["backchannel"] == [200]
    assert not logged_in(browser, live_server)
    assert not logged_in(other, live_server)
    # And the provider refuses her next log-in, so Kennisplein never hears of one.
    again = Browser()
    page = sso_log_in(again, live_server, "eva@gent.test", password="bij-de-provider")
    assert page.url.startswith(f"{live_provider.url}/login/")
    assert not logged_in(again, live_server)


def test_cancelling_at_the_provider_says_so_on_the_log_in_page(live_provider, browser, live_server):
    live_provider.person("twijfel@gent.test", password=PASSWORD)

    page = sso_log_in(browser, live_server, "twijfel@gent.test", allow=False)

    assert page.url.startswith(f"{live_server.url}/account/login/")
    assert "Inloggen met Testprovider is afgebroken. Je bent niet ingelogd." in page.text
    assert not User.objects.filter(email="twijfel@gent.test").exists()
