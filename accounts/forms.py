from allauth.account.forms import SignupForm as AllauthSignupForm
from allauth.account.models import EmailAddress
from django import forms
from django.utils.translation import gettext_lazy as _

from accounts import timezones
from accounts.models import User

NAME_REQUIRED = _("Please enter your name.")


class SignupForm(AllauthSignupForm):
    display_name = forms.CharField(
        label=_("Name"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={"required": NAME_REQUIRED},
    )
    organisation = forms.CharField(
        label=_("Organisation"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )

    field_order = ["display_name", "organisation", "email", "password1", "password2"]

    def clean_display_name(self):
        return _clean_name(self.cleaned_data["display_name"])

    def clean_email(self):
        # allauth would silently mail the owner instead (enumeration prevention for open sites);
        # for a professional network the person signing up needs to hear it now. Sign-ups are
        # rate-limited per IP, which keeps the address list from being walked.
        email = super().clean_email()
        if EmailAddress.objects.filter(email__iexact=email).exists() or (
            User.objects.filter(email__iexact=email).exists()
        ):
            raise forms.ValidationError(
                _(
                    "An account with this e-mail address already exists. Log in, or reset "
                    "your password if you forgot it."
                ),
                code="email_taken",
            )
        return email


class ProfileForm(forms.ModelForm):
    time_zone = forms.ChoiceField(
        label=_("Time zone"),
        choices=timezones.choices,
        # Not sent (an older form, a script): the zone stays as it was.
        required=False,
        help_text=_("Dates and times on Kennisplein and in its e-mails are shown in this zone."),
    )

    class Meta:
        model = User
        fields = ["display_name", "organisation", "preferred_language", "time_zone"]
        widgets = {
            "display_name": forms.TextInput(attrs={"autocomplete": "name"}),
            "organisation": forms.TextInput(attrs={"autocomplete": "organization"}),
        }
        error_messages = {"display_name": {"required": NAME_REQUIRED}}

    def clean_display_name(self):
        return _clean_name(self.cleaned_data["display_name"])


def _clean_name(value: str) -> str:
    name = " ".join(value.split())
    if not name:
        raise forms.ValidationError(NAME_REQUIRED, code="required")
    return name
