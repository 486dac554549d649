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
def purge_trash() -> int:
    from cooperation.services import trash_purge

    return trash_purge(older_than=timedelta(days=settings.COOPERATION_TRASH_DAYS))
