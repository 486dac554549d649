"""Validation of what people type about meetings and news, with messages in their language.
Markdown fields are textareas with data-editor="markdown" (enhanced by static/js/editor.js)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cooperation.meetings.models import Meeting, Participant
from cooperation.models import Document

DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d-%m-%Y %H:%M"]


def _markdown(rows: int = 8, **attrs):
    return forms.Textarea(attrs={"rows": rows, "data-editor": "markdown", **attrs})


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self):
        super().__init__(format="%Y-%m-%dT%H:%M")


class MeetingForm(forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        error_messages={"required": _("Give the meeting a title.")},
    )
    starts_at = forms.DateTimeField(
        label=_("Starts at"),
        input_formats=DATETIME_FORMATS,
        widget=DateTimeInput(),
        error_messages={
            "required": _("When does the meeting start?"),
            "invalid": _("Enter a date and time, e.g. 2026-03-12 14:00."),
        },
    )
    ends_at = forms.DateTimeField(
        label=_("Ends at"),
        input_formats=DATETIME_FORMATS,
        widget=DateTimeInput(),
        error_messages={
            "required": _("When does the meeting end?"),
            "invalid": _("Enter a date and time, e.g. 2026-03-12 16:00."),
        },
    )
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    online_url = forms.URLField(
        label=_("Online meeting link"),
        required=False,
        assume_scheme="https",
        help_text=_("Only the group's readers see it, on the meeting page."),
        error_messages={"invalid": _("Enter a full web address, e.g. https://…")},
    )
    agenda_source = forms.CharField(
        label=_("Agenda"), required=False, widget=_markdown(), help_text=_("Markdown.")
    )

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("starts_at"), cleaned.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("The meeting must end after it starts."))
        return cleaned


class MinutesForm(forms.Form):
    minutes_source = forms.CharField(
        label=_("Minutes"), required=False, widget=_markdown(rows=14), help_text=_("Markdown.")
    )


class ApproveMinutesForm(forms.Form):
    at_meeting = forms.ModelChoiceField(
        label=_("Approved at the meeting of"),
        queryset=Meeting.objects.none(),
        error_messages={"required": _("Choose the meeting where the minutes were approved.")},
    )

    def __init__(self, *args, candidates=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["at_meeting"].queryset = (
            candidates if candidates is not None else (Meeting.objects.none())
        )


class RecordingForm(forms.Form):
    recording = forms.FileField(label=_("Recording (video or audio)"), required=False)
    captions = forms.FileField(label=_("Captions (WebVTT, .vtt)"), required=False)
    captions_language = forms.ChoiceField(label=_("Language of the captions"), choices=[])

    def __init__(self, *args, **kwargs):
        from django.conf import settings

        super().__init__(*args, **kwargs)
        self.fields["captions_language"].choices = settings.LANGUAGES

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("recording") and not cleaned.get("captions"):
            raise forms.ValidationError(_("Choose a recording or a captions file to upload."))
        return cleaned


class DecisionForm(forms.Form):
    text = forms.CharField(
        label=_("Decision"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Write the decision.")},
    )

    def __init__(self, *args, **kwargs):
        # Ids of its own: the action item form on the same meeting page has a "text" field too.
        kwargs.setdefault("auto_id", "id_decision_%s")
        super().__init__(*args, **kwargs)


class ActionItemForm(forms.Form):
    text = forms.CharField(
        label=_("Action"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Describe the action.")},
    )
    owner = forms.ModelChoiceField(label=_("Who"), queryset=None, required=False)
    due_date = forms.DateField(
        label=_("Due date"),
        required=False,
        input_formats=["%Y-%m-%d", "%d-%m-%Y"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Enter a date, e.g. 2026-04-01.")},
    )

    def __init__(self, *args, group=None, **kwargs):
        from accounts.models import User

        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = (
            User.objects.filter(cooperation_memberships__group=group).order_by("display_name")
            if group is not None
            else User.objects.none()
        )


class ParticipantForm(forms.Form):
    user = forms.ModelChoiceField(label=_("Person"), queryset=None)
    attendance = forms.ChoiceField(label=_("Attendance"), choices=Participant.Attendance.choices)

    def __init__(self, *args, group=None, **kwargs):
        from accounts.models import User

        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = (
            User.objects.filter(cooperation_memberships__group=group).order_by("display_name")
            if group is not None
            else User.objects.none()
        )


class PresentationForm(forms.Form):
    document = forms.ModelChoiceField(
        label=_("From the library"), queryset=Document.objects.none(), required=False
    )
    file = forms.FileField(label=_("Or upload a file"), required=False)
    title = forms.CharField(label=_("Title of the uploaded file"), max_length=255, required=False)

    def __init__(self, *args, choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        if choices is not None:
            self.fields["document"].queryset = choices

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("document") and not cleaned.get("file"):
            raise forms.ValidationError(
                _("Choose a document from the library or a file to upload.")
            )
        return cleaned


class PublishForm(forms.Form):
    presentations = forms.BooleanField(label=_("Presentations"), required=False)
    minutes = forms.BooleanField(label=_("Minutes (once approved)"), required=False)
    recording = forms.BooleanField(label=_("Recording"), required=False)

    def __init__(self, *args, **kwargs):
        # Ids of its own: the recording upload form on the same page has a "recording" field too.
        kwargs.setdefault("auto_id", "id_publish_%s")
        super().__init__(*args, **kwargs)


class NewsForm(forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        error_messages={"required": _("Give the news item a title.")},
    )
    summary = forms.CharField(
        label=_("Summary"),
        max_length=400,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One or two sentences for the news list and the RSS feed."),
    )
    body_source = forms.CharField(
        label=_("Text"), required=False, widget=_markdown(rows=12), help_text=_("Markdown.")
    )
    meetings = forms.ModelMultipleChoiceField(
        label=_("Link to meetings"),
        queryset=Meeting.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    documents = forms.ModelMultipleChoiceField(
        label=_("Link to library documents"),
        queryset=Document.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, group=None, **kwargs):
        super().__init__(*args, **kwargs)
        if group is not None:
            self.fields["meetings"].queryset = Meeting.objects.filter(group=group).order_by(
                "-starts_at"
            )
            self.fields["documents"].queryset = Document.objects.filter(
                group=group, trashed_at__isnull=True
            ).order_by("-created_at")
