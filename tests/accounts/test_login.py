import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _log_in(client, email, password):
    return client.post(reverse("account_login"), {"login": email, "password": password})


def test_wrong_password_gets_a_dutch_message_and_keeps_the_address(client, librarian):
    response = _log_in(client, librarian.email, "niet-mijn-wachtwoord")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Het door jou opgegeven e-mailadres en/of wachtwoord is niet correct." in page
    assert f'value="{librarian.email}"' in page
    assert "niet-mijn-wachtwoord" not in page
    assert "_auth_user_id" not in client.session


def test_repeated_wrong_passwords_hit_the_rate_limit_even_with_the_right_one(
    client, librarian, password
):
    for _ in range(5):
        _log_in(client, librarian.email, "fout")
    response = _log_in(client, librarian.email, password)
    assert response.status_code in (200, 429)
    assert "Te veel inlogpogingen. Probeer het later nogmaals." in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_rate_limit_holds_when_the_client_claims_another_address(client, librarian):
    for attempt in range(5):
        client.post(
            reverse("account_login"),
            {"login": librarian.email, "password": "fout"},
            HTTP_X_FORWARDED_FOR=f"10.0.0.{attempt}",
        )
    response = client.post(
        reverse("account_login"),
        {"login": librarian.email, "password": "fout"},
        HTTP_X_FORWARDED_FOR="10.0.0.99",
    )
    assert "Te veel inlogpogingen. Probeer het later nogmaals." in response.content.decode()


def test_right_password_logs_in(client, librarian, password):
    response = _log_in(client, librarian.email, password)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(librarian.pk)


def test_log_out_is_a_post_and_ends_the_session(client, librarian):
    client.force_login(librarian)
    client.post(reverse("account_logout"))
    assert "_auth_user_id" not in client.session
