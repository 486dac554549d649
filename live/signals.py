"""Wiring of models that live/ does not own to its services."""

from allauth.account.signals import password_changed, password_reset, password_set
from django.contrib.auth import get_user_model, user_logged_out
from django.db.models.signals import post_save, pre_save

from live import services


def _note_deactivation(sender, instance, **kwargs):
    # Whether this save turns an active account inactive: only then are its sockets closed (a
    # user saved for any other reason keeps them). Read before the row changes.
    instance._live_deactivated = bool(
        instance.pk
        and not instance.is_active
        and sender._default_manager.filter(pk=instance.pk, is_active=True).exists()
    )


def _close_sockets_of_deactivated(sender, instance, created, **kwargs):
    if getattr(instance, "_live_deactivated", False):
        instance._live_deactivated = False
        services.user_sockets_close(user=instance)


def _close_sockets_of_session(sender, request, user, **kwargs):
    # Sent before the session is flushed, so its key still names the sockets opened with it.
    if user is not None and request is not None and hasattr(request, "session"):
        services.session_sockets_close(user=user, session_key=request.session.session_key)


def _reconnect_sockets_after_new_password(sender, request, user, **kwargs):
    # A new password ends the person's other sessions (Django compares the session's password
    # hash on each request); their sockets must not outlive them. The session that changed it
    # was given a new key, so its sockets cannot be told apart: all reconnect, with the cookie
    # each browser now holds.
    services.user_sockets_reconnect(user=user)


def connect() -> None:
    User = get_user_model()
    pre_save.connect(_note_deactivation, sender=User, dispatch_uid="live_note_deactivation")
    post_save.connect(_close_sockets_of_deactivated, sender=User, dispatch_uid="live_deactivated")
    user_logged_out.connect(_close_sockets_of_session, dispatch_uid="live_logged_out")
    for signal in (password_changed, password_set, password_reset):
        signal.connect(_reconnect_sockets_after_new_password, dispatch_uid="live_new_password")
