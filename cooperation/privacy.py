"""The Coöperatieplatform's personal data (privacy/registry.py): memberships, requests to join,
invitations to the person's addresses, and the files they uploaded to group libraries.

On erasure the memberships end; a group whose only owner leaves gets the longest-standing
moderator (or else member) as its owner, which the confirmation page says beforehand. Documents
stay in their library: the group still needs them; they are attributed to "voormalig lid"."""

from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cooperation.models import DocumentVersion, Invitation, JoinRequest, Membership
from portal.links import absolute_url
from privacy.registry import ExportFile, PersonalData, as_long_as_the_account, register

Role = Membership.Role


# --- Memberships ---------------------------------------------------------------------------------


def _successor(membership: Membership) -> Membership | None:
    """Who becomes owner when this, the group's only owner, leaves: the longest-standing
    moderator, or else the longest-standing member; None when nobody is left."""
    others = Membership.objects.filter(group_id=membership.group_id).exclude(pk=membership.pk)
    if others.filter(role=Role.OWNER).exists():
        return None
    return (
        others.filter(role=Role.MODERATOR).order_by("joined_at", "pk").first()
        or others.order_by("joined_at", "pk").first()
    )


def _handovers(user) -> list[tuple[Membership, Membership]]:
    owned = Membership.objects.filter(user=user, role=Role.OWNER).select_related("group")
    pairs = [(membership, _successor(membership)) for membership in owned]
    return [(membership, successor) for membership, successor in pairs if successor is not None]


def _membership_consequences(user) -> list[str]:
    return [
        gettext("%(name)s becomes the owner of %(group)s.")
        % {"name": successor.user.display_name, "group": membership.group.name}
        for membership, successor in _handovers(user)
    ]


def _erase_memberships(user, erasure) -> None:
    for _membership, successor in _handovers(user):
        Membership.objects.filter(pk=successor.pk).update(role=Role.OWNER)
    Membership.objects.filter(user=user).delete()


def _memberships(user) -> list[dict]:
    return [
        {
            "group": membership.group.name,
            "group_url": absolute_url(membership.group.get_absolute_url()),
            "role": membership.role,
            "joined_at": membership.joined_at,
        }
        for membership in Membership.objects.filter(user=user)
        .select_related("group")
        .order_by("joined_at")
    ]


# --- Invitations ---------------------------------------------------------------------------------


def _addressed_to(emails) -> Q:
    condition = Q(pk__in=[])
    for email in emails:
        condition |= Q(email__iexact=email)
    return condition


def _invitations_for(user):
    emails = [user.email, *user.emailaddress_set.values_list("email", flat=True)]
    return Invitation.objects.filter(_addressed_to(emails) | Q(accepted_by=user))


# --- Library files -------------------------------------------------------------------------------


def _uploads(user):
    return (
        DocumentVersion.objects.filter(uploaded_by=user)
        .select_related("document__group", "file")
        .order_by("uploaded_at", "pk")
    )


def _export_path(version: DocumentVersion) -> str:
    return f"documents/{version.pk}-{version.original_name}"


def _documents(user) -> list[dict]:
    return [
        {
            "document": version.document.title,
            "group": version.document.group.name,
            "version": version.number,
            "file_name": version.original_name,
            "size": version.size,
            "uploaded_at": version.uploaded_at,
            "in_trash": version.document.trashed_at is not None,
            "file": f"files/{_export_path(version)}",
        }
        for version in _uploads(user)
    ]


def _document_files(user):
    for version in _uploads(user):
        stored = version.file.file
        yield ExportFile(
            path=_export_path(version),
            open=lambda stored=stored: stored.storage.open(stored.name, "rb"),
        )


register(
    PersonalData(
        key="group_memberships",
        label=_("Group memberships"),
        what=_("The groups you belong to, your role in each and since when."),
        why=_("To let you into your groups' spaces, with the rights of your role."),
        kept=lambda: gettext("Until you leave the group or delete your account."),
        fields={
            "group": _("the group's name"),
            "group_url": _("its page"),
            "role": _("owner, moderator or member"),
            "joined_at": _("when you joined"),
        },
        export=_memberships,
        erase=_erase_memberships,
        consequences=_membership_consequences,
        erase_order=20,
        order=30,
    )
)

register(
    PersonalData(
        key="join_requests",
        label=_("Requests to join a group"),
        what=_("The groups you asked to join and the message you wrote with it."),
        why=_("So that a group's moderators can decide on your request."),
        kept=lambda: gettext("Until a moderator approves or declines it."),
        fields={
            "group": _("the group's name"),
            "message": _("what you wrote"),
            "asked_at": _("when you asked"),
        },
        export=lambda user: [
            {
                "group": request.group.name,
                "message": request.message,
                "asked_at": request.created_at,
            }
            for request in JoinRequest.objects.filter(user=user).select_related("group")
        ],
        erase=lambda user, erasure: JoinRequest.objects.filter(user=user).delete(),
        order=31,
    )
)

register(
    PersonalData(
        key="group_invitations",
        label=_("Invitations to groups"),
        what=_("Invitations sent to your e-mail addresses, and whether you accepted them."),
        why=_("So that you can join a group you were invited to, even before you had an account."),
        kept=as_long_as_the_account,
        fields={
            "group": _("the group's name"),
            "email": _("the address the invitation went to"),
            "invited_at": _("when it was sent"),
            "accepted_at": _("when you accepted it"),
        },
        export=lambda user: [
            {
                "group": invitation.group.name,
                "email": invitation.email,
                "invited_at": invitation.created_at,
                "accepted_at": invitation.accepted_at,
            }
            for invitation in _invitations_for(user).select_related("group").order_by("pk")
        ],
        erase=lambda user, erasure: Invitation.objects.filter(
            _addressed_to(erasure.emails) | Q(accepted_by=user)
        ).delete(),
        order=32,
    )
)

register(
    PersonalData(
        key="library_files",
        label=_("Files you uploaded"),
        what=_("Every file (and new version) you uploaded to a group's library."),
        why=_("They are the group's documents; your name shows who added them."),
        kept=lambda: gettext(
            "As long as the group keeps the document. When you delete your account the files "
            "stay in the library, because the group needs them, attributed to “former member”."
        ),
        fields={
            "document": _("the document's title"),
            "group": _("the group whose library holds it"),
            "version": _("the version number your upload became"),
            "file_name": _("the file's name"),
            "size": _("its size in bytes"),
            "uploaded_at": _("when you uploaded it"),
            "in_trash": _("whether the document is in the group's trash"),
            "file": _("where the file is in this export"),
        },
        export=_documents,
        files=_document_files,
        order=33,
    )
)
