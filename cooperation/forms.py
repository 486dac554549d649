from django import forms
from django.utils.translation import gettext_lazy as _

from cooperation.models import Folder, Group, Membership


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (Django's documented recipe)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)] if data else []


def tag_list(text: str) -> list[str]:
    return [tag.strip()[:100] for tag in (text or "").split(",") if tag.strip()][:20]


class GroupForm(forms.ModelForm):
    class Meta:
        model = Group
        fields = ["name", "kind", "description", "visibility", "join_policy"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}
        error_messages = {"name": {"required": _("Give the group a name.")}}

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("join_policy") == Group.JoinPolicy.OPEN
            and cleaned.get("visibility") != Group.Visibility.PUBLIC
        ):
            self.add_error(
                "join_policy", _("Only a public group can let anyone join without asking.")
            )
        return cleaned


class UploadForm(forms.Form):
    files = MultipleFileField(label=_("Files"), required=False)
    title = forms.CharField(
        label=_("Title"),
        required=False,
        max_length=255,
        help_text=_("Leave empty to use the file name (several files always use their names)."),
    )
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(
        attrs={"rows": 3}))  # fmt: skip
    tags = forms.CharField(
        label=_("Tags"), required=False, help_text=_("Separate tags with commas.")
    )
    folder = forms.ModelChoiceField(
        label=_("Folder"), queryset=Folder.objects.none(), required=False, empty_label=_("(top)")
    )

    def __init__(self, *args, group: Group, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["folder"].queryset = group.folders.all()

    def clean_tags(self):
        return tag_list(self.cleaned_data["tags"])

    def clean(self):
        cleaned = super().clean()
        # Files the upload script already sent in chunks (cooperation/staging.py).
        cleaned["staged"] = [value for value in self.data.getlist("staged") if value][:100]
        if not cleaned.get("files") and not cleaned["staged"]:
            self.add_error("files", _("Choose one or more files to upload."))
        return cleaned


class VersionForm(forms.Form):
    file = forms.FileField(
        label=_("New version"), error_messages={"required": _("Choose a file to upload.")}
    )


class DocumentForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=255)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(
        attrs={"rows": 3}))  # fmt: skip
    tags = forms.CharField(
        label=_("Tags"), required=False, help_text=_("Separate tags with commas.")
    )
    folder = forms.ModelChoiceField(
        label=_("Folder"), queryset=Folder.objects.none(), required=False, empty_label=_("(top)")
    )

    def __init__(self, *args, group: Group, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["folder"].queryset = group.folders.all()

    def clean_tags(self):
        return tag_list(self.cleaned_data["tags"])


class FolderForm(forms.Form):
    name = forms.CharField(label=_("New folder"), max_length=200)


class InvitationForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail address"),
        error_messages={"invalid": _("Enter a valid e-mail address, e.g. naam@bibliotheek.be.")},
    )


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Membership.Role.choices)


class JoinRequestForm(forms.Form):
    message = forms.CharField(
        label=_("Message to the moderators (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
