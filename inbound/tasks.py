"""Background work of reply by e-mail (django-tasks)."""

from django.contrib.auth import get_user_model
from django_tasks import task

from cooperation.discussions.models import Thread
from inbound import emails


@task()
def send_refusal(
    *, user_id: int, thread_id: int, reason: str, detail: str, subject: str, text: str
) -> bool:
    """Tells a person why their reply by e-mail was not posted, at their account's own address
    (never at the message's From), with the text they wrote. Returns whether it was sent."""
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return False
    thread = Thread.objects.select_related("group").filter(pk=thread_id).first()
    emails.refusal_email(
        user, thread=thread, reason=reason, detail=detail, subject=subject, text=text
    ).send()
    return True
