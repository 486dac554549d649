"""The e-mail that tells a person their reply by e-mail was not posted, and why."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.defaultfilters import filesizeformat
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import override

from accounts.timezones import for_reader
from cooperation.discussions import permissions
from inbound.models import InboundMessage
from notifications.emails import language_of
from portal.links import absolute_url

Reason = InboundMessage.Reason


def _explanation(reason: str, detail: str) -> str:
    if reason == Reason.EXPIRED_TOKEN:
        return _(
            "The reply address of that e-mail has expired (it works for %(days)d days). "
            "Post your reply on the thread's page instead."
        ) % {"days": settings.INBOUND_EMAIL_TOKEN_DAYS}
    if reason == Reason.THREAD_GONE:
        return _("The thread has been deleted.")
    if reason == Reason.NO_ACCESS:
        return _("You cannot post in this thread (any more): only members of its group can.")
    if reason == Reason.LOCKED:
        return _("The thread has been locked by a moderator: nobody can reply to it any more.")
    if reason == Reason.EMPTY:
        return _(
            "We found no text of yours above the quoted message. Write your reply at the top of "
            "the e-mail, above the quoted text."
        )
    if reason == Reason.TOO_LARGE:
        return _(
            "The e-mail is larger than %(size)s. Add large files to the group's library on the "
            "web instead."
        ) % {"size": filesizeformat(settings.INBOUND_EMAIL_MAX_SIZE)}
    return _("The reply could not be posted: %(detail)s") % {"detail": detail}


def refusal_email(user, *, thread, reason: str, detail: str, subject: str, text: str):
    # The thread is named and linked only for someone who may still read it.
    readable = thread is not None and permissions.can_read_thread(user, thread)
    with override(language_of(user)), for_reader(user):
        body = render_to_string(
            "inbound/email/refused.txt",
            {
                "explanation": _explanation(reason, detail),
                "title": thread.title if readable else "",
                "url": absolute_url(thread.get_absolute_url()) if readable else "",
                "subject": subject,
                "text": text,
            },
        )
        title = _("Your reply by e-mail was not posted")
    return EmailMessage(
        subject=settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + title,
        body=body,
        to=[user.email],
        # RFC 3834: an answer to a message, written by a program; no auto-reply answers it.
        headers={"Auto-Submitted": "auto-replied"},
    )
