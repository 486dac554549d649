"""Messages of Django and allauth that our Dutch catalogue translates again, in our voice.

Their own Dutch catalogues address the person as "u" in some of the messages librarians meet
(the password rules on the sign-up page, the password reset page), and as "je" in others; ours
says "je" throughout. Our catalogue (LOCALE_PATHS) wins over theirs, and it keeps only what our
source asks for, so the messages are named here. Nothing imports this module."""

from django.utils.translation import gettext_noop, ngettext_lazy

# django.contrib.auth.password_validation: the rules shown under the password field.
PASSWORD_RULES = [
    gettext_noop("Your password can’t be too similar to your other personal information."),
    gettext_noop("Your password can’t be a commonly used password."),
    gettext_noop("Your password can’t be entirely numeric."),
    ngettext_lazy(
        "Your password must contain at least %(min_length)d character.",
        "Your password must contain at least %(min_length)d characters.",
        "min_length",
    ),
    # django.contrib.auth.forms.PasswordChangeForm
    gettext_noop("Your old password was entered incorrectly. Please enter it again."),
]

# allauth's password reset page.
ALLAUTH = [
    gettext_noop("Please contact us if you have any trouble resetting your password."),
]
