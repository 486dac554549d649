"""Kennisplein settings: one module, configured by environment variables.

With no environment set, the platform runs on the embedded default (SQLite, in-memory channel layer,
Wagtail's database search backend, console e-mail, immediate tasks). Each variable below switches
one part to a real service; the README lists them all.
"""

import os
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name: str, default: str = "") -> str:
    return os.environ.get(name, default).strip()


def env_bool(name: str, default: bool) -> bool:
    value = env(name)
    if not value:
        return default
    return value.lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", True)

# --- Secrets and hosts -------------------------------------------------------------------------

# Only ever used with DJANGO_DEBUG on; production refuses to start with it (below).
_DEV_SECRET_KEY = "django-insecure-kennisplein-development-only-never-use-in-production"  # noqa: S105
_PLACEHOLDER_SECRET_KEYS = {
    "",
    "changeme",
    "change-me",
    "secret",
    "your-secret-key",
    _DEV_SECRET_KEY,
}

SECRET_KEY = env("SECRET_KEY")
if not DEBUG and (SECRET_KEY.lower() in _PLACEHOLDER_SECRET_KEYS or len(SECRET_KEY) < 50):
    raise ImproperlyConfigured(
        "SECRET_KEY must be set to a long random value (50 characters or more) when "
        "DJANGO_DEBUG=0. Generate one with: "
        "python -c 'import secrets; print(secrets.token_urlsafe(64))'"
    )
SECRET_KEY = SECRET_KEY or _DEV_SECRET_KEY

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured(
        "ALLOWED_HOSTS must list the host names the site is served on (comma-separated) when "
        "DJANGO_DEBUG=0, for example ALLOWED_HOSTS=kennisplein.example.org"
    )
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
# The public base URL: the one source of every absolute link the platform hands out (e-mails,
# calendar files and feeds, API fields, webhook payloads), built by portal.links.absolute_url.
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000" if DEBUG else "").rstrip("/")
if not DEBUG and not SITE_URL:
    raise ImproperlyConfigured(
        "SITE_URL must be the public base URL of the site when DJANGO_DEBUG=0, for example "
        "SITE_URL=https://kennisplein.example.org (links in e-mails, calendars and the API)"
    )
if urlsplit(SITE_URL).scheme not in {"http", "https"} or not urlsplit(SITE_URL).hostname:
    raise ImproperlyConfigured(
        f"SITE_URL must be the site's public base URL, such as https://kennisplein.example.org "
        f"(now: {SITE_URL!r})"
    )
CSRF_FAILURE_VIEW = "portal.views.csrf_failure"

# --- Applications ------------------------------------------------------------------------------

INSTALLED_APPS = [
    "daphne",
    "portal",
    "accounts",
    "learning",
    "search",
    "cooperation",
    "cooperation.meetings",
    "cooperation.discussions",
    "live",
    "notifications",
    "inbound",
    "privacy",
    "api",
    "webhooks",
    # django-ninja's static files: the API's browsable documentation without a CDN.
    "ninja",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "accounts.wagtail_apps.UsersAppConfig",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_tasks",
    "django_tasks_db",
    "channels",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    # Single sign-on: installed always, switched on by the SSO_* variables (below).
    "allauth.socialaccount.providers.openid_connect",
    "allauth.socialaccount.providers.saml",
    "allauth.usersessions",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",  # allauth.usersessions' page of sessions
]

MIDDLEWARE = [
    "portal.logging.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "portal.middleware.StaticFilesMiddleware",
    "portal.middleware.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "accounts.middleware.UserLanguageMiddleware",
    "accounts.middleware.TimeZoneMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "accounts.middleware.SSOErrorMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "portal.middleware.PathValuesMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"
ASGI_APPLICATION = "portal.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# --- Data --------------------------------------------------------------------------------------

DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(env("DATABASE_CONN_MAX_AGE", "0")),
        conn_health_checks=True,
    )
}
IS_POSTGRES = DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
if IS_POSTGRES:
    # No JIT compilation: it costs 25-30 ms for each query whose estimate passes 100,000 (a search
    # for a common word among 100,000 items), more than running it; the platform's queries are
    # all short (docs/search.md).
    options = DATABASES["default"].setdefault("OPTIONS", {})
    options["options"] = f"{options.get('options', '')} -c jit=off".strip()
    # A pool of connections per process (psycopg_pool). Under ASGI every request in flight runs in
    # a thread of its own with a connection of its own: without a bound, a busy process opened
    # PostgreSQL's whole max_connections and every further request failed. With the pool, a
    # request waits up to DATABASE_POOL_TIMEOUT seconds for a free connection. Size it so that
    # app processes × DATABASE_POOL_SIZE + workers stays under max_connections, and above
    # CONCURRENT_REQUESTS, so that live rooms and the health check find a connection (README).
    pool_size = int(env("DATABASE_POOL_SIZE", "10"))
    if pool_size:
        options["pool"] = {
            "min_size": 1,
            "max_size": pool_size,
            "timeout": float(env("DATABASE_POOL_TIMEOUT", "10")),
        }
        DATABASES["default"]["CONN_MAX_AGE"] = 0  # the pool keeps them; Django must not
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Django's backend plus planner statistics (PRAGMA optimize), see portal/db/sqlite3/base.py.
    DATABASES["default"]["ENGINE"] = "portal.db.sqlite3"
    # Concurrent writes on the embedded default (daphne runs each request in a thread of its
    # own, with a connection of its own). Django opens transactions DEFERRED: one that read
    # first and then writes cannot wait for the lock and fails at once with "database is
    # locked" (simultaneous registrations answered 500). IMMEDIATE takes the write lock as the
    # transaction starts, where the busy timeout lets it wait its turn. WAL lets pages read
    # while someone writes (it is kept in the file; an in-memory database ignores it), and
    # synchronous=NORMAL is WAL's safe setting (a power cut may lose the last commit, never
    # the file). The limits of SQLite are in the README ("The embedded default").
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": float(env("SQLITE_BUSY_TIMEOUT", "20")),
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
        }
    )
    # Tests use an in-memory database (said explicitly: pytest-django recognises SQLite by
    # Django's own engine name only).
    DATABASES["default"]["TEST"] = {"NAME": ":memory:"}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# HTTP requests one app process lets into Django at once; the others wait their turn without a
# thread or a connection (portal/asgi.py). About one process per core, each with this many.
CONCURRENT_REQUESTS = int(env("CONCURRENT_REQUESTS", "8"))

REDIS_URL = env("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            # Django's RedisCache, with Redis outages read as cache misses (portal/cache.py).
            "BACKEND": "portal.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "kennisplein",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 2},
        }
    }
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {"hosts": [REDIS_URL], "prefix": "kennisplein"},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}

# Background work: immediate by default; "database" in production, with `manage.py db_worker`.
TASKS_BACKEND = env("TASKS_BACKEND", "immediate")
TASKS = {
    "default": {
        "BACKEND": {
            "immediate": "django_tasks.backends.immediate.ImmediateBackend",
            "database": "django_tasks_db.DatabaseBackend",
        }[TASKS_BACKEND]
    }
}
# A task still running after this long has lost its worker and is queued again (portal.worker);
# longer than any task takes (the largest text extraction: about a minute).
TASKS_STALE_AFTER_MINUTES = float(env("TASKS_STALE_AFTER_MINUTES", "15"))
TASKS_MAX_ATTEMPTS = int(env("TASKS_MAX_ATTEMPTS", "3"))

# --- Search ------------------------------------------------------------------------------------


def search_engine(url: str, engine: str = "") -> tuple[str, str]:
    """(engine, http URL) of SEARCH_URL: `opensearch://host:9200` or `elasticsearch://...`
    (`opensearchs://`, `elasticsearchs://` for HTTPS; user:password@ as usual), or an http(s) URL
    with SEARCH_ENGINE naming the engine (OpenSearch when unnamed)."""
    scheme, _, rest = url.partition("://")
    for name in ("opensearch", "elasticsearch"):
        if scheme in (name, f"{name}s"):
            return name, ("https" if scheme.endswith("s") else "http") + "://" + rest
    if scheme not in ("http", "https"):
        raise ImproperlyConfigured(f"SEARCH_URL: unknown scheme {scheme!r}")
    engine = engine or "opensearch"
    if engine not in ("opensearch", "elasticsearch"):
        raise ImproperlyConfigured(f"SEARCH_ENGINE: {engine!r} is not opensearch or elasticsearch")
    return engine, url


# SEARCH_URL names a search engine; ELASTICSEARCH_URL, its older name, an Elasticsearch cluster.
SEARCH_URL = env("SEARCH_URL") or env("ELASTICSEARCH_URL")
SEARCH_ENGINE, SEARCH_ENGINE_URL = (
    search_engine(SEARCH_URL, env("SEARCH_ENGINE", "" if env("SEARCH_URL") else "elasticsearch"))
    if SEARCH_URL
    else ("database", "")
)
if SEARCH_URL:
    WAGTAILSEARCH_BACKENDS = {
        "default": {
            # modelsearch's OpenSearch 2 or Elasticsearch 9 backend, with typo tolerance and
            # writes that survive the engine being away (search/backends/engine.py).
            "BACKEND": {
                "opensearch": "search.backends.engine.OpenSearchBackend",
                "elasticsearch": "search.backends.engine.ElasticsearchBackend",
            }[SEARCH_ENGINE],
            "URLS": [SEARCH_ENGINE_URL],
            "INDEX_PREFIX": env(
                "SEARCH_INDEX_PREFIX", env("ELASTICSEARCH_INDEX_PREFIX", "kennisplein_")
            ),
            "TIMEOUT": int(env("SEARCH_TIMEOUT_SECONDS", "10")),
            "OPTIONS": {},
            "INDEX_SETTINGS": {
                "settings": {
                    "index": {
                        "number_of_shards": int(env("SEARCH_SHARDS", "1")),
                        "number_of_replicas": int(env("SEARCH_REPLICAS", "0")),
                    },
                    "analysis": {
                        "filter": {
                            "dutch_stemmer": {"type": "stemmer", "language": "dutch"},
                            "dutch_stop": {"type": "stop", "stopwords": "_dutch_"},
                        },
                        "analyzer": {
                            "default": {
                                "tokenizer": "standard",
                                "filter": [
                                    "lowercase",
                                    "asciifolding",
                                    "dutch_stop",
                                    "dutch_stemmer",
                                ],
                            }
                        },
                    },
                }
            },
        }
    }
else:
    WAGTAILSEARCH_BACKENDS = {
        "default": {
            # modelsearch's database backend, faster and Dutch-aware (search/backends/).
            "BACKEND": "search.backends",
            # PostgreSQL only: Dutch stemming with unaccent (search/migrations/0001).
            "SEARCH_CONFIG": "kennisplein_dutch",
        }
    }

# --- Accounts ----------------------------------------------------------------------------------

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "accounts.validators.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"

ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Kennisplein] "
ACCOUNT_FORMS = {"signup": "accounts.forms.SignupForm"}
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
# allauth's defaults, written out so they are visible: failed log-ins are limited per IP and per
# account, sign-ups and reset mails per IP.
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "confirm_email": "1/3m/key",
    "change_password": "5/m/user",
    "manage_email": "10/m/user",
}
# Rate limits count per client address. Behind proxies, the address is the one the last
# TRUSTED_PROXY_COUNT proxies added to X-Forwarded-For (nginx alone: 1); what the client wrote
# there itself is never used. 0 (no proxy): the connection's own address.
ALLAUTH_TRUSTED_PROXY_COUNT = int(env("TRUSTED_PROXY_COUNT", "0"))
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Kennisplein"

# --- Single sign-on (accounts/sso.py; README "Single sign-on") ---------------------------------

# A person whose provider vouches for their e-mail address (OIDC email_verified, or a trusted
# domain or IdP below) logs into the existing account with that address, which is then linked; an
# address the provider does not vouch for never opens an existing account (accounts/adapter.py).
SOCIALACCOUNT_ADAPTER = "accounts.adapter.SocialAccountAdapter"
SOCIALACCOUNT_EMAIL_AUTHENTICATION = True
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = True
SOCIALACCOUNT_STORE_TOKENS = False
SOCIALACCOUNT_REQUESTS_TIMEOUT = 10

# allauth.usersessions records the session of each log-in (people see theirs at /account/sessions/),
# so that deactivation and back-channel logout can end them; not on every request, which would
# be a database write per page.
USERSESSIONS_TRACK_ACTIVITY = False


def env_trust(name: str) -> bool | list[str]:
    """Which e-mail addresses from a provider count as verified: with 1 every one, with
    "example.org,…" those of these domains, empty or 0 none beyond what the provider says."""
    value = env(name)
    if value.lower() in {"", "0", "false", "no", "off"}:
        return False
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    return [domain.lower() for domain in env_list(name)]


# Attribute names of the usual SAML IdPs (OASIS/eduPerson OIDs, Microsoft Entra ID and AD FS
# claim URIs, Keycloak's plain names); SSO_SAML_ATTRIBUTES adds or replaces entries.
_SAML_ATTRIBUTES = {
    "uid": [
        "urn:oasis:names:tc:SAML:attribute:subject-id",
        "http://schemas.microsoft.com/identity/claims/objectidentifier",
    ],
    "email": [
        "urn:oid:0.9.2342.19200300.100.1.3",
        "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress",
        "email",
        "mail",
    ],
    "name": [
        "urn:oid:2.16.840.1.113730.3.1.241",
        "http://schemas.microsoft.com/identity/claims/displayname",
        "displayName",
    ],
    "first_name": [
        "urn:oid:2.5.4.42",
        "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/givenname",
        "givenName",
        "firstName",
    ],
    "last_name": [
        "urn:oid:2.5.4.4",
        "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/surname",
        "sn",
        "lastName",
    ],
}


def sso_providers() -> dict:
    """allauth's SOCIALACCOUNT_PROVIDERS from the SSO_* variables: no database row is needed to
    switch a provider on, and an unset variable leaves it off."""
    providers: dict = {}
    if env("SSO_OIDC_SERVER_URL") and not env("SSO_OIDC_CLIENT_ID"):
        raise ImproperlyConfigured(
            "SSO_OIDC_SERVER_URL is set, so SSO_OIDC_CLIENT_ID and SSO_OIDC_CLIENT_SECRET must "
            "name the client registered at that provider (README: Single sign-on)."
        )
    if env("SSO_SAML_IDP_ENTITY_ID") and not (
        env("SSO_SAML_IDP_METADATA_URL")
        or (env("SSO_SAML_IDP_SSO_URL") and env("SSO_SAML_IDP_X509CERT"))
    ):
        raise ImproperlyConfigured(
            "SSO_SAML_IDP_ENTITY_ID is set, so SSO_SAML_IDP_METADATA_URL, or SSO_SAML_IDP_SSO_URL "
            "and SSO_SAML_IDP_X509CERT, must say where the IdP is (README: Single sign-on)."
        )
    if env("SSO_OIDC_SERVER_URL"):
        providers["openid_connect"] = {
            "APPS": [
                {
                    "provider_id": env("SSO_OIDC_ID", "sso"),
                    "name": env("SSO_OIDC_NAME", "OpenID Connect"),
                    "client_id": env("SSO_OIDC_CLIENT_ID"),
                    "secret": env("SSO_OIDC_CLIENT_SECRET"),
                    "settings": {
                        "server_url": env("SSO_OIDC_SERVER_URL"),
                        "scope": env("SSO_OIDC_SCOPES", "openid profile email").split(),
                        "oauth_pkce_enabled": True,
                        "verified_email": env_trust("SSO_OIDC_VERIFIED_EMAIL_DOMAINS"),
                        "organisation_claim": env("SSO_OIDC_ORGANISATION_CLAIM"),
                    },
                }
            ]
        }
    if env("SSO_SAML_IDP_ENTITY_ID"):
        idp = {"entity_id": env("SSO_SAML_IDP_ENTITY_ID")}
        if env("SSO_SAML_IDP_METADATA_URL"):
            idp["metadata_url"] = env("SSO_SAML_IDP_METADATA_URL")
        else:
            idp["sso_url"] = env("SSO_SAML_IDP_SSO_URL")
            idp["x509cert"] = env("SSO_SAML_IDP_X509CERT")
        attributes = {key: list(names) for key, names in _SAML_ATTRIBUTES.items()}
        for item in env_list("SSO_SAML_ATTRIBUTES"):
            key, _, name = item.partition("=")
            attributes[key.strip()] = [name.strip()]
        if env("SSO_SAML_ORGANISATION_ATTRIBUTE"):
            attributes["organisation"] = [env("SSO_SAML_ORGANISATION_ATTRIBUTE")]
        saml_settings = {
            "idp": idp,
            "attribute_mapping": attributes,
            "verified_email": env_trust("SSO_SAML_EMAIL_VERIFIED"),
            # python3-saml refuses a response that carries no signature at all; this also
            # refuses one whose assertion itself is unsigned (only the envelope signed).
            "advanced": {"want_assertion_signed": env_bool("SSO_SAML_WANT_ASSERTION_SIGNED", True)},
        }
        if env("SSO_SAML_SP_ENTITY_ID"):
            saml_settings["sp"] = {"entity_id": env("SSO_SAML_SP_ENTITY_ID")}
        providers["saml"] = {
            "APPS": [
                {
                    "client_id": env("SSO_SAML_ID", "idp"),
                    "name": env("SSO_SAML_NAME", "SAML"),
                    "settings": saml_settings,
                }
            ]
        }
    return providers


SOCIALACCOUNT_PROVIDERS = sso_providers()


def sso_form_action_origins() -> list[str]:
    """The origins of the providers' log-in pages: the OpenID issuer's, the SAML IdP's, and any
    in SSO_FORM_ACTION_ORIGINS (a provider whose log-in page is on another origin than its
    issuer, such as AWS Cognito)."""
    urls = [
        env("SSO_OIDC_SERVER_URL"),
        env("SSO_SAML_IDP_ENTITY_ID")
        and (env("SSO_SAML_IDP_SSO_URL") or env("SSO_SAML_IDP_METADATA_URL")),
        *env_list("SSO_FORM_ACTION_ORIGINS"),
    ]
    origins = []
    for url in filter(None, urls):
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        if parts.scheme in {"http", "https"} and origin not in origins:
            origins.append(origin)
    return origins


# --- Wagtail -----------------------------------------------------------------------------------

WAGTAIL_SITE_NAME = "Kennisplein"
# One door for logging in: allauth's, with its rate limits and two-factor step. Wagtail's own
# log-in and password reset would skip both (portal/urls.py sends /admin/login/ there too).
WAGTAILADMIN_LOGIN_URL = "/account/login/"
WAGTAIL_PASSWORD_RESET_ENABLED = False
WAGTAIL_PASSWORD_MANAGEMENT_ENABLED = False
# Wagtail builds its admin e-mails' links on this; ours use SITE_URL itself (portal/links.py).
WAGTAILADMIN_BASE_URL = SITE_URL
WAGTAIL_I18N_ENABLED = False
WAGTAILDOCS_DOCUMENT_MODEL = "portal.PortalDocument"
# Documents are always served through a view, which checks permission on every download.
WAGTAILDOCS_SERVE_METHOD = "serve_view"
# ...which sends the file as it is read under ASGI, not read whole into memory first.
SENDFILE_BACKEND = "portal.streaming"
# The admin's uploads pass the same checks as every other door for files (portal/forms.py).
WAGTAILDOCS_DOCUMENT_FORM_BASE = "portal.forms.DocumentForm"
WAGTAILIMAGES_IMAGE_FORM_BASE = "portal.forms.ImageForm"
WAGTAIL_ENABLE_UPDATE_CHECK = False
# No avatars from gravatar.com: it would tell a third party who works in the admin.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAILADMIN_PERMITTED_LANGUAGES = [("nl", "Nederlands"), ("en", "English")]

# --- Language and time -------------------------------------------------------------------------

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Brussels"
USE_I18N = True
USE_TZ = True

# --- Files -------------------------------------------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = Path(env("STATIC_ROOT", str(BASE_DIR / "var" / "static")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = env("MEDIA_URL", "/media/")
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "var" / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
# In development whitenoise serves straight from the app folders, so no collectstatic is needed.
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG

# --- E-mail ------------------------------------------------------------------------------------

EMAIL_HOST = env("EMAIL_HOST")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = int(env("EMAIL_PORT", "587"))
    EMAIL_HOST_USER = env("EMAIL_HOST_USER")
    EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Kennisplein <noreply@kennisplein.test>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The domain of the Message-IDs that background tasks give their mails (portal.mail).
EMAIL_MESSAGE_ID_DOMAIN = DEFAULT_FROM_EMAIL.rstrip(">").rpartition("@")[2] or "kennisplein.test"

# Reply by e-mail (inbound/, docs/inbound-email.md): the domain whose mail the mail server pipes to
# `manage.py receive_email`. Empty: notification e-mails carry no Reply-To, replying is off.
INBOUND_EMAIL_DOMAIN = env("INBOUND_EMAIL_DOMAIN").lower()
# Reply addresses are <local part>+<token>@<domain>; the mail server's recipient delimiter is "+".
INBOUND_EMAIL_LOCAL_PART = env("INBOUND_EMAIL_LOCAL_PART", "antwoord").lower()
INBOUND_EMAIL_TOKEN_DAYS = int(env("INBOUND_EMAIL_TOKEN_DAYS", "60"))
# Larger messages are refused before they are parsed (the mail server has its own limit too).
INBOUND_EMAIL_MAX_SIZE = int(env("INBOUND_EMAIL_MAX_MB", "25")) * 1024 * 1024
# How long the log of received e-mail (the admin's "Ontvangen e-mail") keeps a message.
INBOUND_EMAIL_LOG_DAYS = int(env("INBOUND_EMAIL_LOG_DAYS", "90"))

# --- Security headers --------------------------------------------------------------------------

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# Database sessions that ignore malformed session cookies instead of failing (portal/sessions.py).
SESSION_ENGINE = "portal.sessions"

# The public site allows no inline script, inline event handler or inline style attribute; the
# Wagtail admin (under /admin/) gets the looser policy it needs, see portal/middleware.py.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", "blob:"],
        "media-src": ["'self'", "blob:"],
        "font-src": ["'self'"],
        # 'self' covers ws:/wss: to the same host in CSP Level 3 browsers; listed for older ones.
        "connect-src": ["'self'", "ws:", "wss:"],
        "frame-src": ["'self'"],
        "frame-ancestors": ["'self'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}
# The single sign-on buttons post to Kennisplein, which redirects to the provider: browsers hold
# that redirect to form-action too (Chromium blocks it), so the providers' origins are added.
CONTENT_SECURITY_POLICY["DIRECTIVES"]["form-action"] += sso_form_action_origins()

if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = int(env("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    if env_bool("BEHIND_TLS_PROXY", False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# --- Logging -----------------------------------------------------------------------------------

# One line per request (kennisplein.request) and per task (kennisplein.task); LOG_FORMAT=json makes
# every line a JSON object for a log collector. ADMINS ("Name <address>, …") get server errors by
# e-mail; SENTRY_DSN (below) reports them to an error tracker.
LOG_FORMAT = env("LOG_FORMAT", "plain")
ADMINS = [tuple(part.strip() for part in a.rsplit("<", 1)) for a in env_list("ADMINS")]
ADMINS = [(name, address.rstrip(">")) for name, address in ADMINS]
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT},
        "mail_admins": {
            "class": "django.utils.log.AdminEmailHandler",
            "level": "ERROR",
            "filters": ["require_debug_false"],
        },
    },
    "filters": {"require_debug_false": {"()": "django.utils.log.RequireDebugFalse"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "django_tasks": {"level": "WARNING"},
        # Requests are logged once, by kennisplein.request; Django's own lines would double them.
        "django.server": {"level": "WARNING"},
        "django.request": {"handlers": ["mail_admins"], "level": "ERROR"},
        "kennisplein.request": {"level": env("REQUEST_LOG_LEVEL", "INFO")},
    },
}
if LOG_FORMAT not in LOGGING["formatters"]:
    raise ImproperlyConfigured("LOG_FORMAT is 'plain' or 'json'.")

# Optional error reporting to Sentry or a compatible tracker such as GlitchTip (portal/
# error_reporting.py says what is sent: no personal data, no local variables, no request bodies).
SENTRY_DSN = env("SENTRY_DSN")
if SENTRY_DSN:
    from portal import error_reporting

    error_reporting.start(
        SENTRY_DSN,
        environment=env("SENTRY_ENVIRONMENT", "development" if DEBUG else "production"),
        release=env("SENTRY_RELEASE"),
        traces_sample_rate=float(env("SENTRY_TRACES_SAMPLE_RATE", "0")),
    )

# --- Coöperatieplatform (cooperation/) ---------------------------------------------------------

MB = 1024 * 1024
# Per file; recordings (audio/video) may be larger than other files. The reverse proxy's own limit
# (nginx client_max_body_size, see deploy/) must be at least the larger one.
COOPERATION_MAX_UPLOAD_SIZE = int(env("COOPERATION_MAX_UPLOAD_MB", "200")) * MB
COOPERATION_MAX_RECORDING_SIZE = int(env("COOPERATION_MAX_RECORDING_MB", "2048")) * MB
COOPERATION_TRASH_DAYS = int(env("COOPERATION_TRASH_DAYS", "30"))
# An invitation link works once, and only for this many days after it was sent.
COOPERATION_INVITATION_DAYS = int(env("COOPERATION_INVITATION_DAYS", "14"))
# Text extraction for search: caps against zip bombs and huge documents.
COOPERATION_EXTRACT_MAX_UNCOMPRESSED = (
    int(env("COOPERATION_EXTRACT_MAX_UNCOMPRESSED_MB", "100")) * MB
)
COOPERATION_EXTRACT_MAX_CHARS = 1_000_000
COOPERATION_EXTRACT_MAX_PAGES = 500
# The pages of a PDF are read until their unpacked contents together reach this (PDF bombs).
COOPERATION_EXTRACT_MAX_PDF_CONTENT = 20 * MB
# Image previews are made once, in the background; an image of more pixels gets none (decoding
# costs memory by the pixel count: 40 million pixels are at most 160 MB, whatever the file weighs).
COOPERATION_PREVIEW_MAX_PIXELS = int(
    float(env("COOPERATION_PREVIEW_MAX_MEGAPIXELS", "40")) * 1_000_000
)
# The same bound for Wagtail's images (speaker photos), whose renditions are made while a page is
# served: the admin refuses a larger upload (Wagtail's default allows 128 million pixels).
WAGTAILIMAGES_MAX_IMAGE_PIXELS = COOPERATION_PREVIEW_MAX_PIXELS
# Set to the internal nginx location (e.g. /protected-files/) to let nginx send the bytes after
# Django has checked permission (deploy/nginx.conf).
COOPERATION_ACCEL_REDIRECT = env("COOPERATION_ACCEL_REDIRECT")
# Browsers send large files in chunks of this size to a staging folder shared by the app processes
# (cooperation/staging.py): an ASGI server holds a whole request body in memory.
COOPERATION_UPLOAD_CHUNK = int(env("COOPERATION_UPLOAD_CHUNK_MB", "8")) * MB
COOPERATION_UPLOAD_STAGING_DIR = Path(
    env("COOPERATION_UPLOAD_STAGING_DIR", str(BASE_DIR / "var" / "uploads-in-progress"))
)
# Large uploads go to a temporary file, never to memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * MB
FILE_UPLOAD_TEMP_DIR = env("FILE_UPLOAD_TEMP_DIR") or None
DATA_UPLOAD_MAX_NUMBER_FILES = 100

# S3-compatible storage (django-storages) for uploaded files when S3_BUCKET is set.
S3_BUCKET = env("S3_BUCKET")
if S3_BUCKET:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": S3_BUCKET,
            "endpoint_url": env("S3_ENDPOINT_URL") or None,
            "region_name": env("S3_REGION") or None,
            "access_key": env("S3_ACCESS_KEY_ID") or None,
            "secret_key": env("S3_SECRET_ACCESS_KEY") or None,
            "default_acl": "private",
            "querystring_auth": True,
            # Never replace another file with the same name.
            "file_overwrite": False,
        },
    }
# --- API and webhooks (api/, webhooks/) ---------------------------------------------------------

# Requests per person to /api/v1/ (all their keys and their browser together), "<n>/<s|m|h|d>".
API_RATE_LIMIT = env("API_RATE_LIMIT", "120/m")

# Webhook URLs may point at loopback and private networks only in development and tests; in
# production they would let an editor make the server reach inside its own network (SSRF).
WEBHOOKS_ALLOW_PRIVATE_URLS = env_bool("WEBHOOKS_ALLOW_PRIVATE_URLS", DEBUG)
WEBHOOKS_TIMEOUT_SECONDS = int(env("WEBHOOKS_TIMEOUT_SECONDS", "10"))

# --- Live rooms (live/) ------------------------------------------------------------------------

LIVE_MESSAGE_MAX_LENGTH = 2000
# Flood limit per person: at most this many messages in this many seconds (moderators exempt).
LIVE_FLOOD_MESSAGES = 5
LIVE_FLOOD_SECONDS = 10
# The floor of live/access.py: an open room socket asks again whether its person may still be there
# at least this often while the room talks. Changes made through the ORM or the admin end access at
# once; this bounds those no code sees (raw SQL). One ask costs 2-9 ms of the process's database
# thread, so a 1,000-person webinar pays about 1000 / this many asks per second.
LIVE_ACCESS_RECHECK_SECONDS = 30
if REDIS_URL:
    # A deployment (or a test) that shares one Redis between several sites sets its own prefix.
    CHANNEL_LAYERS["default"]["CONFIG"]["prefix"] = env("CHANNEL_LAYER_PREFIX", "kennisplein")
    # Which channels_redis layer carries the rooms' broadcasts; docs/live.md gives the measurements.
    CHANNEL_LAYERS["default"]["BACKEND"] = {
        "core": "channels_redis.core.RedisChannelLayer",
        "pubsub": "channels_redis.pubsub.RedisPubSubChannelLayer",
    }[env("CHANNEL_LAYER", "pubsub")]

# --- Privacy (privacy/) ------------------------------------------------------------------------


def _days(name: str, default: str) -> int:
    value = env(name, default)
    if not value.isdigit() or int(value) < 1:
        raise ImproperlyConfigured(f"{name} is a whole number of days, 1 or more (not {value!r}).")
    return int(value)


# The scheduled `apply_privacy_retention` anonymises chat messages and questions older than this,
# and registrations for webinars that ended longer ago (docs/privacy.md). The privacy page says so.
PRIVACY_CHAT_RETENTION_DAYS = _days("PRIVACY_CHAT_RETENTION_DAYS", "365")
PRIVACY_REGISTRATION_RETENTION_DAYS = _days("PRIVACY_REGISTRATION_RETENTION_DAYS", "730")
# How long a person's "My data" export can be downloaded before the cleanup deletes it.
PRIVACY_EXPORT_DAYS = _days("PRIVACY_EXPORT_DAYS", "7")
# Who answers questions about privacy, shown on the privacy page (/privacy/).
PRIVACY_CONTACT_EMAIL = env("PRIVACY_CONTACT_EMAIL")
