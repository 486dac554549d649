import logging

from allauth.socialaccount.adapter import get_adapter
from allauth.socialaccount.models import SocialApp
from allauth.socialaccount.providers.openid_connect.provider import OpenIDConnectProvider
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from accounts import services, sso
from accounts.forms import ProfileForm
from portal import params

logger = logging.getLogger(__name__)


@login_required
def profile(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        services.profile_update(
            user=request.user,
            display_name=form.cleaned_data["display_name"],
            organisation=form.cleaned_data["organisation"],
            language=form.cleaned_data["preferred_language"],
            time_zone=form.cleaned_data["time_zone"],
        )
        translation.activate(request.user.preferred_language)
        messages.success(request, _("Your profile has been saved."))
        return redirect("accounts:profile")
    if request.method == "POST":
        # The form keeps what was typed; the user object must not carry the rejected values.
        request.user.refresh_from_db()
    return render(request, "accounts/profile.html", {"form": form})


@require_POST
def set_language(request):
    language = services.language_choose(user=request.user, language=request.POST.get("language"))
    next_url = params.local_url(request, request.POST.get("next"), default="/")
    response = HttpResponseRedirect(next_url)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE or 60 * 60 * 24 * 365,
        samesite="Lax",
        secure=request.is_secure(),
        httponly=True,
    )
    return response


@csrf_exempt  # called by the provider's server, not from a browser form
@require_POST
def backchannel_logout(request, provider_id):
    """OpenID Connect Back-Channel Logout 1.0: the provider POSTs a signed logout_token when a
    person logs out there or is disabled; their Kennisplein sessions end. Answers 200, or 400 with
    the error the specification names."""
    try:
        provider = get_adapter(request).get_provider(request, provider_id)
    except SocialApp.DoesNotExist:
        raise Http404 from None
    if not isinstance(provider, OpenIDConnectProvider):
        raise Http404
    try:
        claims = sso.logout_token_verify(
            request=request, provider=provider, token=request.POST.get("logout_token", "")
        )
    except sso.LogoutTokenError as error:
        logger.warning("Back-channel logout from %s refused: %s", provider_id, error)
        response = JsonResponse({"error": "invalid_request", "error_description": str(error)})
        response.status_code = 400
    else:
        ended = services.sso_backchannel_logout(provider_id=provider_id, claims=claims)
        logger.info("Back-channel logout from %s ended %d session(s)", provider_id, ended)
        response = HttpResponse()
    response["Cache-Control"] = "no-store"
    return response
