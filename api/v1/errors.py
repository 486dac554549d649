"""One shape for every error the API answers, in the language the client asks for:

    {"code": "not_found", "message": "Niet gevonden.", "details": null}

`code` is stable for programs; `message` is for people (Dutch or English by Accept-Language)."""

from functools import wraps

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.http import Http404, HttpResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from ninja import Schema
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError


class Error(Schema):
    code: str
    message: str
    details: list[dict] | None = None


class ApiError(Exception):
    def __init__(self, status: int, code: str, message: str, details: list | None = None):
        super().__init__(message)
        self.status, self.code, self.message, self.details = status, code, message, details


def not_found() -> ApiError:
    return ApiError(404, "not_found", _("Not found."))


def forbidden() -> ApiError:
    return ApiError(403, "forbidden", _("You may not see or do this."))


def error_body(code: str, message: str, details: list | None = None) -> dict:
    return {"code": code, "message": message, "details": details}


def language_from_accept_language(request) -> str:
    """The first supported language of the Accept-Language header, or the platform's default.
    Pages ignore this header on purpose (accounts/middleware.py); an API client sets it."""
    header = request.headers.get("Accept-Language", "")
    for code, _quality in translation.trans_real.parse_accept_lang_header(header):
        if code == "*":
            break
        try:
            return translation.get_supported_language_variant(code)
        except LookupError:
            continue
    return settings.LANGUAGE_CODE


def in_requested_language(run):
    """Around every operation (before authentication): messages in the client's language."""

    @wraps(run)
    def wrapper(request, *args, **kwargs):
        language = language_from_accept_language(request)
        with translation.override(language):
            request.LANGUAGE_CODE = language
            response = run(request, *args, **kwargs)
        response["Content-Language"] = language
        patch_vary_headers(response, ["Accept-Language", "Authorization"])
        return response

    return wrapper


def _validation_details(errors: list[dict]) -> list[dict]:
    # Only what a client can act on; pydantic's context may hold objects JSON cannot carry.
    return [
        {"loc": [str(part) for part in error.get("loc", ())], "msg": str(error.get("msg", ""))}
        for error in errors
    ]


def install_handlers(api) -> None:
    def answer(request, status: int, body: dict) -> HttpResponse:
        return api.create_response(request, body, status=status)

    @api.exception_handler(ApiError)
    def api_error(request, exc: ApiError):
        return answer(request, exc.status, error_body(exc.code, exc.message, exc.details))

    @api.exception_handler(AuthenticationError)
    def not_authenticated(request, exc):
        response = answer(
            request,
            401,
            error_body(
                "not_authenticated",
                _("Send a valid API key: the header Authorization: Bearer kp_…"),
            ),
        )
        response["WWW-Authenticate"] = 'Bearer realm="Kennisplein"'
        return response

    @api.exception_handler(ValidationError)
    def invalid(request, exc: ValidationError):
        return answer(
            request,
            422,
            error_body("invalid", _("The request is not valid."), _validation_details(exc.errors)),
        )

    @api.exception_handler(Http404)
    def http_404(request, exc):
        return answer(request, 404, error_body("not_found", _("Not found.")))

    @api.exception_handler(ObjectDoesNotExist)
    def does_not_exist(request, exc):
        return answer(request, 404, error_body("not_found", _("Not found.")))

    @api.exception_handler(PermissionDenied)
    def permission_denied(request, exc):
        return answer(request, 403, error_body("forbidden", _("You may not see or do this.")))

    @api.exception_handler(Throttled)
    def throttled(request, exc: Throttled):
        # django-ninja adds the Retry-After header.
        return answer(
            request,
            429,
            error_body("too_many_requests", _("Too many requests. Wait a moment and try again.")),
        )

    @api.exception_handler(HttpError)
    def http_error(request, exc: HttpError):
        if exc.status_code == 400:  # django-ninja could not read the body
            return answer(request, 400, error_body("bad_request", _("The body is not valid JSON.")))
        return answer(request, exc.status_code, error_body("error", str(exc)))
