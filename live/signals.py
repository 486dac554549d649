"""Wiring of models that live/ does not own to its services."""

from allauth.account.signals import password_changed, password_reset, password_set
from django.contrib.auth import user_logged_out

from live import access, services


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
    # An account deactivated, deleted, made no longer staff or taken out of a role, however it
    # happened: its sockets ask again (live/access.py).
    access.watch_people()
    user_logged_out.connect(_close_sockets_of_session, dispatch_uid="live_logged_out")
    for signal in (password_changed, password_set, password_reset):
        signal.connect(_reconnect_sockets_after_new_password, dispatch_uid="live_new_password")
