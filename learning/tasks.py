"""Background work of the Leerplatform. Each task reads fresh rows by id, and sends its mail once
per task run (portal.mail), so a run repeated after its worker died is harmless."""

from django_tasks import task

from accounts.models import User
from learning import emails
from learning.models import Registration, WebinarPage
from portal.mail import send_once


@task(takes_context=True)
def registration_email(context, registration_id: int, kind: str) -> None:
    registration = (
        Registration.objects.select_related("user", "webinar__calendar_state")
        .filter(pk=registration_id)
        .first()
    )
    if registration is not None:
        message = emails.webinar_email(
            user=registration.user, webinar=registration.webinar, kind=kind
        )
        send_once(message, key=f"task:{context.task_result.id}")


@task(takes_context=True)
def registrants_message(context, user_id: int, webinar_id: int, subject: str, body: str) -> None:
    user = User.objects.filter(pk=user_id).first()
    webinar = WebinarPage.objects.filter(pk=webinar_id).first()
    if user and webinar:
        message = emails.registrants_message_email(
            user=user, webinar=webinar, subject=subject, body=body
        )
        send_once(message, key=f"task:{context.task_result.id}")


@task()
def reminders(now_iso: str | None = None) -> int:
    """Scheduled every few minutes (see docs/learning.md); safe to run twice or in parallel."""
    from datetime import datetime

    from learning.services import reminders_send

    return reminders_send(now=datetime.fromisoformat(now_iso) if now_iso else None)
