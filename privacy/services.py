"""What the privacy rights do. Views, the admin, the scheduled command and tests all call these.

- export_request / export_build / exports_expire: "My data", prepared in the background (one
  export per person at a time), downloadable by its owner for PRIVACY_EXPORT_DAYS;
- account_erase: "Delete my account", the same for the person and for an editor in the admin;
- retention_apply: the daily anonymisation of old chat and registrations, and the export cleanup.
Every kind of data is handled by its app's entry in the registry (privacy/registry.py)."""

import logging
import secrets
import tempfile
from datetime import datetime, timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.core.files import File
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from wagtail.log_actions import log

from privacy import emails, permissions
from privacy.models import DataExport, FormerAccount
from privacy.registry import Erasure, all_entries

logger = logging.getLogger(__name__)

Status = DataExport.Status
# A request still "being prepared" after this long is taken to be lost (a worker died): asking
# again starts it anew instead of waiting for ever.
EXPORT_STUCK_AFTER = timedelta(hours=1)
ERASE_LINK_SALT = "privacy.erase"
ERASE_LINK_MAX_AGE = 60 * 60  # seconds
ERASE_ACTION = "kennisplein.privacy.erase"


def _storage():
    return DataExport._meta.get_field("file").storage


def _delete_file_later(name: str) -> None:
    if name:
        transaction.on_commit(lambda: _storage().delete(name))


# --- My data -------------------------------------------------------------------------------------


@transaction.atomic
def export_request(*, user, now: datetime | None = None) -> tuple[DataExport, bool]:
    """Asks for a fresh export of everything the platform holds about `user`. Returns the export
    and whether work was started: while one is being prepared, asking again starts nothing."""
    from privacy import tasks

    now = now or timezone.now()
    export = DataExport.objects.select_for_update().filter(user=user).first()
    if export is None:
        try:
            with transaction.atomic():
                export = DataExport.objects.create(user=user, requested_at=now)
        except IntegrityError:  # asked twice at the same moment: the other request made it
            return DataExport.objects.get(user=user), False
    elif export.status == Status.PENDING and export.requested_at > now - EXPORT_STUCK_AFTER:
        return export, False
    else:
        _delete_file_later(export.file.name)
        export.token = DataExport._meta.get_field("token").default()
        export.status, export.requested_at = Status.PENDING, now
        export.ready_at = export.expires_at = None
        export.file, export.size = "", 0
        export.save()
    export_id = export.pk
    transaction.on_commit(lambda: tasks.export_prepare.enqueue(export_id))
    return export, True


def export_build(*, export_id: int) -> DataExport | None:
    """Writes the archive of a pending export and mails its owner. Idempotent: an export that is
    no longer pending (done, replaced, deleted with the account) is left alone."""
    from privacy.export import write_export

    export = (
        DataExport.objects.select_related("user")
        .filter(pk=export_id, status=Status.PENDING)
        .first()
    )
    if export is None:
        return None
    pending = DataExport.objects.filter(pk=export.pk, token=export.token, status=Status.PENDING)
    user = export.user
    try:
        with (
            translation.override(user.preferred_language or settings.LANGUAGE_CODE),
            tempfile.TemporaryFile() as handle,
        ):
            write_export(user, handle)
            size = handle.tell()
            handle.seek(0)
            # A random name in the private storage: never under a public URL (docs/privacy.md).
            name = _storage().save(f"privacy/exports/{secrets.token_hex(16)}.zip", File(handle))
    except Exception:
        logger.exception("privacy: the export %s could not be written", export_id)
        pending.update(status=Status.FAILED)
        return None
    now = timezone.now()
    with transaction.atomic():
        done = pending.update(
            status=Status.READY,
            file=name,
            size=size,
            ready_at=now,
            expires_at=now + timedelta(days=settings.PRIVACY_EXPORT_DAYS),
        )
        if not done:  # asked again or deleted meanwhile: this file belongs to nothing
            _delete_file_later(name)
            return None
        transaction.on_commit(lambda: emails.send_export_ready(export_id))
    return DataExport.objects.get(pk=export_id)


def exports_expire(*, now: datetime | None = None) -> int:
    """Deletes the files of exports past their date; the row stays to say "expired"."""
    now = now or timezone.now()
    expired = 0
    for export in DataExport.objects.filter(status=Status.READY, expires_at__lte=now):
        with transaction.atomic():
            name = export.file.name
            if DataExport.objects.filter(pk=export.pk, status=Status.READY).update(
                status=Status.EXPIRED, file="", size=0
            ):
                _delete_file_later(name)
                expired += 1
    return expired


# --- Deleting an account -------------------------------------------------------------------------


class ErasureRefused(Exception):
    pass


def erase_consequences(user) -> list[str]:
    """What the deletion will do beyond the obvious, for the confirmation page."""
    lines = []
    for entry in all_entries():
        if entry.consequences is not None:
            lines += entry.consequences(user)
    return lines


@transaction.atomic
def account_erase(*, user, by) -> None:
    """Deletes the account of `user`: every app's entry removes or anonymises its rows (in
    erase_order; the account is scrubbed last), sessions and sockets end, and the person gets one
    last e-mail at the address they had. `by` is the person or an editor allowed to."""
    if by.pk != user.pk and not permissions.can_erase_in_admin(by, user):
        raise PermissionDenied
    User = get_user_model()
    user = User.objects.select_for_update().get(pk=user.pk)
    if FormerAccount.objects.filter(user=user).exists():
        raise ErasureRefused("This account was already deleted.")
    addresses = list(EmailAddress.objects.filter(user=user).values_list("email", flat=True))
    erasure = Erasure(
        user=user,
        by=by,
        now=timezone.now(),
        display_name=user.display_name,
        emails=list(dict.fromkeys([user.email, *addresses])),
    )
    language = user.preferred_language
    for entry in sorted(all_entries(), key=lambda entry: (entry.erase_order, entry.key)):
        if entry.erase is not None:
            entry.erase(user, erasure)
    export = DataExport.objects.filter(user=user).first()
    if export is not None:
        _delete_file_later(export.file.name)
        export.delete()
    FormerAccount.objects.create(user=user, kind=FormerAccount.Kind.ERASED, created_at=erasure.now)
    # Audited in Wagtail's history, after the scrub: the entry names the account's number and
    # who did it, not the person.
    log(instance=user, action=ERASE_ACTION, user=by, data={"by_self": by.pk == user.pk})
    address, by_editor = erasure.emails[0], by.pk != user.pk
    transaction.on_commit(
        lambda: emails.send_account_erased(address, language=language, by_editor=by_editor)
    )


def erase_link_send(*, user) -> None:
    """For an account without a password: mails a link that confirms the deletion (valid an
    hour, only for this person and this address)."""
    token = signing.dumps({"user": user.pk, "email": user.email}, salt=ERASE_LINK_SALT)
    emails.send_erase_link(user, token)


def erase_link_valid(*, user, token: str) -> bool:
    try:
        value = signing.loads(token, salt=ERASE_LINK_SALT, max_age=ERASE_LINK_MAX_AGE)
    except signing.BadSignature:
        return False
    return value == {"user": user.pk, "email": user.email}


# --- Retention -----------------------------------------------------------------------------------


def retention_apply(*, now: datetime | None = None) -> dict[str, int]:
    """Runs every entry's retention rule, then deletes expired exports. Returns what each did.
    Safe to run twice: anonymised rows belong to stand-ins and are not taken again."""
    now = now or timezone.now()
    done = {}
    for entry in all_entries():
        if entry.anonymise is not None:
            done[entry.key] = entry.anonymise(now)
    done["expired_exports"] = exports_expire(now=now)
    return done
