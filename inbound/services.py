"""Receiving a reply by e-mail: one incoming message becomes a post through the discussions' own
service (sanitising, mentions, notifications, live update, unread markers, search), or is refused
without anything being created. Either way one InboundMessage row and one log line say what
happened and why.

The checks, in order: a reply address of ours (unknown or forged: refused, the mail server
bounces) → written by a person, not a program (bounces, auto-replies: dropped) → sent from one of
the token owner's verified addresses (a forwarded notification does not let a colleague post in
someone's name) → not received before → the address not expired → the account active, the thread
there and not locked, and the person still allowed to post (discussions' permissions.py) → text
left after the quotes and signature are taken out. Where the person can act on a refusal (expired
address, locked thread, lost access, empty or refused text), they get a short e-mail at their own
account's address, holding the text they wrote, so nothing is lost."""

import logging
import re
from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.translation import gettext as _

from cooperation import files
from cooperation import permissions as group_rules
from cooperation.discussions import permissions
from cooperation.discussions import services as discussions
from cooperation.discussions.models import Post, Thread
from inbound import addresses, mail, tasks
from inbound.models import InboundMessage
from notifications.emails import language_of

logger = logging.getLogger("kennisplein.inbound")

Reason = InboundMessage.Reason

# Refusals the person can do something about: they are told (at their account's address).
_TOLD = {
    Reason.EXPIRED_TOKEN,
    Reason.THREAD_GONE,
    Reason.NO_ACCESS,
    Reason.LOCKED,
    Reason.EMPTY,
    Reason.INVALID,
    Reason.TOO_LARGE,
}


@dataclass(frozen=True)
class Receipt:
    """What became of one message: `reason` is Reason.POSTED for a new post."""

    reason: str
    record: InboundMessage
    post: Post | None = None


class _Refused(Exception):
    def __init__(self, reason: str, detail: str = ""):
        super().__init__(reason)
        self.reason, self.detail = reason, detail


def message_receive(
    *, raw: bytes, recipient: str | None = None, envelope_sender: str | None = None
) -> Receipt:
    """Takes one RFC 5322 message sent to a reply address (`recipient`, as the mail server names
    it; else found in the headers) and posts it, or refuses it; see the module's description."""
    facts: dict = {"recipient": (recipient or "").strip()[:254]}
    context: dict = {}
    try:
        post = _receive(raw, recipient, envelope_sender, facts, context)
    except _Refused as refusal:
        record = _record(InboundMessage.Outcome.REFUSED, refusal.reason, facts, refusal.detail)
        if refusal.reason in _TOLD and context.get("user") is not None:
            user, thread = context["user"], context["thread"]
            arguments = {
                "user_id": user.pk,
                "thread_id": thread.pk,
                "reason": refusal.reason,
                "detail": refusal.detail,
                "subject": facts.get("subject", ""),
                "text": context.get("text", ""),
            }
            transaction.on_commit(lambda: tasks.send_refusal.enqueue(**arguments))
        return Receipt(reason=refusal.reason, record=record)
    return Receipt(reason=Reason.POSTED, record=context["record"], post=post)


def _receive(raw, recipient, envelope_sender, facts, context) -> Post:
    too_large = len(raw) > settings.INBOUND_EMAIL_MAX_SIZE
    try:
        message = mail.parse(raw, headers_only=too_large)
    except Exception:  # the parser is lenient; whatever it still refuses is not an e-mail
        raise _Refused(Reason.MALFORMED) from None
    facts.update(
        message_id=mail.message_id(message, raw),
        sender=mail.sender(message)[:254],
        subject=mail.subject(message),
    )
    address = recipient or mail.recipient(message)
    facts["recipient"] = (address or "")[:254]
    try:
        token = addresses.parse_address(address)
    except addresses.ForgedToken:
        raise _Refused(Reason.FORGED_TOKEN) from None
    except addresses.UnknownAddress:
        raise _Refused(Reason.UNKNOWN_ADDRESS) from None
    user = get_user_model().objects.filter(pk=token.user_id).first()
    thread = Thread.objects.select_related("group").filter(pk=token.thread_id).first()
    facts.update(user=user, thread=thread)
    if user is None or thread is None:  # an address of an account or thread removed since
        raise _Refused(Reason.UNKNOWN_ADDRESS)

    automatic = mail.automatic(message, envelope_sender)
    if automatic is not None:
        raise _Refused(Reason.BOUNCE if automatic == mail.BOUNCE else Reason.AUTO_REPLY)
    if not _sent_by(user, facts["sender"]):
        raise _Refused(Reason.WRONG_SENDER, facts["sender"])
    if mail.dmarc_failed(message):
        raise _Refused(Reason.WRONG_SENDER, "DMARC")
    if _already_posted(facts["message_id"], thread):
        raise _Refused(Reason.DUPLICATE)

    # From here on the person wrote this and can be told why it was not posted.
    context.update(user=user, thread=thread)
    text, attached = _reply_of(message) if not too_large else ("", [])
    context["text"] = text
    with translation.override(language_of(user)):
        _check_access(user, thread, token)
        if too_large:
            raise _Refused(Reason.TOO_LARGE)
        if not text:
            raise _Refused(Reason.EMPTY)
        uploads, refused = _uploads(user, thread, attached)
        body = text + _refused_note(refused)
        return _post(user, thread, body, uploads, facts, context, refused)


def _reply_of(message) -> tuple[str, list[mail.Attachment]]:
    try:
        return mail.reply_of(message)
    except Exception as error:  # a body no decoder makes sense of: refused, not retried forever
        raise _Refused(Reason.MALFORMED, type(error).__name__) from None


def _sent_by(user, sender: str) -> bool:
    """The From address is one of the person's verified addresses. Required: a notification can
    be forwarded (to a colleague, to a list), and whoever holds it should not post in the
    person's name. From can be forged, but then the secret token is needed as well, and the mail
    server's DMARC check (mail.dmarc_failed) refuses forged From domains that publish a policy."""
    if not sender:
        return False
    return EmailAddress.objects.filter(user=user, email__iexact=sender, verified=True).exists()


def _already_posted(message_id: str, thread: Thread) -> bool:
    return InboundMessage.objects.filter(
        message_id=message_id, thread=thread, outcome=InboundMessage.Outcome.POSTED
    ).exists()


def _check_access(user, thread: Thread, token) -> None:
    if token.expired():
        raise _Refused(Reason.EXPIRED_TOKEN)
    if not user.is_active:
        raise _Refused(Reason.INACTIVE_ACCOUNT)
    if thread.deleted_at is not None:
        raise _Refused(Reason.THREAD_GONE)
    if not permissions.can_read_thread(user, thread):
        raise _Refused(Reason.NO_ACCESS)
    if thread.locked:
        raise _Refused(Reason.LOCKED)
    if not permissions.can_post(user, thread):
        raise _Refused(Reason.NO_ACCESS)


def _uploads(user, thread: Thread, attached: list[mail.Attachment]):
    """The attachments as uploads for the post, checked as the web checks them (type from the
    bytes, size limits, no programs). A refused file does not cost the person their text: the
    post is made without it and says so. Who may not add files to the group's library gets none
    of their files posted (today everyone who may post may upload; the rule is asked anyway)."""
    may_upload = group_rules.can_upload(user, thread.group)
    uploads, refused = [], []
    for attachment in attached:
        name = files.display_name(attachment.name)
        if not may_upload:
            refused.append(_("%(name)s: you may not add files to this group.") % {"name": name})
            continue
        if len(uploads) >= discussions.MAX_ATTACHMENTS:
            refused.append(_("%(name)s: too many attachments.") % {"name": name})
            continue
        upload = SimpleUploadedFile(name, attachment.content, attachment.content_type)
        try:
            files.inspect_upload(upload, name=name)
        except files.RefusedFile as error:
            refused.append(str(error))
            continue
        uploads.append(upload)
    return uploads, refused


def _refused_note(refused: list[str]) -> str:
    """A line below the post for each file that was not added, in the author's language."""
    lines = [_("Attachment not added: %(reason)s") % {"reason": reason} for reason in refused]
    # Markdown: escaped (a file name may hold * or _), in italics, one per line.
    escaped = [re.sub(r"([\\`*_\[\]<>#])", r"\\\1", line) for line in lines]
    return "".join(f"\n\n*{line}*" for line in escaped)


def _post(user, thread, body, uploads, facts, context, refused) -> Post:
    detail = " ".join(refused)
    try:
        with transaction.atomic():
            # The row first: a second delivery of the same message fails here, before its post.
            record = InboundMessage.objects.create(
                outcome=InboundMessage.Outcome.POSTED,
                reason=Reason.POSTED,
                detail=detail,
                **_fields(facts),
            )
            post = discussions.post_reply(thread=thread, author=user, body=body, uploads=uploads)
            record.post = post
            record.save(update_fields=["post"])
    except IntegrityError:
        if _already_posted(facts["message_id"], thread):
            raise _Refused(Reason.DUPLICATE) from None
        raise
    except ValidationError as error:
        reason = Reason.LOCKED if getattr(error, "code", None) == "locked" else Reason.INVALID
        raise _Refused(reason, " ".join(error.messages)) from None
    except PermissionDenied:
        raise _Refused(Reason.NO_ACCESS) from None
    context["record"] = record
    _log(InboundMessage.Outcome.POSTED, Reason.POSTED, facts, detail, post=post)
    return post


def _fields(facts: dict) -> dict:
    return {
        "message_id": facts.get("message_id", ""),
        "sender": facts.get("sender", ""),
        "recipient": facts.get("recipient", ""),
        "subject": facts.get("subject", ""),
        "user": facts.get("user"),
        "thread": facts.get("thread"),
    }


def _record(outcome: str, reason: str, facts: dict, detail: str = "") -> InboundMessage:
    record = InboundMessage.objects.create(
        outcome=outcome, reason=reason, detail=detail[:2000], **_fields(facts)
    )
    _log(outcome, reason, facts, detail)
    return record


def _log(outcome: str, reason: str, facts: dict, detail: str, post: Post | None = None) -> None:
    user, thread = facts.get("user"), facts.get("thread")
    logger.info(
        "inbound e-mail %s: %s (message %s, person %s, thread %s)",
        outcome,
        reason,
        facts.get("message_id", "—"),
        user.pk if user else "—",
        thread.pk if thread else "—",
        extra={
            "outcome": outcome,
            "reason": reason,
            "message_id": facts.get("message_id", ""),
            "user_id": user.pk if user else None,
            "thread_id": thread.pk if thread else None,
            "post_id": post.pk if post else None,
            "detail": detail[:500],
        },
    )
