"""Keeps the public search entry of a publication fresh when the text of one of its presentation
files is extracted (a background task that writes with `.update()`, which sends no signal)."""

from django_tasks.signals import task_finished

EXTRACT_TASK = "cooperation.tasks.extract_document_text"


def reindex_publications_after_text_extraction(sender, task_result, **kwargs):
    if task_result.task.module_path != EXTRACT_TASK or not task_result.args:
        return
    from modelsearch.index import insert_or_update_object

    from cooperation.meetings.models import Publication

    for publication in Publication.objects.filter(
        published_at__isnull=False,
        presentations=True,
        meeting__presentations__versions__file_id=task_result.args[0],
    ).distinct():
        insert_or_update_object(publication)


def connect() -> None:
    task_finished.connect(
        reindex_publications_after_text_extraction, dispatch_uid="meetings_reindex_publications"
    )
