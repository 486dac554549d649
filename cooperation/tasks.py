"""Background work of the Coöperatieplatform (django-tasks). Each task is idempotent."""

import logging
from datetime import timedelta

from django.conf import settings
from django_tasks import task

logger = logging.getLogger(__name__)


@task()
def extract_document_text(document_id: int) -> int:
    """Reads the text of a stored file for search; returns the number of characters kept."""
    from cooperation import files
    from cooperation.models import DocumentVersion
    from portal.models import PortalDocument

    stored = PortalDocument.objects.filter(pk=document_id).first()
    version = DocumentVersion.objects.filter(file_id=document_id).first()
    if stored is None or version is None:
        return 0
    try:
        with stored.file.open("rb") as stream:
            text = files.extract_text(stream, version.content_type)
    except Exception:  # a broken upload must not break the queue; it is simply not searchable
        logger.warning("Could not extract text from document %s", document_id, exc_info=True)
        text = ""
    PortalDocument.objects.filter(pk=document_id).update(extracted_text=text)
    return len(text)


@task()
def make_preview(document_id: int) -> str:
    """Makes the image preview of a stored file once and keeps it in storage, where the
    thumbnail view serves it from; returns the preview's status. Run again, it does nothing."""
    from django.core.files.base import ContentFile

    from cooperation import files
    from portal.models import PortalDocument

    Preview = PortalDocument.Preview
    stored = PortalDocument.objects.filter(pk=document_id).first()
    if stored is None:
        return ""
    if stored.preview_status not in (Preview.NOT_ASKED, Preview.PENDING):
        return stored.preview_status
    try:
        with stored.file.open("rb") as stream:
            preview = files.make_preview(stream)
    except files.NoPreview as refusal:
        status, name = refusal.status, ""
    else:
        status = Preview.READY
        name = stored.preview.storage.save(
            f"previews/{files.storage_name(f'{stored.pk}.png')}", ContentFile(preview)
        )
    PortalDocument.objects.filter(pk=document_id).update(preview=name, preview_status=status)
    return status


@task()
def purge_trash() -> int:
    from cooperation.services import trash_purge

    return trash_purge(older_than=timedelta(days=settings.COOPERATION_TRASH_DAYS))
