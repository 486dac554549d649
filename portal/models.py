from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.documents.models import AbstractDocument
from wagtail.documents.models import Document as WagtailDocument
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index


class HomePage(Page):
    """The front door of Kennisplein; editors write its introduction."""

    introduction = RichTextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("introduction")]
    search_fields = [*Page.search_fields, index.SearchField("introduction")]

    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    class Meta:
        verbose_name = _("home page")
        verbose_name_plural = _("home pages")


class StandardPage(Page):
    """An editorial page: about, privacy, help, or a portal's landing text."""

    introduction = models.TextField(_("introduction"), blank=True)
    body = RichTextField(_("body"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("introduction"), FieldPanel("body")]
    search_fields = [
        *Page.search_fields,
        index.SearchField("introduction"),
        index.SearchField("body"),
    ]

    class Meta:
        verbose_name = _("standard page")
        verbose_name_plural = _("standard pages")


class PortalDocument(AbstractDocument):
    """The project's one document model (WAGTAILDOCS_DOCUMENT_MODEL): slides of webinars and
    files of group libraries are documents that editors also see in the Wagtail admin.

    Set before the first landing so no app ever points at wagtaildocs.Document."""

    description = models.TextField(_("description"), blank=True)
    # Filled by a background task (cooperation.tasks) for search; never shown as HTML.
    extracted_text = models.TextField(_("extracted text"), blank=True, editable=False)

    class Preview(models.TextChoices):
        """Where the image preview of a group file stands (cooperation.tasks.make_preview)."""

        NOT_ASKED = "", _("not asked for")
        PENDING = "pending", _("being made")
        READY = "ready", _("ready")
        TOO_LARGE = "too_large", _("image too large for a preview")
        UNREADABLE = "unreadable", _("image cannot be read")

    # Made once, in the background, and served from storage: decoding an image on every request
    # let a small file with a huge pixel count cost seconds and a gigabyte per request.
    preview = models.FileField(
        _("preview"), upload_to="previews/", blank=True, editable=False, max_length=255
    )
    preview_status = models.CharField(
        _("preview status"), max_length=16, choices=Preview, blank=True, editable=False
    )

    admin_form_fields = (*WagtailDocument.admin_form_fields, "description")
    search_fields = [*AbstractDocument.search_fields, index.SearchField("extracted_text")]

    class Meta(AbstractDocument.Meta):
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        permissions = [("choose_document", "Can choose document")]


class SentMail(models.Model):
    """An e-mail that a background task has handed to the mail server, by a key naming the task
    run that sent it. A task that is run again after its worker died (portal.worker) finds its key
    here and does not send the mail a second time."""

    key = models.CharField(max_length=200, unique=True, verbose_name=_("key"))
    sent_at = models.DateTimeField(auto_now_add=True, verbose_name=_("sent at"))

    class Meta:
        verbose_name = _("sent e-mail")
        verbose_name_plural = _("sent e-mails")

    def __str__(self):
        return self.key
