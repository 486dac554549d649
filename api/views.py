"""The profile's "API-sleutels" page: make, list and revoke personal API keys."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from api import services
from api.forms import TokenForm
from api.models import AccessToken
from api.v1.errors import error_body, language_from_accept_language
from portal.confirm import confirmation_page


@never_cache  # the page that shows a new key once must not be kept by any cache
@login_required
def tokens(request):
    form = TokenForm(request.POST or None)
    new_token = None
    if request.method == "POST" and form.is_valid():
        token, new_token = services.token_create(
            user=request.user,
            name=form.cleaned_data["name"],
            scope=form.cleaned_data["scope"],
            expires_at=form.expires_at(),
        )
        form = TokenForm()
    context = {
        "form": form,
        "new_token": new_token,
        "tokens": AccessToken.objects.filter(user=request.user, revoked_at__isnull=True),
        "docs_url": reverse("api-v1:openapi-view"),
    }
    return render(request, "api/tokens.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def token_revoke(request, pk: int):
    token = get_object_or_404(AccessToken, pk=pk, user=request.user)
    if request.method == "GET":
        return confirmation_page(
            request,
            question=_("Revoke the key “%(name)s”?") % {"name": token.name},
            consequence=_("Programs that use this key lose their access at once."),
            confirm=_("Revoke"),
            cancel_url=reverse("api:tokens"),
        )
    services.token_revoke(token=token, by=request.user)
    messages.success(request, _("The key “%(name)s” has been revoked.") % {"name": token.name})
    return redirect("api:tokens")


@csrf_exempt  # it changes nothing, whatever the method; a program's DELETE gets the JSON 404 too
def api_not_found(request):
    """Any address under /api/v1/ that is no operation: the API's 404, not an HTML page."""
    with translation.override(language_from_accept_language(request)):
        body = error_body("not_found", _("Not found."))
    return JsonResponse(body, status=404)
