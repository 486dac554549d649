from django.conf import settings
from django.utils import translation


def _supported(code: str | None) -> str | None:
    return code if code in dict(settings.LANGUAGES) else None


class UserLanguageMiddleware:
    """Chooses the language of each response: a member's own choice, then the language switch's
    cookie, then Dutch. The browser's Accept-Language is deliberately not consulted: Dutch is the
    platform's default, English is there for who asks for it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        language = (
            (_supported(user.preferred_language) if user.is_authenticated else None)
            or _supported(request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME))
            or settings.LANGUAGE_CODE
        )
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        response.headers.setdefault("Vary", "Cookie")
        return response
