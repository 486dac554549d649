"""The Coöperatieplatform's kinds of notification (registered in CooperationConfig.ready): new
documents, requests to join and their answers, accepted invitations and new members. Who may see
each is asked of permissions.py."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cooperation import permissions
from notifications.kinds import DAILY, IMMEDIATE, Kind, register_kind


def _someone(user) -> str:
    return str(user) if user is not None else _("Someone")


def _prepare(users, targets) -> None:
    permissions.remember_roles(users, [target.group for target in targets])


def _describe_document(event) -> str:
    document, version = event.target, event.data.get("version", 1)
    names = {"person": _someone(event.actor), "title": document.title, "group": document.group}
    if version > 1:
        return _("%(person)s added version %(version)s of “%(title)s” in %(group)s") % {
            **names,
            "version": version,
        }
    return _("%(person)s added “%(title)s” to %(group)s") % names


def _describe_join_request(event) -> str:
    request = event.target
    return _("%(person)s asks to join %(group)s") % {"person": request.user, "group": request.group}


def _join_request_details(event) -> str:
    message = event.target.message.strip()
    answer = _("Approve or decline the request on the group's members page:")
    return f"{message}\n\n{answer}" if message else answer


def _prepare_groups(users, groups) -> None:
    permissions.remember_roles(users, groups)


def _describe_join_request_answered(event) -> str:
    # The target is the group: a declined request is deleted, the group stays.
    names = {"group": event.target}
    if event.data.get("approved"):
        return _("Your request to join %(group)s was approved: you are a member now") % names
    return _("Your request to join %(group)s was declined") % names


def _describe_invitation_accepted(event) -> str:
    membership = event.target
    return _("%(person)s accepted your invitation to %(group)s") % {
        "person": membership.user,
        "group": membership.group,
    }


def _describe_member_joined(event) -> str:
    membership = event.target
    return _("%(person)s joined %(group)s") % {"person": membership.user, "group": membership.group}


def register() -> None:
    register_kind(
        Kind(
            key="document",
            label=gettext_lazy("New documents in my groups"),
            may_see=permissions.can_download,
            describe=_describe_document,
            url=lambda document: document.get_absolute_url(),
            default_email=DAILY,
            order=30,
            related=("group",),
            prepare=_prepare,
        )
    )
    register_kind(
        Kind(
            key="join_request",
            label=gettext_lazy("Requests to join a group I moderate"),
            # Whoever may answer the request: the members page shows it to them.
            may_see=lambda user, request: permissions.can_moderate(user, request.group),
            describe=_describe_join_request,
            url=lambda request: reverse("cooperation:members", kwargs={"slug": request.group.slug}),
            default_email=IMMEDIATE,
            order=50,
            related=("group", "user"),
            prepare=_prepare,
            details=_join_request_details,
        )
    )
    register_kind(
        Kind(
            key="join_request_answered",
            label=gettext_lazy("Answers to my requests to join a group"),
            may_see=permissions.can_see_group,
            describe=_describe_join_request_answered,
            url=lambda group: group.get_absolute_url(),
            default_email=IMMEDIATE,
            order=51,
            personal=True,
            prepare=_prepare_groups,
        )
    )
    register_kind(
        Kind(
            key="invitation_accepted",
            label=gettext_lazy("Invitations I sent that were accepted"),
            # Who is in a group is for those who may read inside it (the members page).
            may_see=lambda user, membership: permissions.can_view_group(user, membership.group),
            describe=_describe_invitation_accepted,
            url=lambda membership: reverse(
                "cooperation:members", kwargs={"slug": membership.group.slug}
            ),
            default_email=IMMEDIATE,
            order=52,
            personal=True,
            related=("group", "user"),
            prepare=_prepare,
        )
    )
    register_kind(
        Kind(
            key="member_joined",
            label=gettext_lazy("New members"),
            may_see=lambda user, membership: permissions.can_view_group(user, membership.group),
            describe=_describe_member_joined,
            url=lambda membership: membership.group.get_absolute_url(),
            activity_only=True,
            related=("group", "user"),
            prepare=_prepare,
        )
    )
