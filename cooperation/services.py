"""What the Coöperatieplatform does. Views, commands, the demo and tests all call these, so an
action behaves the same from everywhere. Each checks permission through permissions.py, runs in a
transaction, and leaves e-mail and background work until the commit."""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import override
from wagtail.models import Collection

from cooperation import files, permissions
from cooperation.models import (
    Document,
    DocumentVersion,
    Folder,
    Group,
    Invitation,
    JoinRequest,
    Membership,
)
from notifications.services import publish
from portal.links import absolute_url
from portal.models import PortalDocument
from webhooks.services import event_emit

Role = Membership.Role


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _members(group: Group):
    """The group's members as people (whom notifications about the group go to)."""
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(cooperation_memberships__group=group)


# --- Groups and membership ----------------------------------------------------------------------


@transaction.atomic
def group_create(
    *,
    owner,
    name: str,
    kind: str = Group.Kind.WORKING_GROUP,
    description: str = "",
    visibility: str = Group.Visibility.MEMBERS,
    join_policy: str = Group.JoinPolicy.REQUEST,
    slug: str = "",
) -> Group:
    base = slug or slugify(name)[:70] or "groep"
    candidate, number = base, 1
    while Group.objects.filter(slug=candidate).exists():
        number += 1
        candidate = f"{base}-{number}"
    group = Group.objects.create(
        name=name,
        slug=candidate,
        kind=kind,
        description=description,
        visibility=visibility,
        join_policy=join_policy,
    )
    Membership.objects.create(group=group, user=owner, role=Role.OWNER)
    return group


@transaction.atomic
def group_update(*, group: Group, by, **fields) -> Group:
    """Name, kind, description, visibility and joining; owners and platform staff."""
    _require(permissions.can_manage_members(by, group))
    allowed = {"name", "kind", "description", "visibility", "join_policy"}
    for field, value in fields.items():
        if field in allowed:
            setattr(group, field, value)
    group.save()
    return group


@transaction.atomic
def group_join(*, group: Group, user) -> Membership:
    """Free joining of an open public group."""
    _require(permissions.can_join(user, group))
    membership, created = Membership.objects.get_or_create(group=group, user=user)
    JoinRequest.objects.filter(group=group, user=user).delete()
    if created:
        publish("member_joined", target=membership, actor=user, group=group)
    return membership


@transaction.atomic
def membership_request(*, group: Group, user, message: str = "") -> JoinRequest:
    _require(permissions.can_request_to_join(user, group))
    request, created = JoinRequest.objects.get_or_create(
        group=group, user=user, defaults={"message": message}
    )
    if created:
        moderators = group.memberships.filter(role__in=permissions.MODERATING_ROLES)
        publish(
            "join_request",
            target=request,
            actor=user,
            group=group,
            recipients=[membership.user for membership in moderators.select_related("user")],
        )
    return request


@transaction.atomic
def membership_approve(*, join_request: JoinRequest, by) -> Membership:
    _require(permissions.can_moderate(by, join_request.group))
    membership, created = Membership.objects.get_or_create(
        group=join_request.group, user=join_request.user
    )
    join_request.delete()
    if created:
        publish("member_joined", target=membership, actor=membership.user, group=membership.group)
    _tell_requester(join_request, by=by, approved=True)
    return membership


@transaction.atomic
def membership_decline(*, join_request: JoinRequest, by) -> None:
    _require(permissions.can_moderate(by, join_request.group))
    join_request.delete()
    _tell_requester(join_request, by=by, approved=False)


def _tell_requester(join_request: JoinRequest, *, by, approved: bool) -> None:
    # No group: the answer is the requester's own business, not the group's activity stream.
    publish(
        "join_request_answered",
        target=join_request.group,
        actor=by,
        recipients=[join_request.user],
        data={"approved": approved},
    )


def _owners_left(group: Group, *, without: Membership) -> bool:
    return group.memberships.filter(role=Role.OWNER).exclude(pk=without.pk).exists()


@transaction.atomic
def membership_change_role(*, membership: Membership, role: str, by) -> Membership:
    _require(permissions.can_manage_members(by, membership.group))
    if role not in Role.values:
        raise ValidationError(_("Choose owner, moderator or member."))
    # select_for_update: two owners may demote each other at the same moment.
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    list(Membership.objects.select_for_update().filter(group=membership.group, role=Role.OWNER))
    stepping_down = membership.role == Role.OWNER and role != Role.OWNER
    if stepping_down and not _owners_left(membership.group, without=membership):
        raise ValidationError(
            _("A group always has an owner: hand over ownership before stepping down.")
        )
    membership.role = role
    membership.save(update_fields=["role"])
    return membership


@transaction.atomic
def membership_remove(*, membership: Membership, by) -> None:
    """An owner removes someone, or someone leaves (by is the member)."""
    if by.pk != membership.user_id:
        _require(permissions.can_manage_members(by, membership.group))
    list(Membership.objects.select_for_update().filter(group=membership.group, role=Role.OWNER))
    if membership.role == Role.OWNER and not _owners_left(membership.group, without=membership):
        raise ValidationError(
            _("A group always has an owner: hand over ownership before leaving.")
            if by.pk == membership.user_id
            else _("The last owner cannot be removed.")
        )
    membership.delete()


def membership_leave(*, group: Group, user) -> None:
    membership = Membership.objects.filter(group=group, user=user).first()
    _require(membership is not None)
    membership_remove(membership=membership, by=user)


@transaction.atomic
def ownership_transfer(*, group: Group, to: Membership, by) -> None:
    """The new owner becomes owner; the one handing over stays on as moderator."""
    _require(permissions.can_manage_members(by, group))
    if to.group_id != group.pk:
        raise ValidationError(_("That person is not a member of this group."))
    Membership.objects.filter(pk=to.pk).update(role=Role.OWNER)
    Membership.objects.filter(group=group, user=by, role=Role.OWNER).exclude(pk=to.pk).update(
        role=Role.MODERATOR
    )


@transaction.atomic
def invitation_send(*, group: Group, email: str, by) -> Invitation:
    _require(permissions.can_moderate(by, group))
    email = email.strip().lower()
    if group.memberships.filter(user__email__iexact=email).exists():
        raise ValidationError(_("%(email)s is already a member.") % {"email": email})
    invitation = _open_invitations().filter(
        group=group, email__iexact=email
    ).first() or Invitation.objects.create(group=group, email=email, invited_by=by)
    transaction.on_commit(lambda: _mail_invitation(invitation))
    return invitation


def _open_invitations():
    """Invitations not yet used and younger than COOPERATION_INVITATION_DAYS."""
    cutoff = timezone.now() - timedelta(days=settings.COOPERATION_INVITATION_DAYS)
    return Invitation.objects.filter(accepted_at__isnull=True, created_at__gt=cutoff)


@transaction.atomic
def invitation_accept(*, invitation: Invitation, user) -> Membership:
    """Only for the address the invitation went to, once it is verified; only once (someone who
    left or was removed does not come back with the old link), and only before it expires."""
    from allauth.account.models import EmailAddress

    if invitation.accepted_at is not None:
        raise PermissionDenied(_("This invitation has already been used."))
    if invitation.is_expired:
        raise PermissionDenied(
            _("This invitation has expired. Ask the group's moderators for a new one.")
        )
    verified = EmailAddress.objects.filter(
        user=user, email__iexact=invitation.email, verified=True
    ).exists()
    if not verified:
        raise PermissionDenied(_("This invitation was sent to another e-mail address."))
    membership, created = Membership.objects.get_or_create(group=invitation.group, user=user)
    JoinRequest.objects.filter(group=invitation.group, user=user).delete()
    if created:
        publish("member_joined", target=membership, actor=user, group=invitation.group)
        if invitation.invited_by is not None:
            publish(
                "invitation_accepted",
                target=membership,
                actor=user,
                recipients=[invitation.invited_by],
            )
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    return membership


def invitations_accept_for_address(*, user, email: str) -> list[Membership]:
    """After someone verifies an address (also right after sign-up): every open invitation to it."""
    open_invitations = _open_invitations().filter(email__iexact=email)
    return [invitation_accept(invitation=i, user=user) for i in open_invitations]


def _mail_invitation(invitation: Invitation) -> None:
    url = absolute_url(reverse("cooperation:invitation", kwargs={"token": invitation.token}))
    with override(settings.LANGUAGE_CODE):
        context = {"invitation": invitation, "group": invitation.group, "url": url}
        send_mail(
            subject=_("[Kennisplein] Invitation to %(group)s") % {"group": invitation.group},
            message=render_to_string("cooperation/email/invitation.txt", context),
            from_email=None,
            recipient_list=[invitation.email],
        )


# --- Library ------------------------------------------------------------------------------------


@transaction.atomic
def folder_create(*, group: Group, name: str, parent: Folder | None = None, by) -> Folder:
    _require(permissions.can_upload(by, group))
    name = name.strip()[:200]
    if not name:
        raise ValidationError(_("Give the folder a name."))
    if parent is not None and parent.group_id != group.pk:
        raise ValidationError(_("That folder belongs to another group."))
    try:
        with transaction.atomic():
            return Folder.objects.create(group=group, parent=parent, name=name)
    except IntegrityError:
        raise ValidationError(_("There is already a folder with that name here.")) from None


LIBRARY_COLLECTION = "Coöperatieplatform"


def _library_collection() -> Collection:
    """Group files sit in one Wagtail collection, so editors find them together in the admin."""
    root = Collection.get_first_root_node() or Collection.add_root(name="Root")
    existing = root.get_children().filter(name=LIBRARY_COLLECTION).first()
    return existing or root.add_child(name=LIBRARY_COLLECTION)


def _store_file(*, uploaded, name: str, title: str, by) -> tuple[PortalDocument, files.Inspection]:
    """Checks the bytes, then streams the file into storage under a name no upload chooses."""
    inspection = files.inspect_upload(uploaded, name=name)
    stored = PortalDocument(
        title=title[:255], uploaded_by_user=by, collection=_library_collection()
    )
    stored.file.save(files.storage_name(name), uploaded, save=False)
    stored.file_size = inspection.size
    stored.save()
    return stored, inspection


def _add_version(*, document: Document, uploaded, by) -> DocumentVersion:
    name = files.display_name(getattr(uploaded, "name", "") or "")
    stored, inspection = _store_file(uploaded=uploaded, name=name, title=document.title, by=by)
    # select_for_update: two people may upload a new version of the same document at once.
    Document.objects.select_for_update().filter(pk=document.pk).first()
    number = (document.versions.aggregate(top=Max("number"))["top"] or 0) + 1
    version = DocumentVersion.objects.create(
        document=document,
        number=number,
        file=stored,
        original_name=name,
        size=inspection.size,
        sha256=inspection.sha256,
        content_type=inspection.content_type,
        uploaded_by=by,
    )
    document.current_version = version
    document.save(update_fields=["current_version", "updated_at"])
    _extract_later(stored)
    document_preview_ensure(version=version)
    return version


def _extract_later(stored: PortalDocument) -> None:
    from cooperation.tasks import extract_document_text

    transaction.on_commit(lambda: extract_document_text.enqueue(stored.pk))


def document_preview_ensure(*, version: DocumentVersion) -> PortalDocument:
    """Asks for the image preview of a version's file once: the first to ask (the upload, or
    the first view of a file stored before previews were kept) queues the task; everyone else
    finds it queued or done. Returns the stored file as it is now."""
    from cooperation.tasks import make_preview

    Preview = PortalDocument.Preview
    stored = version.file
    if version.content_type not in files.THUMBNAIL_TYPES:
        return stored
    if stored.preview_status == Preview.NOT_ASKED:
        # A conditional update: of two requests asking at once, one queues the task.
        asked = PortalDocument.objects.filter(
            pk=stored.pk, preview_status=Preview.NOT_ASKED
        ).update(preview_status=Preview.PENDING)
        if asked:
            transaction.on_commit(lambda: make_preview.enqueue(stored.pk))
        stored.refresh_from_db(fields=["preview", "preview_status"])
    return stored


@transaction.atomic
def document_upload(
    *,
    group: Group,
    uploaded,
    by,
    title: str = "",
    description: str = "",
    tags: list[str] | None = None,
    folder: Folder | None = None,
) -> Document:
    """One file becomes a library document with its first version. Raises files.RefusedFile
    (nothing stored) when the file is not accepted."""
    _require(permissions.can_upload(by, group))
    if folder is not None and folder.group_id != group.pk:
        raise ValidationError(_("That folder belongs to another group."))
    name = files.display_name(getattr(uploaded, "name", "") or "")
    title = (title or "").strip() or files.readable_title(name)
    document = Document.objects.create(
        group=group, folder=folder, title=title[:255], description=description, created_by=by
    )
    try:
        _add_version(document=document, uploaded=uploaded, by=by)
    except files.RefusedFile:
        document.delete()
        raise
    if tags:
        document.tags.set(tags)
    publish(
        "document",
        target=document,
        actor=by,
        group=group,
        recipients=_members(group),
        data={"version": 1},
    )
    event_emit("document.uploaded", target=document)
    return document


@transaction.atomic
def document_version_add(*, document: Document, uploaded, by) -> DocumentVersion:
    _require(permissions.can_add_version(by, document))
    version = _add_version(document=document, uploaded=uploaded, by=by)
    group = document.group
    publish(
        "document",
        target=document,
        actor=by,
        group=group,
        recipients=_members(group),
        data={"version": version.number},
    )
    event_emit("document.uploaded", target=document)
    return version


@transaction.atomic
def document_version_restore(*, version: DocumentVersion, by) -> DocumentVersion:
    """An old version becomes the newest again, as a new version pointing at the same file."""
    document = version.document
    _require(permissions.can_restore_version(by, document))
    Document.objects.select_for_update().filter(pk=document.pk).first()
    number = (document.versions.aggregate(top=Max("number"))["top"] or 0) + 1
    restored = DocumentVersion.objects.create(
        document=document,
        number=number,
        file=version.file,
        original_name=version.original_name,
        size=version.size,
        sha256=version.sha256,
        content_type=version.content_type,
        uploaded_by=by,
        restored_from=version,
    )
    document.current_version = restored
    document.save(update_fields=["current_version", "updated_at"])
    return restored


@transaction.atomic
def document_update(
    *, document: Document, by, title: str, description: str, tags: list[str], folder=None
) -> Document:
    _require(permissions.can_add_version(by, document))
    if folder is not None and folder.group_id != document.group_id:
        raise ValidationError(_("That folder belongs to another group."))
    document.title, document.description, document.folder = title[:255], description, folder
    document.save()
    document.tags.set(tags)
    return document


@transaction.atomic
def document_trash(*, document: Document, by) -> Document:
    _require(permissions.can_trash(by, document))
    document.trashed_at = timezone.now()
    document.trashed_by = by
    document.save(update_fields=["trashed_at", "trashed_by", "updated_at"])
    return document


@transaction.atomic
def document_restore(*, document: Document, by) -> Document:
    """Back from the trash (moderators, within the retention period)."""
    _require(document.trashed_at is not None and permissions.can_restore(by, document))
    document.trashed_at = None
    document.trashed_by = None
    document.save(update_fields=["trashed_at", "trashed_by", "updated_at"])
    return document


def trash_purge(*, older_than: timedelta | None = None) -> int:
    """Deletes documents that have been in the trash longer than the retention period, with their
    files and previews (Wagtail removes a document's file once its row is gone). Returns how
    many."""
    cutoff = timezone.now() - (older_than or timedelta(days=settings.COOPERATION_TRASH_DAYS))
    purged = 0
    for document in Document.objects.filter(trashed_at__lt=cutoff):
        with transaction.atomic():
            file_ids = set(document.versions.values_list("file_id", flat=True))
            document.current_version = None
            document.save(update_fields=["current_version"])
            document.delete()
            for stored in PortalDocument.objects.filter(pk__in=file_ids):
                if stored.preview:
                    stored.preview.delete(save=False)
                stored.delete()
            purged += 1
    return purged
