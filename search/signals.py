"""Keeping the index fresh where modelsearch's own save/delete signal handlers do not see a change.

Permission changes (a group's visibility, a membership, a webinar's audience) need no reindex:
the permission filter is evaluated per query. Content saves, publishing, unpublishing and deletes
go through modelsearch's handlers. One gap is covered here: the text extracted from a library
file is written by cooperation.tasks.extract_document_text with `.update()`, which sends no
signal, so when that task finishes the document that holds the file is indexed again.

After every `migrate`: the PostgreSQL planner cost of the text match (search/postgres_costs.py).
"""

from django.db.models.signals import post_migrate
from django.dispatch import receiver
from django_tasks.signals import task_finished
from modelsearch.index import insert_or_update_object

EXTRACT_TASK = "cooperation.tasks.extract_document_text"


@receiver(task_finished)
def reindex_document_after_text_extraction(sender, task_result, **kwargs):
    if task_result.task.module_path != EXTRACT_TASK or not task_result.args:
        return
    from cooperation.models import Document

    for document in Document.objects.filter(versions__file_id=task_result.args[0]).distinct():
        insert_or_update_object(document)


@receiver(post_migrate)
def planner_cost_of_text_match(sender, using="default", **kwargs):
    """Every migrate sets it again: a restored dump does not carry it (search/postgres_costs.py)."""
    if sender.name != "search":
        return
    from django.db import connections

    from search.postgres_costs import apply_text_match_cost

    apply_text_match_cost(connections[using])
