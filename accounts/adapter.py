import logging
from types import SimpleNamespace
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.internal.userkit import filter_users_by_email
from allauth.core import context as allauth_context
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.providers.base.constants import AuthError, AuthProcess
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils import translation
from django.utils.translation import gettext as _

from accounts import services, sso
from portal.links import absolute_url, site_url

logger = logging.getLogger(__name__)


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix, email, context):
        """allauth builds the links in its mails (confirm your address, reset your password, sign
        up) on the request's host, and names the site by it; ours follow SITE_URL like every
        other mail (portal/links.py), whichever host or proxy the request came through."""
        context = {
            "request": allauth_context.request,
            "email": email,
            **context,
            "current_site": SimpleNamespace(
                name=settings.WAGTAIL_SITE_NAME, domain=urlsplit(site_url()).netloc
            ),
        }
        for key, value in context.items():
            if key.endswith("_url") and isinstance(value, str) and value:
                context[key] = absolute_url(value)
        self.render_mail(template_prefix, email, context).send()

    def save_user(self, request, user, form, commit=True):
        # Sign-up takes the language the person was browsing in, so their mails speak it too.
        user.display_name = form.cleaned_data.get("display_name", "")
        user.organisation = form.cleaned_data.get("organisation", "")
        user.preferred_language = translation.get_language() or user.preferred_language
        return super().save_user(request, user, form, commit=commit)


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    """Log-in through an OpenID Connect provider or a SAML IdP (accounts/sso.py, README "Single
    sign-on"). allauth links a first log-in to the existing account with the same address only
    when the address is verified; this adapter decides what counts as verified and refuses the
    unverified match outright."""

    def populate_user(self, request, sociallogin, data):
        user = super().populate_user(request, sociallogin, data)
        for address in sociallogin.email_addresses:
            # allauth takes email_verified as it comes; the string "false" would pass as true.
            address.verified = sso.is_true(address.verified)
        user.display_name = sso.display_name_from(data) or user.email.partition("@")[0]
        user.preferred_language = translation.get_language() or user.preferred_language
        services.user_organisation_apply(user=user, organisation=sso.organisation_from(sociallogin))
        return user

    def pre_social_login(self, request, sociallogin):
        if sociallogin.is_existing:
            # The provider is the source of the organisation of whoever logs in through it.
            services.user_organisation_apply(
                user=sociallogin.user, organisation=sso.organisation_from(sociallogin), save=True
            )
            return
        if sociallogin.state.get("process") == AuthProcess.CONNECT:
            return  # a logged-in person linking the provider to their own account
        for address in sociallogin.email_addresses:
            if not address.verified and filter_users_by_email(address.email):
                # Anyone can claim any address at a provider that does not check it; such a
                # claim never opens, nor links to, the account of whoever owns the address.
                logger.warning(
                    "SSO log-in refused: %s sent the unverified address of an existing account",
                    sociallogin.account.provider,
                )
                raise ImmediateHttpResponse(
                    self._to_login_page(
                        request,
                        _(
                            "An account with the e-mail address %(email)s already exists, but "
                            "%(provider)s does not confirm that this address is yours. Log in "
                            "with your e-mail address and password; you can then link "
                            "%(provider)s to your account."
                        )
                        % {"email": address.email, "provider": sociallogin.provider.name},
                    )
                )

    def on_authentication_error(
        self, request, provider, error=None, exception=None, extra_context=None
    ):
        """Every failed provider log-in ends on the log-in page with a message saying what
        happened, instead of allauth's bare error page."""
        extra_context = extra_context or {}
        names = {"provider": provider.name}
        if error == AuthError.CANCELLED:
            message = _("Logging in with %(provider)s was cancelled. You are not logged in.")
        elif isinstance(exception, OSError):  # requests' and urllib's network errors
            message = _(
                "%(provider)s cannot be reached right now. Try again later, or log in with your "
                "e-mail address and password."
            )
        elif isinstance(exception, PermissionDenied) or (
            "state_id" in extra_context and not extra_context.get("state")
        ):
            # No log-in of ours matches the answer: expired, begun in another browser, replayed.
            message = _(
                "Logging in with %(provider)s took too long or was started in another window. "
                "Please try again."
            )
        else:
            message = _(
                "Logging in with %(provider)s did not succeed. Try again, or log in with your "
                "e-mail address and password."
            )
        logger.warning(
            "SSO log-in with %s failed: %s %r %s",
            provider.name,
            error,
            exception,
            extra_context.get("saml_last_error_reason", ""),
        )
        raise ImmediateHttpResponse(self._to_login_page(request, message % names))

    @staticmethod
    def _to_login_page(request, message):
        messages.error(request, message)
        return redirect("account_login")
