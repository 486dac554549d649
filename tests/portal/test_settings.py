"""Production settings refuse to start half-configured, and pass Django's deployment checks."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SITE_URL = "https://kennisplein.example.org"
GOOD_KEY = "k3nn1spl31n-" + "x7Qp2Lm9Rt4Vw8Yz1Bc5Dg0Hj6Kn3Ps" * 2


def _manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "SECRET_KEY"))}
    clean.pop("ALLOWED_HOSTS", None)
    clean.pop("SITE_URL", None)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "portal.settings", **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize("secret_key", [None, "", "changeme", "too-short-to-be-a-real-key"])
def test_production_without_a_real_secret_key_stops_and_names_it(secret_key):
    env = {"DJANGO_DEBUG": "0", "ALLOWED_HOSTS": "kennisplein.example.org", "SITE_URL": SITE_URL}
    if secret_key is not None:
        env["SECRET_KEY"] = secret_key
    result = _manage("check", **env)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_without_allowed_hosts_stops_and_names_it():
    result = _manage("check", DJANGO_DEBUG="0", SECRET_KEY=GOOD_KEY, SITE_URL=SITE_URL)
    assert result.returncode != 0
    assert "ALLOWED_HOSTS must list" in result.stderr


def test_production_without_site_url_stops_and_names_it():
    # Links in e-mails would otherwise point at the development address.
    result = _manage(
        "check", DJANGO_DEBUG="0", SECRET_KEY=GOOD_KEY, ALLOWED_HOSTS="kennisplein.example.org"
    )
    assert result.returncode != 0
    assert "SITE_URL must be the public base URL" in result.stderr


@pytest.mark.parametrize("site_url", ["kennisplein.example.org", "ftp://kennisplein.example.org"])
def test_a_site_url_that_is_no_web_address_stops_and_names_it(site_url):
    result = _manage("check", SITE_URL=site_url)
    assert result.returncode != 0
    assert "SITE_URL must be the site's public base URL" in result.stderr


def test_production_settings_pass_the_deployment_checks():
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_DEBUG="0",
        SECRET_KEY=GOOD_KEY,
        ALLOWED_HOSTS="kennisplein.example.org",
        SITE_URL=SITE_URL,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_development_needs_no_environment_at_all():
    result = _manage("check")
    assert result.returncode == 0, result.stderr
