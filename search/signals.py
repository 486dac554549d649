"""Keeping the index fresh where modelsearch's own save/delete signal handlers do not see a change.

Permission changes (a group's visibility, a membership, a webinar's audience) need no reindex:
the permission filter is evaluated per query. Content saves, publishing, unpublishing and deletes
go through modelsearch's handlers. Covered here:

- the text extracted from a library file is written by cooperation.tasks.extract_document_text
  with `.update()`, which sends no signal, so when that task finishes the document that holds the
  file is indexed again;
- what was said in a webinar (search.models.RecordingText) is written again when the webinar is
  published (a recording or captions added or replaced) and when a message or question of its
  room changes afterwards (hidden by a moderator, answered). New messages during the session are
  left alone (no query in the chat's hot path): the chat becomes searchable with the recording,
  which is published after the session;
- after every `migrate`, the PostgreSQL planner cost of the text match (search/postgres_costs.py).
"""

from django.db import transaction
from django.db.models.signals import post_migrate, post_save
from django.dispatch import receiver
from django_tasks.signals import task_finished
from modelsearch.index import insert_or_update_object
from wagtail.signals import page_published

from learning.models import WebinarPage
from live.models import Message, Question

EXTRACT_TASK = "cooperation.tasks.extract_document_text"


@receiver(task_finished)
def reindex_document_after_text_extraction(sender, task_result, **kwargs):
    if task_result.task.module_path != EXTRACT_TASK or not task_result.args:
        return
    from cooperation.models import Document

    for document in Document.objects.filter(versions__file_id=task_result.args[0]).distinct():
        insert_or_update_object(document)


def _refresh_recording_text(webinar_id) -> None:
    from search.tasks import refresh_recording_text

    transaction.on_commit(lambda: refresh_recording_text.enqueue(int(webinar_id)))


@receiver(page_published, sender=WebinarPage, dispatch_uid="search_recording_published")
def recording_text_after_publish(sender, instance, **kwargs):
    _refresh_recording_text(instance.pk)


@receiver(post_save, sender=Message, dispatch_uid="search_recording_message")
@receiver(post_save, sender=Question, dispatch_uid="search_recording_question")
def recording_text_after_moderation(sender, instance, created=False, **kwargs):
    if created:
        return
    room = instance.room
    if room.kind == "webinar" and room.target_pk.isdigit():
        _refresh_recording_text(room.target_pk)


@receiver(post_migrate)
def planner_cost_of_text_match(sender, using="default", **kwargs):
    """Every migrate sets it again: a restored dump does not carry it (search/postgres_costs.py)."""
    if sender.name != "search":
        return
    from django.db import connections

    from search.postgres_costs import apply_text_match_cost

    apply_text_match_cost(connections[using])
