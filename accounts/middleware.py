from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import get_adapter
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.utils import timezone, translation
from django.utils.deprecation import MiddlewareMixin

from accounts.timezones import zone_of


def _supported(code: str | None) -> str | None:
    return code if code in dict(settings.LANGUAGES) else None


def reader_language(request) -> str:
    """A member's own choice, then the language switch's cookie, then Dutch. Also asked by the
    error pages of requests that failed before this middleware ran (request.user unset then)."""
    user = getattr(request, "user", None)
    return (
        (_supported(user.preferred_language) if user and user.is_authenticated else None)
        or _supported(request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME))
        or settings.LANGUAGE_CODE
    )


class UserLanguageMiddleware(MiddlewareMixin):
    """Chooses the language of each response: a member's own choice, then the language switch's
    cookie, then Dutch. The browser's Accept-Language is deliberately not consulted: Dutch is the
    platform's default, English is there for who asks for it.

    A MiddlewareMixin, as Django's LocaleMiddleware, so that it runs in the async chain under ASGI
    (its steps in the request's own thread, where the view also loads the person)."""

    def process_request(self, request):
        language = reader_language(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language

    def process_response(self, request, response):
        language = getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE)
        response.headers.setdefault("Content-Language", language)
        response.headers.setdefault("Vary", "Cookie")
        return response


class TimeZoneMiddleware(MiddlewareMixin):
    """Shows every time of a request in the reader's zone: a member's own choice (their
    profile), the platform's (Europe/Brussels) for everyone else. A MiddlewareMixin, like the
    language's, so that it runs in the async chain under ASGI."""

    def process_request(self, request):
        timezone.activate(zone_of(request.user))

    def process_response(self, request, response):
        # Threads serve one request after another: none may inherit the last person's zone.
        timezone.deactivate()
        return response


class SSOErrorMiddleware(MiddlewareMixin):
    """allauth reports most failures of a provider log-in to accounts/adapter.py, which says what
    happened on the log-in page. Two it lets through as exceptions: a provider that cannot be
    reached when the log-in starts (the OpenID discovery document or the SAML IdP metadata is
    fetched then), a server error; and a SAML response to no request of ours, a bare 403. Here
    they get the same messages on the log-in page."""

    SSO_VIEWS = {
        "openid_connect_login",
        "openid_connect_callback",
        "saml_login",
        "saml_finish_acs",
    }

    def process_exception(self, request, exception):
        match = request.resolver_match
        if match is None or match.url_name not in self.SSO_VIEWS:
            return None
        # Network errors of requests (OpenID discovery) and of urllib (python3-saml's metadata
        # fetch) are both OSErrors; PermissionDenied is allauth's answer to a SAML response that
        # no log-in of ours asked for (replayed, or its state expired).
        if not isinstance(exception, OSError | PermissionDenied):
            return None
        adapter = get_adapter(request)
        if "provider_id" in match.kwargs:
            provider = adapter.get_provider(request, match.kwargs["provider_id"])
        else:
            provider = adapter.get_provider(
                request, "saml", client_id=match.kwargs["organization_slug"]
            )
        try:
            adapter.on_authentication_error(request, provider, exception=exception)
        except ImmediateHttpResponse as response:
            return response.response
        return None
