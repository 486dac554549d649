"""The Wagtail admin's upload forms for documents and images (WAGTAILDOCS_DOCUMENT_FORM_BASE,
WAGTAILIMAGES_IMAGE_FORM_BASE): the admin is one more door for files, with the same checks."""

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _
from wagtail.documents.forms import BaseDocumentForm
from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm

from cooperation import files, permissions


class DocumentForm(BaseDocumentForm):
    """Webinar slides and other documents editors upload are checked as group files are: the
    bytes decide, and web pages, scripts and programs are refused (Wagtail alone would store an
    HTML or SVG file and serve it from our own origin).

    The file of a group's library document is never replaced here: its versions, checksums and
    notifications belong to the library, so a new file goes through the group's upload."""

    REPLACE_IN_LIBRARY = _(
        "This is a file of a group's library. A new file becomes a new version: upload it on "
        "the document's page in the group."
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.in_library = bool(
            self.instance.pk and not permissions.can_change_file_in_place(self.instance)
        )
        if self.in_library and "file" in self.fields:
            self.fields["file"].help_text = self.REPLACE_IN_LIBRARY

    def clean_file(self):
        uploaded = self.cleaned_data.get("file")
        if self.in_library and "file" in self.changed_data:
            raise ValidationError(self.REPLACE_IN_LIBRARY, code="library_file")
        if isinstance(uploaded, UploadedFile):
            try:
                files.inspect_upload(uploaded, name=files.display_name(uploaded.name or ""))
            except files.RefusedFile as error:
                raise ValidationError(str(error), code="refused_file") from None
        return uploaded


class _ReadableImageField(WagtailImageField):
    def check_image_pixel_size(self, f):
        # Willow recognises an image by its first bytes; Pillow may still fail to read the rest
        # (a GIF header in front of a web page), which Wagtail lets through as a server error.
        try:
            super().check_image_pixel_size(f)
        except ValidationError:
            raise
        except Exception as error:
            raise ValidationError(self.error_messages["invalid_image"], code="invalid_image") from (
                error
            )


class ImageForm(BaseImageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if type(self.fields.get("file")) is WagtailImageField:
            self.fields["file"].__class__ = _ReadableImageField
