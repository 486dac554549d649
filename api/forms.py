from datetime import datetime, time, timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from api.models import AccessToken


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("What the key is for, e.g. “Library intranet”."),
        error_messages={"required": _("Give the key a name.")},
    )
    scope = forms.ChoiceField(
        label=_("Access"),
        choices=[
            (AccessToken.Scope.READ, _("Read only")),
            (AccessToken.Scope.WRITE, _("Read and write (e.g. register for webinars)")),
        ],
        initial=AccessToken.Scope.READ,
        widget=forms.RadioSelect,
    )
    expires_on = forms.DateField(
        label=_("Valid until"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Optional: the key stops working after this day."),
    )

    def clean_expires_on(self):
        day = self.cleaned_data["expires_on"]
        if day is not None and day < timezone.localdate():
            raise forms.ValidationError(_("Choose today or a day in the future."))
        return day

    def expires_at(self):
        """The end of the chosen day, in the platform's time zone."""
        day = self.cleaned_data["expires_on"]
        if day is None:
            return None
        return timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))
