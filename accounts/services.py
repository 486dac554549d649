from allauth.socialaccount.models import SocialAccount
from allauth.usersessions.models import UserSession
from django.conf import settings
from django.db import transaction

from accounts.models import Organisation, User
from live.services import user_sockets_close


@transaction.atomic
def profile_update(
    *,
    user: User,
    display_name: str,
    organisation: str,
    language: str,
    time_zone: str | None = None,
) -> User:
    user.display_name = display_name
    user.organisation = organisation
    user.preferred_language = language
    user.time_zone = time_zone or user.time_zone
    user.save(update_fields=["display_name", "organisation", "preferred_language", "time_zone"])
    return user


def language_choose(*, user: User | None, language: str) -> str:
    """Remembers the chosen language for a member; returns it if it is supported."""
    if language not in dict(settings.LANGUAGES):
        language = settings.LANGUAGE_CODE
    if user is not None and user.is_authenticated and user.preferred_language != language:
        user.preferred_language = language
        user.save(update_fields=["preferred_language"])
    return language


def user_organisation_apply(*, user: User, organisation: str | None, save: bool = False) -> None:
    """Sets the organisation a provider names (single sign-on): the free text, and the network's
    record where an organisation of that name exists (accounts.Organisation; none is created, so
    a provider cannot add libraries; an unknown name leaves the library as editors set it). A
    person whose library changes this way stops being a coordinator: that role was given for the
    other library."""
    if not organisation:
        return
    library = Organisation.objects.filter(name__iexact=organisation).first()
    user.organisation = organisation
    fields = ["organisation"]
    if library is not None and library.pk != user.library_id:
        if user.library_id is not None:
            user.is_library_coordinator = False
            fields.append("is_library_coordinator")
        user.library = library
        fields.append("library")
    if save:
        user.save(update_fields=fields)


def user_sessions_end(*, user: User, oidc_provider: str = "", oidc_sid: str = "") -> int:
    """Ends the person's sessions once the current transaction commits: every one, or only the one
    that logged in through provider session `oidc_sid` (back-channel logout). Returns how many
    sessions were found. (A deactivated account's sockets are closed by live/signals.py.)

    Sessions are known through allauth.usersessions, which records each log-in through allauth;
    an inactive account is refused by every request anyway (Django's ModelBackend)."""
    sessions = UserSession.objects.filter(user=user)
    if oidc_sid:
        sessions = sessions.filter(data__oidc_provider=oidc_provider, data__oidc_sid=oidc_sid)
    sessions = list(sessions)

    def end():
        for session in sessions:
            session.end()

    transaction.on_commit(end)
    return len(sessions)


def user_session_note_oidc_sid(*, session_key: str, provider_id: str, sid: str) -> None:
    """Remembers which provider session a Kennisplein session came from, so that the provider's
    back-channel logout of that one session can end it."""
    for session in UserSession.objects.filter(session_key=session_key):
        session.data = {**session.data, "oidc_provider": provider_id, "oidc_sid": sid}
        session.save(update_fields=["data"])


@transaction.atomic
def sso_backchannel_logout(*, provider_id: str, claims: dict) -> int:
    """A provider logs a person out (OpenID Connect Back-Channel Logout): with a `sid`, the one
    session that came from that provider session; with a `sub` alone, every session of theirs.
    Their open WebSockets are closed (a socket of another, still valid session reconnects).
    Returns how many sessions were ended; a person the platform does not know is no error (a
    provider tells every client it has)."""
    sid = claims.get("sid") or ""
    if claims.get("sub"):
        users = [
            account.user
            for account in SocialAccount.objects.filter(
                provider=provider_id, uid=claims["sub"]
            ).select_related("user")
        ]
    else:
        users = {
            session.user
            for session in UserSession.objects.filter(
                data__oidc_provider=provider_id, data__oidc_sid=sid
            ).select_related("user")
        }
    ended = 0
    for user in users:
        ended += user_sessions_end(user=user, oidc_provider=provider_id, oidc_sid=sid)
        user_sockets_close(user=user)
    return ended
