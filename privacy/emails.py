"""E-mails of the privacy rights, in the person's language and time zone."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from accounts.timezones import for_reader
from portal.links import absolute_url
from privacy.models import DataExport


def _send(*, to: str, subject: str, template: str, context: dict) -> None:
    body = render_to_string(template, context)
    EmailMessage(subject=settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject, body=body, to=[to]).send()


def send_export_ready(export_id: int) -> None:
    export = DataExport.objects.select_related("user").filter(pk=export_id).first()
    if export is None or export.status != DataExport.Status.READY:
        return
    user = export.user
    with translation.override(user.preferred_language or settings.LANGUAGE_CODE), for_reader(user):
        _send(
            to=user.email,
            subject=_("Your data is ready"),
            template="privacy/email/export_ready.txt",
            context={
                "user": user,
                "export": export,
                "download_url": absolute_url(
                    reverse("privacy:export_download", args=[export.token])
                ),
                "page_url": absolute_url(reverse("privacy:my_data")),
            },
        )


def send_erase_link(user, token: str) -> None:
    with translation.override(user.preferred_language or settings.LANGUAGE_CODE):
        _send(
            to=user.email,
            subject=_("Confirm the deletion of your account"),
            template="privacy/email/erase_link.txt",
            context={
                "user": user,
                "url": absolute_url(reverse("privacy:erase_confirm", args=[token])),
            },
        )


def send_account_erased(address: str, *, language: str, by_editor: bool) -> None:
    with translation.override(language or settings.LANGUAGE_CODE):
        _send(
            to=address,
            subject=_("Your account has been deleted"),
            template="privacy/email/account_erased.txt",
            context={
                "by_editor": by_editor,
                "privacy_url": absolute_url(reverse("privacy:statement")),
            },
        )
