from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import services
from accounts.forms import ProfileForm


@login_required
def profile(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        services.profile_update(
            user=request.user,
            display_name=form.cleaned_data["display_name"],
            organisation=form.cleaned_data["organisation"],
            language=form.cleaned_data["preferred_language"],
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
    next_url = request.POST.get("next", "/")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = "/"
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
