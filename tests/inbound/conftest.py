"""Reply by e-mail: the discussions' people, groups and threads, a configured inbound domain, and
helpers that deliver a raw message through the real `receive_email` command."""

import io
from email.message import EmailMessage
from email.utils import make_msgid
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.test import TestCase

from inbound.addresses import reply_address
from tests.discussions.conftest import *  # noqa: F403

DOMAIN = "reactie.kennisplein.test"
MESSAGES = Path(__file__).parent / "messages"


@pytest.fixture(autouse=True)
def _inbound_domain(settings):
    settings.INBOUND_EMAIL_DOMAIN = DOMAIN
    settings.INBOUND_EMAIL_LOCAL_PART = "antwoord"
    settings.INBOUND_EMAIL_TOKEN_DAYS = 60


@pytest.fixture
def address_of():
    def make(user, thread):
        return reply_address(user=user, thread=thread)

    return make


def forge(address: str) -> str:
    """The address with one letter of its token's signature changed (not the last letter, whose
    low bits are padding that base32 decoding ignores)."""
    local, domain = address.split("@")
    middle = len(local) - 6
    letter = "b" if local[middle] == "a" else "a"
    return f"{local[:middle]}{letter}{local[middle + 1 :]}@{domain}"


def build(
    *,
    to: str,
    sender: str,
    text: str | None = "Goed idee, ik neem de affiches mee.",
    html: str | None = None,
    subject: str = "Re: Voorleesweek",
    attachments=(),
    headers: dict | None = None,
    message_id: str | None = None,
) -> bytes:
    """A reply as a mail program sends it: text, HTML or both (multipart/alternative), with
    attachments (multipart/mixed)."""
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = "Mon, 05 Jan 2026 10:15:00 +0100"
    message["Message-ID"] = message_id or make_msgid(domain="bibliotheek.test")
    for name, value in (headers or {}).items():
        message[name] = value
    if text is not None:
        message.set_content(text)
        if html is not None:
            message.add_alternative(html, subtype="html")
    elif html is not None:
        message.set_content(html, subtype="html")
    for filename, content, mimetype in attachments:
        maintype, subtype = mimetype.split("/")
        message.add_attachment(content, maintype=maintype, subtype=subtype, filename=filename)
    return bytes(message)


def sample(name: str, **values) -> bytes:
    """A message as a mail program sent it (tests/inbound/messages/), with {to}, {sender} and
    {message_id} filled in; lines end in CRLF as on the wire."""
    text = (MESSAGES / name).read_text(encoding="utf-8")
    for key, value in values.items():
        text = text.replace("{" + key + "}", value)
    return text.replace("\r\n", "\n").replace("\n", "\r\n").encode("utf-8")


def deliver(raw: bytes, recipient: str | None = None, sender: str | None = None) -> int:
    """Runs `manage.py receive_email` as the mail server would; returns its exit code."""
    args = [recipient] if recipient else []
    options = {"sender": sender} if sender is not None else {}
    # The test runs inside a transaction that never commits: run what waits for the commit (the
    # e-mails) as the command's own commit would.
    with TestCase.captureOnCommitCallbacks(execute=True):
        try:
            call_command(
                "receive_email", *args, stdin=io.BytesIO(raw), stdout=io.StringIO(), **options
            )
        except CommandError as error:
            return error.returncode
    return 0
