"""Wiring of Django's and allauth's signals to the accounts services."""

from allauth.account.signals import user_logged_in
from allauth.usersessions.models import UserSession
from django.db.models.signals import post_save, pre_save

from accounts import services
from accounts.models import User


def _note_deactivation(sender, instance, **kwargs):
    # Whether this save turns an active account inactive (the Wagtail admin's user form, or any
    # other way); read before the row changes.
    instance._sessions_deactivated = bool(
        instance.pk
        and not instance.is_active
        and sender._default_manager.filter(pk=instance.pk, is_active=True).exists()
    )


def _end_sessions_of_deactivated(sender, instance, created, **kwargs):
    if getattr(instance, "_sessions_deactivated", False):
        instance._sessions_deactivated = False
        services.user_sessions_end(user=instance)


def _note_provider_session(sender, request, user, sociallogin=None, **kwargs):
    """A log-in through an OpenID provider that names its session (the ID token's sid) is noted
    with the Kennisplein session, for the provider's back-channel logout of just that session."""
    if sociallogin is None:
        return
    sid = (sociallogin.account.extra_data or {}).get("id_token", {}).get("sid")
    if not sid or not request.session.session_key:
        return
    # allauth.usersessions records the session in its own receiver of this signal, after this
    # one, and first drops every record whose stored session logs nobody in: saving the session
    # now keeps the record made here (creating it twice is harmless).
    request.session.save()
    UserSession.objects.create_from_request(request)
    services.user_session_note_oidc_sid(
        session_key=request.session.session_key,
        provider_id=sociallogin.account.provider,
        sid=str(sid),
    )


def connect() -> None:
    pre_save.connect(_note_deactivation, sender=User, dispatch_uid="accounts_note_deactivation")
    post_save.connect(
        _end_sessions_of_deactivated, sender=User, dispatch_uid="accounts_end_sessions"
    )
    user_logged_in.connect(_note_provider_session, dispatch_uid="accounts_provider_session")
