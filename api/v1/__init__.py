"""Version 1 of the Kennisplein API (django-ninja), served under /api/v1/ with its OpenAPI schema
at /api/v1/openapi.json and browsable documentation at /api/v1/docs. docs/api.md describes it."""

from django.shortcuts import render
from ninja import NinjaAPI
from ninja.openapi.docs import Swagger

from api.v1 import account, cooperation, learning
from api.v1.auth import SessionReadAuth, TokenAuth
from api.v1.errors import in_requested_language, install_handlers
from api.v1.throttling import PersonRateThrottle


class LocalSwagger(Swagger):
    """Swagger UI from the static files django-ninja ships (no CDN, which the CSP would refuse
    anyway), in a page without inline script."""

    def render_page(self, request, api, **kwargs):
        self.settings["url"] = self.get_openapi_url(api, kwargs)
        return render(request, "api/docs.html", {"api": api, "swagger_settings": self.settings})


class KennispleinAPI(NinjaAPI):
    def get_openapi_operation_id(self, operation):
        return operation.view_func.__name__  # webinar_list, registration_create, …


api = KennispleinAPI(
    title="Kennisplein API",
    version="1",
    description=(
        "The Leerplatform and the Coöperatieplatform for other systems. Authenticate with a "
        "personal API key from your profile (“API-sleutels”): `Authorization: Bearer kp_…`. "
        "A browser session of someone logged in may read (GET) too. You see exactly what you "
        "see on the site. Errors: `{code, message, details}`, the message in the language of "
        "`Accept-Language` (Dutch or English). Each person may make a limited number of requests "
        "per minute (all their keys together); beyond it the answer is 429 with `Retry-After`."
    ),
    urls_namespace="api-v1",
    auth=[TokenAuth(), SessionReadAuth()],
    throttle=[PersonRateThrottle()],
    docs=LocalSwagger(settings={"persistAuthorization": False}),
    docs_url="/docs",
    openapi_url="/openapi.json",
)
api.add_decorator(in_requested_language, mode="view")
install_handlers(api)
api.add_router("", account.router)
api.add_router("", learning.router)
api.add_router("", cooperation.router)
