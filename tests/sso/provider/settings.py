"""A small OpenID provider for the single sign-on tests: a second Django with
django-oauth-toolkit's OpenID Connect, run in its own process (tests/sso/conftest.py starts it).

Everything it needs comes from the environment the test sets: its SQLite file, its RSA key,
its issuer URL and its client's id and secret."""

import os

SECRET_KEY = "provider-for-tests-only-" + os.environ["PROVIDER_CONTROL_TOKEN"]
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "tests.sso.provider",  # first: its templates replace django-oauth-toolkit's base page
    "oauth2_provider",
]
MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
]
ROOT_URLCONF = "tests.sso.provider.urls"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ]
        },
    }
]
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": os.environ["PROVIDER_DB"],
        # A throw-away database: no waiting for the disk (migrating took seconds).
        "OPTIONS": {"init_command": "PRAGMA synchronous=OFF; PRAGMA journal_mode=MEMORY;"},
    }
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
USE_TZ = True
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
LOGIN_URL = "/login/"
# The browser of the tests holds cookies of both sites; distinct names keep them apart.
SESSION_COOKIE_NAME = "provider_session"
CSRF_COOKIE_NAME = "provider_csrftoken"

ISSUER = os.environ["PROVIDER_ISSUER"]
CONTROL_TOKEN = os.environ["PROVIDER_CONTROL_TOKEN"]
# The one client: Kennisplein under test (its addresses are set through /control/client/).
RP_CLIENT_ID = os.environ["PROVIDER_RP_CLIENT_ID"]
RP_CLIENT_SECRET = os.environ["PROVIDER_RP_CLIENT_SECRET"]
OAUTH2_PROVIDER = {
    "OIDC_ENABLED": True,
    "OIDC_RSA_PRIVATE_KEY": os.environ["PROVIDER_RSA_KEY"],
    "OIDC_ISS_ENDPOINT": ISSUER,
    "PKCE_REQUIRED": True,
    "SCOPES": {
        "openid": "OpenID Connect",
        "profile": "Naam en organisatie",
        "email": "E-mailadres",
    },
    "OAUTH2_VALIDATOR_CLASS": "tests.sso.provider.validator.Validator",
}
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
