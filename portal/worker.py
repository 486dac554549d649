"""Tasks whose worker died: a task row stays RUNNING when its worker is killed (a deployment,
the OOM killer, a lost machine), and django-tasks-db never looks at it again. These are put back
in the queue, so a reminder or a text extraction is retried; every task of the project may run
again without harm (a mail is sent once per task run: portal.mail.send_once)."""

import logging
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

logger = logging.getLogger(__name__)


@transaction.atomic
def requeue_stale_tasks(*, running_longer_than: timedelta, max_attempts: int) -> tuple[int, int]:
    """Tasks RUNNING for longer than any task of the project takes go back to READY, or to FAILED
    once `max_attempts` workers have died on them (a task that kills its worker every time must
    not take the queue down with it). Returns (requeued, given up)."""
    stale = DBTaskResult.objects.select_for_update(skip_locked=True).filter(
        status=TaskResultStatus.RUNNING,
        started_at__lt=timezone.now() - running_longer_than,
    )
    requeued = given_up = 0
    for result in stale:
        if len(result.worker_ids) >= max_attempts:
            result.status = TaskResultStatus.FAILED
            result.finished_at = timezone.now()
            result.exception_class_path = "portal.worker.WorkerLost"
            result.traceback = f"The worker died {len(result.worker_ids)} times on this task."
            result.save(
                update_fields=["status", "finished_at", "exception_class_path", "traceback"]
            )
            given_up += 1
            logger.error("task %s (%s) given up: its workers died", result.id, result.task_path)
        else:
            result.status = TaskResultStatus.READY
            result.started_at = None
            result.save(update_fields=["status", "started_at"])
            requeued += 1
            logger.warning("task %s (%s) requeued: its worker died", result.id, result.task_path)
    return requeued, given_up
