import json
import secrets
import time
import uuid

import requests
from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.models import User
from django.contrib.auth.views import LoginView
from django.http import HttpResponse, HttpResponseForbidden, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from jwcrypto import jwt
from oauth2_provider.models import Application
from oauth2_provider.utils import jwk_from_pem

from tests.sso.provider.models import Person

BACKCHANNEL_LOGOUT_EVENT = "http://schemas.openid.net/event/backchannel-logout"
# Where the client wants its logout tokens (django-oauth-toolkit has no field for it).
BACKCHANNEL_URIS: dict[str, str] = {}


class ProviderLoginView(LoginView):
    """Django's log-in; each log-in starts a provider session with an id of its own (sid)."""

    def form_valid(self, form):
        response = super().form_valid(form)
        Person.objects.filter(user=self.request.user).update(sid=secrets.token_hex(16))
        return response


def send_backchannel_logout(user, *, sid: str = "") -> list[int]:
    """What a provider does when a person logs out there or is disabled: a signed logout token
    (OpenID Connect Back-Channel Logout 1.0) POSTed to every client's back-channel URI."""
    key = jwk_from_pem(settings.OAUTH2_PROVIDER["OIDC_RSA_PRIVATE_KEY"])
    statuses = []
    for application in Application.objects.filter(client_id__in=BACKCHANNEL_URIS):
        now = int(time.time())
        claims = {
            "iss": settings.ISSUER,
            "aud": application.client_id,
            "iat": now,
            "exp": now + 120,
            "jti": uuid.uuid4().hex,
            "sub": str(user.pk),
            "events": {BACKCHANNEL_LOGOUT_EVENT: {}},
        }
        if sid:
            claims["sid"] = sid
        token = jwt.JWT(
            header={"alg": "RS256", "kid": key.thumbprint(), "typ": "logout+jwt"}, claims=claims
        )
        token.make_signed_token(key)
        response = requests.post(
            BACKCHANNEL_URIS[application.client_id],
            data={"logout_token": token.serialize()},
            timeout=10,
        )
        statuses.append(response.status_code)
    return statuses


@csrf_exempt  # the tests' browser posts here without a form of the provider's
@require_POST
def provider_logout(request):
    """The person logs out at the provider: its session ends, and so does theirs at every client."""
    user, sid = request.user, request.user.person.sid
    logout(request)
    statuses = send_backchannel_logout(user, sid=sid)
    return HttpResponse(f"Uitgelogd bij de provider ({statuses})")


def _from_the_tests(request) -> bool:
    return request.headers.get("Authorization") == f"Bearer {settings.CONTROL_TOKEN}"


@csrf_exempt
@require_POST
def control_client(request):
    """For the tests only: the client's redirect URI and back-channel logout URI, as its
    administrator registers them (Kennisplein's live server has a port of the moment)."""
    if not _from_the_tests(request):
        return HttpResponseForbidden()
    data = json.loads(request.body)
    Application.objects.filter(client_id=settings.RP_CLIENT_ID).update(
        redirect_uris=data["redirect_uri"]
    )
    BACKCHANNEL_URIS[settings.RP_CLIENT_ID] = data["backchannel_logout_uri"]
    return JsonResponse({})


@csrf_exempt
@require_POST
def control_person(request):
    """For the tests only: create or change a person at the provider. Disabling one also signs
    them out of every client, as a provider's administrator would."""
    if not _from_the_tests(request):
        return HttpResponseForbidden()
    data = json.loads(request.body)
    user, _ = User.objects.get_or_create(username=data["email"])
    was_active = user.is_active
    user.email = data["email"]
    user.first_name = data.get("first_name", "")
    user.last_name = data.get("last_name", "")
    user.is_active = data.get("is_active", True)
    if data.get("password"):
        user.set_password(data["password"])
    user.save()
    Person.objects.update_or_create(
        user=user,
        defaults={
            "email_verified": data.get("email_verified", True),
            "organisation": data.get("organisation", ""),
        },
    )
    statuses = send_backchannel_logout(user) if was_active and not user.is_active else []
    return JsonResponse({"sub": str(user.pk), "backchannel": statuses})
