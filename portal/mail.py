"""Sending an e-mail from a background task at most once per task run."""

import hashlib

from django.conf import settings
from django.core.mail import EmailMessage, get_connection

from portal.models import SentMail


def send_once(message: EmailMessage, *, key: str) -> bool:
    """Sends `message` unless a mail with this key was sent before; returns whether it sent.

    A task run again after its worker was killed (portal.worker) finds the key of the mail its
    first run sent. The one window left, a kill between the mail server's acceptance and the row
    written right after it, is covered by the Message-ID: it is the same for every run with this
    key, and mail clients show a message with an ID they already have only once."""
    if SentMail.objects.filter(key=key).exists():
        return False
    digest = hashlib.sha256(key.encode()).hexdigest()[:32]
    message.extra_headers["Message-ID"] = f"<{digest}@{settings.EMAIL_MESSAGE_ID_DOMAIN}>"
    connection = get_connection()
    connection.open()
    try:
        # Recorded as soon as the server has accepted it, before the connection's QUIT.
        connection.send_messages([message])
        SentMail.objects.get_or_create(key=key)
    finally:
        connection.close()
    return True
