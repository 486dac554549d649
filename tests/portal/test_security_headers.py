"""Security headers from the first page on, and templates that need no inline script."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

PUBLIC_PAGES = ["/", "/leerplatform/", "/account/login/", "/account/signup/", "/zoeken/?q=bieb"]


def _csp(response) -> dict[str, list[str]]:
    policy = response.headers["Content-Security-Policy"]
    return {
        name: values
        for name, *values in (part.split() for part in policy.split(";") if part.strip())
    }


@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_public_pages_send_a_strict_policy_and_the_other_headers(client, home_page, url):
    response = client.get(url)
    assert response.status_code == 200
    csp = _csp(response)
    assert csp["script-src"] == ["'self'"]
    assert csp["style-src"] == ["'self'"]
    assert csp["frame-ancestors"] == ["'self'"]
    assert csp["object-src"] == ["'none'"]
    assert "'unsafe-inline'" not in response.headers["Content-Security-Policy"]
    assert "'unsafe-eval'" not in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"


@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_public_pages_carry_no_inline_script_or_event_handler(client, home_page, url):
    html = client.get(url).content.decode()
    for tag in re.findall(r"<script\b[^>]*>", html):
        # Only external scripts, or JSON data blocks that browsers never execute.
        assert "src=" in tag or 'type="application/json"' in tag, tag
    assert not re.search(r"\son[a-z]+\s*=", html), "inline event handler found"
    assert not re.search(r"\sstyle\s*=", html), "inline style attribute found"


def test_logged_in_pages_carry_no_inline_script(client, home_page, librarian, password):
    client.post(reverse("account_login"), {"login": librarian.email, "password": password})
    pages = ["/", reverse("accounts:profile"), reverse("account_email"), reverse("mfa_index")]
    pages += [reverse("account_reauthenticate"), reverse("account_change_password")]
    for url in pages:
        assert client.get(url).status_code == 200, url
        html = client.get(url).content.decode()
        assert not re.search(r"\son[a-z]+\s*=", html), url
        for tag in re.findall(r"<script\b[^>]*>", html):
            assert "src=" in tag or 'type="application/json"' in tag, (url, tag)


def test_the_admin_alone_gets_the_looser_policy_it_needs(client, editor):
    client.force_login(editor)
    response = client.get("/admin/")
    assert response.status_code == 200
    assert "'unsafe-inline'" in _csp(response)["script-src"]
    assert _csp(response)["frame-ancestors"] == ["'self'"]
