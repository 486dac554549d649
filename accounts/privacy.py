"""What an account holds about its person (privacy/registry.py): the profile, e-mail addresses,
linked log-in providers and two-factor authentication. Erasure scrubs the account last of all:
the row stays (posts and documents keep a valid author), but nothing in it names anyone."""

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.socialaccount.models import SocialAccount
from allauth.usersessions.models import UserSession
from django.conf import settings
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.users.models import UserProfile

from privacy.anonymous import former_member_name, placeholder_email
from privacy.registry import PersonalData, as_long_as_the_account, register


def _profile(user) -> list[dict]:
    return [
        {
            "email": user.email,
            "name": user.display_name,
            "organisation": user.organisation,
            "library": user.library.name if user.library_id else None,
            "library_coordinator": user.is_library_coordinator,
            "language": user.preferred_language,
            "time_zone": user.time_zone,
            "joined": user.date_joined,
            "last_login": user.last_login,
            "editor": user.is_staff,
            "has_password": user.has_usable_password(),
        }
    ]


def _scrub(user, erasure) -> None:
    user.email = placeholder_email("verwijderd")
    user.display_name = former_member_name()
    user.organisation = ""
    user.library = None
    user.is_library_coordinator = False
    user.preferred_language = settings.LANGUAGE_CODE
    user.time_zone = settings.TIME_ZONE
    user.is_staff = user.is_superuser = False
    user.is_active = False  # also closes any socket still open (live/signals.py)
    user.last_login = None
    # A new unusable password changes the hash every session was signed with: Django refuses
    # all of the person's sessions from their next request on, wherever they are.
    user.set_unusable_password()
    user.save()
    user.groups.clear()
    user.user_permissions.clear()
    UserProfile.objects.filter(user=user).delete()  # the admin's avatar and preferences


register(
    PersonalData(
        key="profile",
        label=_("Profile"),
        what=_(
            "Your e-mail address, name, organisation, library, language, time zone, when you "
            "joined and "
            "when you last logged in. Sessions are kept in the database only while you are "
            "logged in; there is no log-in history."
        ),
        why=_("To let you log in, to show others who wrote what, and to send you e-mail."),
        kept=as_long_as_the_account,
        fields={
            "email": _("the e-mail address you log in with"),
            "name": _("your name as others see it"),
            "organisation": _("the organisation you typed"),
            "library": _("the library editors linked you to"),
            "library_coordinator": _("whether you register colleagues of your library"),
            "language": _("the language of the site and of your e-mails"),
            "time_zone": _("the time zone of the dates and times you are shown"),
            "joined": _("when the account was made"),
            "last_login": _("when you last logged in"),
            "editor": _("whether you work in the editors' admin"),
            "has_password": _("whether the account has a password (not the password itself)"),
        },
        export=_profile,
        erase=_scrub,
        erase_order=1000,
        order=10,
    )
)

register(
    PersonalData(
        key="email_addresses",
        label=_("E-mail addresses"),
        what=_("Every e-mail address of your account and whether it is verified."),
        why=_("To log you in and to make sure mail reaches you."),
        kept=as_long_as_the_account,
        fields={
            "email": _("the address"),
            "verified": _("whether you confirmed it"),
            "primary": _("whether mail goes to it"),
        },
        export=lambda user: list(
            EmailAddress.objects.filter(user=user)
            .order_by("-primary", "email")
            .values("email", "verified", "primary")
        ),
        erase=lambda user, erasure: EmailAddress.objects.filter(user=user).delete(),
        erase_order=900,
        order=11,
    )
)

register(
    PersonalData(
        key="linked_accounts",
        label=_("Linked log-in accounts"),
        what=_(
            "For log-in through your organisation (single sign-on): the provider, your "
            "identifier there and what it told us about you."
        ),
        why=_("To log you in through your organisation."),
        kept=as_long_as_the_account,
        fields={
            "provider": _("the log-in provider"),
            "uid": _("your identifier at the provider"),
            "linked": _("when the link was made"),
            "last_login": _("when you last logged in through it"),
            "data": _("what the provider told us about you"),
        },
        export=lambda user: [
            {
                "provider": account.provider,
                "uid": account.uid,
                "linked": account.date_joined,
                "last_login": account.last_login,
                "data": account.extra_data,
            }
            for account in SocialAccount.objects.filter(user=user).order_by("pk")
        ],
        erase=lambda user, erasure: SocialAccount.objects.filter(user=user).delete(),
        erase_order=900,
        order=12,
    )
)

register(
    PersonalData(
        key="sessions",
        label=_("Where you are logged in"),
        what=_(
            "For each log-in session: when it began, when it was last used, from which "
            "address and with which browser."
        ),
        why=_("So that you can see where you are logged in and end a session you do not know."),
        kept=lambda: gettext("Until you log out or the session expires."),
        fields={
            "started": _("when you logged in"),
            "last_seen": _("when the session was last used"),
            "ip": _("the internet address it was used from"),
            "browser": _("the browser's own description"),
        },
        export=lambda user: [
            {
                "started": session.created_at,
                "last_seen": session.last_seen_at,
                "ip": session.ip,
                "browser": session.user_agent,
            }
            for session in UserSession.objects.filter(user=user).order_by("pk")
        ],
        erase=lambda user, erasure: [s.end() for s in UserSession.objects.filter(user=user)],
        erase_order=900,
        order=13,
    )
)

register(
    PersonalData(
        key="two_factor",
        label=_("Two-factor authentication"),
        what=_("Which second steps you set up and when you last used them (never their secrets)."),
        why=_("To protect your account."),
        kept=as_long_as_the_account,
        fields={
            "type": _("the kind of second step"),
            "created": _("when you set it up"),
            "last_used": _("when you last used it"),
        },
        export=lambda user: [
            {"type": item.type, "created": item.created_at, "last_used": item.last_used_at}
            for item in Authenticator.objects.filter(user=user).order_by("pk")
        ],
        erase=lambda user, erasure: Authenticator.objects.filter(user=user).delete(),
        erase_order=900,
        order=13,
    )
)
