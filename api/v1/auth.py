"""Who is asking: a personal access token (Authorization: Bearer kp_…), or, for reading only, the
browser session of someone logged in (the browsable documentation's "Try it out").

Session requests never write: a write through the session would need CSRF protection, and a
program has a token anyway."""

from django.conf import settings
from django.utils.translation import gettext as _
from ninja.security import APIKeyCookie, HttpBearer

from api import services
from api.v1.errors import ApiError

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class TokenAuth(HttpBearer):
    def authenticate(self, request, token: str):
        access = services.token_authenticate(token)
        if access is None:
            return None
        if request.method not in SAFE_METHODS and not access.can_write:
            raise ApiError(
                403,
                "insufficient_scope",
                _("This API key may only read; this request needs a key that may also write."),
            )
        request.user = access.user
        request.api_token = access
        return access


class SessionReadAuth(APIKeyCookie):
    param_name = settings.SESSION_COOKIE_NAME

    def __init__(self):
        super().__init__(csrf=False)  # GET only: nothing to forge

    def authenticate(self, request, key):
        if request.method not in SAFE_METHODS or "Authorization" in request.headers:
            return None
        user = request.user
        return user if user.is_authenticated and user.is_active else None
