"""The forms of discussions. What a post may contain is checked once, in services.py (clean_body,
clean_title, mentions); the forms call those checks so that the message lands beside the field and
everything typed stays in the form."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from cooperation.discussions import services
from cooperation.forms import MultipleFileField
from cooperation.models import Document

# Which field a refusal from services.py belongs beside.
ERROR_FIELDS = {
    "empty_title": "title",
    "title_too_long": "title",
    "title_null_characters": "title",
    "refused_file": "files",
    "not_in_library": "documents",
    "locked": None,
}


class MarkdownTextarea(forms.Textarea):
    """A Markdown textarea that static/js/editor.js enhances with a toolbar (and, given a
    `mention_url`, an @mention autocomplete)."""

    def __init__(self, *, mention_url: str = "", attrs=None):
        base = {"rows": 10, "data-editor": "markdown"}
        if mention_url:
            base["data-mention-url"] = mention_url
        super().__init__(attrs={**base, **(attrs or {})})


class PostForm(forms.Form):
    # No maxlength attribute: a browser would cut a long paste silently; the service says by how
    # much a post is too long and the text stays.
    body = forms.CharField(
        label=_("Your message"),
        required=False,
        strip=False,
        help_text=_(
            "Markdown: **bold**, _italics_, - list, 1. numbered list, > quote, `code`, "
            "[link](https://…). Write @Name to mention a member of the group."
        ),
    )
    documents = forms.ModelMultipleChoiceField(
        label=_("Attach documents from the library"),
        queryset=Document.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    files = MultipleFileField(
        label=_("Or upload new files (they are added to the group's library)"), required=False
    )

    def __init__(self, *args, documents=None, mention_url: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].widget = MarkdownTextarea(mention_url=mention_url)
        if documents is None:
            del self.fields["documents"]
            del self.fields["files"]
        else:
            self.fields["documents"].queryset = documents
            if not documents.exists():
                del self.fields["documents"]

    def clean_body(self):
        return services.clean_body(self.cleaned_data["body"])

    def add_service_error(self, error: ValidationError) -> None:
        for message in error.error_list:
            field = ERROR_FIELDS.get(message.code, "body")
            self.add_error(field if field in self.fields else None, message)


class ThreadForm(PostForm):
    title = forms.CharField(label=_("Title"), required=False, max_length=200)
    field_order = ["title", "body", "documents", "files"]

    def clean_title(self):
        return services.clean_title(self.cleaned_data["title"])


class EditForm(PostForm):
    """Editing a post's text; the opening post's form also has the thread's title."""

    title = forms.CharField(label=_("Title"), required=False, max_length=200)
    field_order = ["title", "body"]

    def __init__(self, *args, with_title: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not with_title:
            del self.fields["title"]

    def clean_title(self):
        return services.clean_title(self.cleaned_data["title"])
