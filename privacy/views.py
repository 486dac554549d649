from types import SimpleNamespace

from allauth.core import ratelimit
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from cooperation.downloads import file_response
from privacy import permissions, selectors, services
from privacy.forms import EraseWithPasswordForm, EraseWithPhraseForm, confirmation_phrase
from privacy.models import DataExport


def statement(request):
    return render(
        request,
        "privacy/statement.html",
        {
            "entries": selectors.statement_entries(),
            "export_days": settings.PRIVACY_EXPORT_DAYS,
            "contact": settings.PRIVACY_CONTACT_EMAIL,
        },
    )


# --- My data -------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def my_data(request):
    if request.method == "POST":
        _export, started = services.export_request(user=request.user)
        if started:
            messages.success(
                request,
                _("We are preparing your data. You get an e-mail when it is ready."),
            )
        else:
            messages.info(request, _("Your data is already being prepared."))
        return redirect("privacy:my_data")
    context = selectors.export_state(user=request.user)
    context["export_days"] = settings.PRIVACY_EXPORT_DAYS
    return render(request, "privacy/my_data.html", context)


@login_required
def export_download(request, token):
    # Someone else's link is "not found": it must not even tell that the export exists.
    export = DataExport.objects.filter(token=token, user=request.user).first()
    if export is None:
        raise Http404
    if not permissions.can_download_export(request.user, export):
        return render(request, "privacy/export_gone.html", {"export": export}, status=410)
    stored = SimpleNamespace(
        # cooperation.downloads.file_response reads these attributes of a library version.
        file=SimpleNamespace(file=export.file),
        content_type="application/zip",
        size=export.size,
        original_name=f"kennisplein-gegevens-{export.ready_at:%Y-%m-%d}.zip",
    )
    return file_response(request, stored, inline=False)


# --- Deleting the account ------------------------------------------------------------------------


def _erase_and_log_out(request):
    user = request.user
    services.account_erase(user=user, by=user)
    logout(request)
    return render(request, "privacy/account_deleted.html")


@login_required
@require_http_methods(["GET", "POST"])
def erase(request):
    user = request.user
    if not permissions.can_erase_own_account(user):
        raise PermissionDenied
    with_password = user.has_usable_password()
    form_class = EraseWithPasswordForm if with_password else EraseWithPhraseForm
    form = form_class(request.POST or None, user=user)
    if request.method == "POST":
        # The same limit as a password change: a stolen session cannot guess the password.
        if with_password and not ratelimit.consume(request, action="change_password", user=user):
            form.add_error(None, _("Too many attempts. Wait a minute and try again."))
        elif form.is_valid():
            if with_password:
                return _erase_and_log_out(request)
            services.erase_link_send(user=user)
            return render(request, "privacy/erase_link_sent.html", {"email": user.email})
    return render(
        request,
        "privacy/erase.html",
        {
            "form": form,
            "with_password": with_password,
            "phrase": confirmation_phrase(),
            "consequences": services.erase_consequences(user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def erase_confirm(request, token: str):
    """The link of the e-mail (accounts without a password). Opening it deletes nothing (mail
    scanners open links); the button on the page does."""
    user = request.user
    if not permissions.can_erase_own_account(user):
        raise PermissionDenied
    if not services.erase_link_valid(user=user, token=token):
        return render(request, "privacy/erase_link_invalid.html", status=400)
    if request.method == "POST":
        return _erase_and_log_out(request)
    return render(
        request,
        "privacy/erase_confirm.html",
        {"consequences": services.erase_consequences(user)},
    )


# --- The Wagtail admin ---------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def admin_erase(request, user_id: int):
    person = get_object_or_404(get_user_model(), pk=user_id)
    if not permissions.can_erase_in_admin(request.user, person):
        raise PermissionDenied
    if request.method == "POST":
        name = str(person)
        services.account_erase(user=person, by=request.user)
        messages.success(request, _("The account of %(name)s has been deleted.") % {"name": name})
        return redirect("wagtailusers_users:index")
    return TemplateResponse(
        request,
        "privacy/admin/erase.html",
        {
            "person": person,
            "consequences": services.erase_consequences(person),
            "page_title": _("Delete account"),
            "page_subtitle": str(person),
        },
    )
