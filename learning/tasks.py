"""Background work of the Leerplatform. Each task reads fresh rows by id, so a retry is harmless."""

from django_tasks import task

from accounts.models import User
from learning import emails
from learning.models import Registration, WebinarPage


@task()
def registration_email(registration_id: int, kind: str) -> None:
    registration = (
        Registration.objects.select_related("user", "webinar__calendar_state")
        .filter(pk=registration_id)
        .first()
    )
    if registration is not None:
        emails.send_webinar_email(user=registration.user, webinar=registration.webinar, kind=kind)


@task()
def registrants_message(user_id: int, webinar_id: int, subject: str, body: str) -> None:
    user = User.objects.filter(pk=user_id).first()
    webinar = WebinarPage.objects.filter(pk=webinar_id).first()
    if user and webinar:
        emails.send_registrants_message(user=user, webinar=webinar, subject=subject, body=body)


@task()
def reminders(now_iso: str | None = None) -> int:
    """Scheduled every few minutes (see docs/learning.md); safe to run twice or in parallel."""
    from datetime import datetime

    from learning.services import reminders_send

    return reminders_send(now=datetime.fromisoformat(now_iso) if now_iso else None)
