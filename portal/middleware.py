from asgiref.sync import iscoroutinefunction, markcoroutinefunction
from csp.middleware import CSPMiddleware, PolicyParts
from django.http import Http404
from whitenoise.middleware import WhiteNoiseMiddleware

from portal.params import MAX_ID
from portal.streaming import streamed_under_asgi

# The Wagtail admin still relies on inline scripts and styles, so it gets a looser policy under its
# own prefix only. The public site keeps the strict policy from settings.CONTENT_SECURITY_POLICY.
ADMIN_PREFIX = "/admin/"
ADMIN_POLICY_UPDATE = {
    "script-src": ["'unsafe-inline'", "'unsafe-eval'"],
    "style-src": ["'unsafe-inline'"],
    "img-src": ["https:"],
    "frame-src": ["https:"],
}


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if request.path.startswith(ADMIN_PREFIX) and not report_only:
            parts.update = {**ADMIN_POLICY_UPDATE, **(parts.update or {})}
        return parts


class StaticFilesMiddleware(WhiteNoiseMiddleware):
    """WhiteNoise, able to run in the async middleware chain under ASGI as well as under WSGI.

    WhiteNoise 6 is sync-only. Between async middleware, Django would run the rest of every request
    through async_to_sync from a worker thread: under load, with clients giving up, that hop
    deadlocked daphne (README, "Architecture"). Finding a static file is a dictionary lookup
    (a stat in development), so the async path does it in the event loop, and sends the file as
    an async iterator (portal/streaming.py)."""

    sync_capable = True
    async_capable = True

    def __init__(self, get_response):
        super().__init__(get_response)
        self.async_mode = iscoroutinefunction(get_response)
        if self.async_mode:
            markcoroutinefunction(self)

    def __call__(self, request):
        if self.async_mode:
            return self.__acall__(request)
        return super().__call__(request)

    async def __acall__(self, request):
        if self.autorefresh:
            static_file = self.find_file(request.path_info)
        else:
            static_file = self.files.get(request.path_info)
        if static_file is None:
            return await self.get_response(request)
        return streamed_under_asgi(request, self.serve(static_file, request))


class PathValuesMiddleware:
    """A value in an address that no database can hold names nothing: 404 before the view asks.
    SQLite refuses a number beyond 64 bits in a query on a relation's key (every page type's,
    every foreign key's) with an OverflowError, and PostgreSQL refuses a NUL character in any text
    (`/account/oidc/%00/login/`); both made such addresses answer 500. One check here holds for
    every route, Wagtail's included."""

    sync_capable = True
    async_capable = True

    def __init__(self, get_response):
        self.get_response = get_response
        if iscoroutinefunction(get_response):
            markcoroutinefunction(self)
            # Django runs a plain process_view in a thread under ASGI; this one needs none.
            self.process_view = self._process_view_async

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        for value in (*view_args, *view_kwargs.values()):
            if (isinstance(value, int) and not 0 <= value <= MAX_ID) or (
                isinstance(value, str) and "\x00" in value
            ):
                if request.path.startswith("/api/"):
                    # The API answers in JSON, its 404 too (its schema says so).
                    from api.views import api_not_found

                    return api_not_found(request)
                raise Http404

    async def _process_view_async(self, request, view_func, view_args, view_kwargs):
        return PathValuesMiddleware.process_view(self, request, view_func, view_args, view_kwargs)
