from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class _EraseForm(forms.Form):
    understood = forms.BooleanField(
        label=_("I understand that my account cannot be restored."),
        error_messages={"required": _("Tick the box to confirm that you understand.")},
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user


class EraseWithPasswordForm(_EraseForm):
    """For accounts with a password: the password confirms that it is the person."""

    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": _("Enter your password.")},
    )
    field_order = ["password", "understood"]

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("That is not your password."), code="wrong_password")
        return password


def confirmation_phrase() -> str:
    return gettext("delete my account")


class EraseWithPhraseForm(_EraseForm):
    """For accounts without a password (log-in through the organisation): the typed phrase
    prevents a slip, the e-mailed link proves it is the person (privacy.views.erase)."""

    phrase = forms.CharField(
        label=_("Type the words shown above"),
        error_messages={"required": _("Type the words shown above.")},
    )
    field_order = ["phrase", "understood"]

    def clean_phrase(self):
        phrase = " ".join(self.cleaned_data["phrase"].split()).casefold()
        if phrase != confirmation_phrase().casefold():
            raise forms.ValidationError(
                _("Type exactly: %(phrase)s") % {"phrase": confirmation_phrase()},
                code="wrong_phrase",
            )
        return phrase
