from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from learning.models import WebinarPage


class WebinarFilterForm(forms.Form):
    """The filters of the Leerplatform list; an unknown value is reported, not guessed at."""

    topic = forms.ChoiceField(label=_("Topic"), required=False)
    series = forms.ChoiceField(label=_("Series"), required=False)
    speaker = forms.TypedChoiceField(
        label=_("Speaker"), required=False, coerce=int, empty_value=None
    )
    month = forms.RegexField(
        label=_("Month"),
        required=False,
        regex=r"^\d{4}-(0[1-9]|1[0-2])$",
        error_messages={"invalid": _("Choose a month from the list.")},
        widget=forms.Select,
    )

    def __init__(self, data, *, topics, series, speakers, months):
        super().__init__(data)
        self.fields["topic"].choices = [("", _("All topics"))] + [(t.slug, t.name) for t in topics]
        self.fields["topic"].error_messages["invalid_choice"] = _("Choose a topic from the list.")
        self.fields["series"].choices = [("", _("All series"))] + [
            (s.slug, s.title) for s in series
        ]
        self.fields["series"].error_messages["invalid_choice"] = _("Choose a series from the list.")
        self.fields["speaker"].choices = [("", _("All speakers"))] + [
            (str(speaker.pk), speaker.name) for speaker in speakers
        ]
        self.fields["speaker"].error_messages["invalid_choice"] = _(
            "Choose a speaker from the list."
        )
        self.fields["month"].widget.choices = [("", _("All months"))] + [
            (m.strftime("%Y-%m"), date_format(m, "YEAR_MONTH_FORMAT")) for m in months
        ]


class ColleagueRegistrationForm(forms.Form):
    colleague = forms.ModelChoiceField(
        label=_("Colleague"),
        queryset=User.objects.none(),
        error_messages={
            "required": _("Choose a colleague."),
            "invalid_choice": _("Choose a colleague of your own library."),
        },
    )
    webinar = forms.ModelChoiceField(
        label=_("Webinar"),
        queryset=WebinarPage.objects.none(),
        error_messages={
            "required": _("Choose a webinar."),
            "invalid_choice": _("Choose an upcoming webinar from the list."),
        },
    )

    def __init__(self, data=None, *, colleagues, webinars):
        super().__init__(data)
        self.fields["colleague"].queryset = colleagues
        self.fields["webinar"].queryset = webinars


class RegistrantsMessageForm(forms.Form):
    subject = forms.CharField(
        label=_("Subject"), max_length=200, error_messages={"required": _("Write a subject.")}
    )
    body = forms.CharField(
        label=_("Message"),
        widget=forms.Textarea,
        error_messages={"required": _("Write a message.")},
    )
