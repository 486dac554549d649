"""HTTP only: parse, ask permissions.py, call one service or selector, render."""

from urllib.parse import unquote

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from cooperation import downloads, files, forms, permissions, selectors, services, staging
from cooperation.models import Folder, Invitation, JoinRequest, Membership
from live.selectors import room_panel_for
from portal import params
from portal.confirm import confirmation_page


def _deny(request):
    """Anonymous people are asked to log in; logged-in people get 403."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    raise PermissionDenied


def _error_text(error: ValidationError) -> str:
    return " ".join(error.messages)


def _confirm(request, group, *, question, consequence, confirm, cancel_url):
    """The confirmation page of an action that cannot be taken back (portal/confirm.py)."""
    return confirmation_page(
        request,
        question=question,
        consequence=consequence,
        confirm=confirm,
        cancel_url=cancel_url,
        header="cooperation/includes/group_header.html",
        context={"group": group},
    )


def _members_url(group) -> str:
    return reverse("cooperation:members", kwargs={"slug": group.slug})


def directory(request):
    context = {
        "groups": selectors.group_directory(request.user),
        "introduction": selectors.directory_introduction(),
    }
    return render(request, "cooperation/directory.html", context)


def group_create(request):
    if not request.user.is_authenticated:
        return _deny(request)
    form = forms.GroupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        group = services.group_create(owner=request.user, **form.cleaned_data)
        messages.success(request, _("The group has been created; you are its owner."))
        return redirect(group)
    return render(request, "cooperation/group_form.html", {"form": form})


def group_edit(request, slug):
    group = selectors.group_for(request.user, slug)
    if not permissions.can_manage_members(request.user, group):
        return _deny(request)
    form = forms.GroupForm(request.POST or None, instance=group)
    if request.method == "POST" and form.is_valid():
        services.group_update(group=group, by=request.user, **form.cleaned_data)
        messages.success(request, _("The group has been saved."))
        return redirect(group)
    return render(request, "cooperation/group_form.html", {"form": form, "group": group})


def group_detail(request, slug, folder_id=None):
    group = selectors.group_for(request.user, slug)
    context = {
        "group": group,
        "role": permissions.role_in(request.user, group),
        "can_manage": permissions.can_manage_members(request.user, group),
    }
    if permissions.can_view_group(request.user, group):
        folder = get_object_or_404(Folder, group=group, pk=folder_id) if folder_id else None
        context.update(
            folder=folder,
            folders=selectors.folders_in(group, folder),
            documents=selectors.documents_for_library(request.user, group, folder),
            can_upload=permissions.can_upload(request.user, group),
            can_moderate=permissions.can_moderate(request.user, group),
            folder_form=forms.FolderForm(),
            live_room=room_panel_for(
                kind="group", target_pk=group.pk, user=request.user, target=group
            ),
        )
    elif folder_id:
        return _deny(request)
    context.update(
        can_join=permissions.can_join(request.user, group),
        can_request=permissions.can_request_to_join(request.user, group),
        has_requested=request.user.is_authenticated
        and JoinRequest.objects.filter(group=group, user=request.user).exists(),
        request_form=forms.JoinRequestForm(),
    )
    return render(request, "cooperation/group_detail.html", context)


@require_POST
def group_join(request, slug):
    group = selectors.group_for(request.user, slug)
    if permissions.can_join(request.user, group):
        services.group_join(group=group, user=request.user)
        messages.success(request, _("Welcome to %(group)s.") % {"group": group})
    elif permissions.can_request_to_join(request.user, group):
        form = forms.JoinRequestForm(request.POST)
        message = form.cleaned_data["message"] if form.is_valid() else ""
        services.membership_request(group=group, user=request.user, message=message)
        messages.success(request, _("Your request has been sent to the group's moderators."))
    else:
        return _deny(request)
    return redirect(group)


@require_http_methods(["GET", "POST"])
def group_leave(request, slug):
    group = selectors.group_for(request.user, slug)
    if not permissions.can_leave(request.user, group):
        return _deny(request)
    if request.method == "GET":
        return _confirm(
            request,
            group,
            question=_("Leave %(group)s?") % {"group": group},
            consequence=_(
                "You will no longer be a member and no longer hear about the group. To come "
                "back, you join or ask to join again."
            ),
            confirm=_("Leave the group"),
            cancel_url=group.get_absolute_url(),
        )
    try:
        services.membership_leave(group=group, user=request.user)
    except ValidationError as error:
        messages.error(request, _error_text(error))
        return redirect(group)
    messages.success(request, _("You have left %(group)s.") % {"group": group})
    return redirect("cooperation:directory")


def members(request, slug):
    group = selectors.group_for(request.user, slug)
    # Who is in a group is for logged-in colleagues, also in a public group.
    if not request.user.is_authenticated or not permissions.can_view_group(request.user, group):
        return _deny(request)
    can_moderate = permissions.can_moderate(request.user, group)
    context = {
        "group": group,
        "members": selectors.members_of(group),
        "can_manage": permissions.can_manage_members(request.user, group),
        "can_moderate": can_moderate,
        "requests": group.join_requests.select_related("user") if can_moderate else [],
        "invitations": group.invitations.filter(accepted_at__isnull=True) if can_moderate else [],
        "roles": Membership.Role.choices,
        "invitation_form": forms.InvitationForm(),
    }
    return render(request, "cooperation/members.html", context)


def _membership(request, slug, pk):
    group = selectors.group_for(request.user, slug)
    return group, get_object_or_404(Membership, group=group, pk=pk)


@require_POST
def member_role(request, slug, pk):
    group, membership = _membership(request, slug, pk)
    if not permissions.can_manage_members(request.user, group):
        return _deny(request)
    form = forms.RoleForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Choose owner, moderator or member."))
        services.membership_change_role(
            membership=membership, role=form.cleaned_data["role"], by=request.user
        )
        messages.success(request, _("The role has been changed."))
    except ValidationError as error:
        messages.error(request, _error_text(error))
    return redirect(_members_url(group))


@require_http_methods(["GET", "POST"])
def member_remove(request, slug, pk):
    group, membership = _membership(request, slug, pk)
    if not permissions.can_manage_members(request.user, group):
        return _deny(request)
    if request.method == "GET":
        names = {"person": membership.user, "group": group}
        return _confirm(
            request,
            group,
            question=_("Remove %(person)s from %(group)s?") % names,
            consequence=_(
                "%(person)s will no longer be a member of the group. You can invite them again "
                "later."
            )
            % names,
            confirm=_("Remove from the group"),
            cancel_url=_members_url(group),
        )
    try:
        services.membership_remove(membership=membership, by=request.user)
        messages.success(request, _("%(person)s is no longer a member.") % {
            "person": membership.user})  # fmt: skip
    except ValidationError as error:
        messages.error(request, _error_text(error))
    return redirect(_members_url(group))


@require_http_methods(["GET", "POST"])
def ownership_transfer(request, slug, pk):
    group, membership = _membership(request, slug, pk)
    if not permissions.can_manage_members(request.user, group):
        return _deny(request)
    if request.method == "GET":
        names = {"person": membership.user, "group": group}
        return _confirm(
            request,
            group,
            question=_("Hand over ownership of %(group)s to %(person)s?") % names,
            consequence=_(
                "%(person)s becomes an owner of the group. If you are an owner, you stay on as "
                "moderator."
            )
            % names,
            confirm=_("Hand over ownership"),
            cancel_url=_members_url(group),
        )
    services.ownership_transfer(group=group, to=membership, by=request.user)
    messages.success(request, _("%(person)s is now an owner of the group.") % {
        "person": membership.user})  # fmt: skip
    return redirect(_members_url(group))


@require_http_methods(["GET", "POST"])
def join_request_answer(request, slug, pk, answer):
    group = selectors.group_for(request.user, slug)
    if not permissions.can_moderate(request.user, group):
        return _deny(request)
    join_request = get_object_or_404(JoinRequest, group=group, pk=pk)
    if answer not in {"approve", "decline"}:
        raise Http404
    if request.method == "GET":
        if answer == "approve":  # approving is undone by removing; only declining is asked
            return redirect(_members_url(group))
        names = {"person": join_request.user, "group": group}
        return _confirm(
            request,
            group,
            question=_("Decline the request of %(person)s to join?") % names,
            consequence=_("%(person)s is told that the request was declined.") % names,
            confirm=_("Decline the request"),
            cancel_url=_members_url(group),
        )
    if answer == "approve":
        services.membership_approve(join_request=join_request, by=request.user)
        messages.success(request, _("%(person)s is now a member.") % {"person": join_request.user})
    else:
        services.membership_decline(join_request=join_request, by=request.user)
        messages.success(request, _("The request has been declined."))
    return redirect(_members_url(group))


@require_POST
def invite(request, slug):
    group = selectors.group_for(request.user, slug)
    if not permissions.can_moderate(request.user, group):
        return _deny(request)
    form = forms.InvitationForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(form.errors["email"])
        invitation = services.invitation_send(
            group=group, email=form.cleaned_data["email"], by=request.user
        )
        messages.success(request, _("An invitation has been sent to %(email)s.") % {
            "email": invitation.email})  # fmt: skip
    except ValidationError as error:
        messages.error(request, _error_text(error))
    return redirect(_members_url(group))


def invitation(request, token):
    invitation = get_object_or_404(Invitation.objects.select_related("group"), token=token)
    group = invitation.group
    if request.user.is_authenticated and permissions.is_member(request.user, group):
        return redirect(group)
    if request.method == "POST" and request.user.is_authenticated:
        try:
            services.invitation_accept(invitation=invitation, user=request.user)
        except PermissionDenied as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Welcome to %(group)s.") % {"group": group})
            return redirect(group)
    return render(
        request,
        "cooperation/invitation.html",
        {
            "invitation": invitation,
            "group": group,
            "used": invitation.accepted_at is not None,
            "expired": invitation.is_expired,
        },
    )


@require_POST
def folder_create(request, slug):
    group = selectors.group_for(request.user, slug)
    if not permissions.can_upload(request.user, group):
        return _deny(request)
    parent_id = params.object_id(request.POST.get("parent"))
    parent = get_object_or_404(Folder, group=group, pk=parent_id) if parent_id else None
    form = forms.FolderForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Give the folder a name."))
        folder = services.folder_create(
            group=group, name=form.cleaned_data["name"], parent=parent, by=request.user
        )
    except ValidationError as error:
        messages.error(request, _error_text(error))
        return redirect(parent and _folder_url(group, parent) or group)
    return redirect(_folder_url(group, folder))


def _folder_url(group, folder):
    return reverse("cooperation:folder", kwargs={"slug": group.slug, "folder_id": folder.pk})


def upload(request, slug):
    group = selectors.group_for(request.user, slug)
    if not permissions.can_upload(request.user, group):
        return _deny(request)
    initial = {"folder": params.object_id(request.GET.get("folder"))}
    form = forms.UploadForm(
        request.POST or None, request.FILES or None, group=group, initial=initial
    )
    uploaded, refused = [], []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        incoming = [(upload_file, None) for upload_file in data["files"]]
        incoming += [(None, upload_id) for upload_id in data["staged"]]
        for upload_file, upload_id in incoming:
            try:
                if upload_id:
                    upload_file = staging.staged_file(user=request.user, upload_id=upload_id)
                uploaded.append(
                    services.document_upload(
                        group=group,
                        uploaded=upload_file,
                        by=request.user,
                        title="" if len(incoming) > 1 else data["title"],
                        description=data["description"],
                        tags=data["tags"],
                        folder=data["folder"],
                    )
                )
            except (files.RefusedFile, staging.StagingError) as error:
                refused.append(str(error))
            finally:
                if upload_id:
                    if upload_file is not None:
                        upload_file.close()
                    staging.staged_discard(user=request.user, upload_id=upload_id)
    if "application/json" in request.headers.get("Accept", ""):
        # 200 also when a file is refused: the request was handled, the answer says how.
        return JsonResponse(
            {
                "uploaded": [{"title": d.title, "url": d.get_absolute_url()} for d in uploaded],
                "refused": refused,
                "errors": [str(e) for errors in form.errors.values() for e in errors],
            }
        )
    if uploaded and not refused:
        messages.success(request, _("%(count)s file(s) uploaded.") % {"count": len(uploaded)})
        folder = form.cleaned_data["folder"]
        return redirect(_folder_url(group, folder) if folder else group)
    context = {
        "group": group,
        "form": form,
        "uploaded": uploaded,
        "refused": refused,
        "chunk_size": settings.COOPERATION_UPLOAD_CHUNK,
    }
    return render(request, "cooperation/upload.html", context, status=400 if refused else 200)


@require_POST
def upload_chunk(request, slug):
    """One piece of a large file (see cooperation/staging.py); answers how much has arrived."""
    group = selectors.group_for(request.user, slug)
    if not permissions.can_upload(request.user, group):
        return _deny(request)
    try:
        received = staging.staged_append(
            user=request.user,
            upload_id=request.headers.get("X-Upload-Id", ""),
            name=unquote(request.headers.get("X-Upload-Name", "")),
            size=int(request.headers.get("X-Upload-Size", "0")),
            offset=int(request.headers.get("X-Upload-Offset", "0")),
            stream=request,
        )
    except ValueError:
        return JsonResponse({"error": _("This upload is not known; start it again.")}, status=400)
    except staging.StagingError as error:
        status = 409 if error.offset is not None else 400
        return JsonResponse({"error": str(error), "offset": error.offset}, status=status)
    return JsonResponse({"received": received})


def document_detail(request, slug, pk):
    group = selectors.group_for(request.user, slug)
    document = selectors.document_for(request.user, group, pk)
    if not permissions.can_download(request.user, document):
        if document.trashed_at is not None and permissions.can_view_group(request.user, group):
            raise Http404
        return _deny(request)
    can_edit = permissions.can_add_version(request.user, document)
    form = forms.DocumentForm(
        request.POST or None,
        group=group,
        initial={
            "title": document.title,
            "description": document.description,
            "tags": ", ".join(tag.name for tag in document.tags.all()),
            "folder": document.folder_id,
        },
    )
    if request.method == "POST":
        if not can_edit:
            return _deny(request)
        if form.is_valid():
            services.document_update(document=document, by=request.user, **form.cleaned_data)
            messages.success(request, _("The document has been saved."))
            return redirect(document)
    version = document.current_version
    context = {
        "group": group,
        "document": document,
        "version": version,
        "form": form,
        "version_form": forms.VersionForm(),
        "can_edit": can_edit,
        "can_trash": permissions.can_trash(request.user, document),
        "can_restore": permissions.can_restore(request.user, document),
        "preview_kind": _preview_kind(version),
        "preview_max_megapixels": settings.COOPERATION_PREVIEW_MAX_PIXELS // 1_000_000,
        "extracted_text": (version.file.extracted_text[:3000] if version else ""),
    }
    return render(request, "cooperation/document_detail.html", context)


def _preview_kind(version) -> str:
    if version is None:
        return ""
    if version.content_type == "application/pdf":
        return "pdf"
    if version.content_type in files.THUMBNAIL_TYPES:
        status = version.file.preview_status
        if status == version.file.Preview.TOO_LARGE:
            return "image_too_large"
        return "text" if status == version.file.Preview.UNREADABLE else "image"
    if version.content_type.startswith("video/"):
        return "video"
    return "text"


def _document(request, slug, pk):
    group = selectors.group_for(request.user, slug)
    return group, selectors.document_for(request.user, group, pk)


@require_POST
def version_add(request, slug, pk):
    group, document = _document(request, slug, pk)
    if not permissions.can_add_version(request.user, document):
        return _deny(request)
    form = forms.VersionForm(request.POST, request.FILES)
    try:
        if not form.is_valid():
            raise files.RefusedFile(_("Choose a file to upload."))
        version = services.document_version_add(
            document=document, uploaded=form.cleaned_data["file"], by=request.user
        )
        messages.success(request, _("Version %(number)s has been added.") % {
            "number": version.number})  # fmt: skip
    except files.RefusedFile as error:
        messages.error(request, str(error))
    return redirect(document)


@require_POST
def version_restore(request, slug, pk, number):
    group, document = _document(request, slug, pk)
    if not permissions.can_restore_version(request.user, document):
        return _deny(request)
    version = get_object_or_404(document.versions, number=number)
    restored = services.document_version_restore(version=version, by=request.user)
    messages.success(request, _("Version %(old)s is now the current version (%(new)s).") % {
        "old": version.number, "new": restored.number})  # fmt: skip
    return redirect(document)


@require_http_methods(["GET", "POST"])
def document_trash(request, slug, pk):
    group, document = _document(request, slug, pk)
    if not permissions.can_view_group(request.user, group):
        return _deny(request)
    if not permissions.can_trash(request.user, document):
        return _deny(request)
    if request.method == "GET":
        return _confirm(
            request,
            group,
            question=_("Move “%(title)s” to the trash?") % {"title": document.title},
            consequence=_(
                "The group's moderators can restore it for %(days)s days; after that it is "
                "deleted for good."
            )
            % {"days": settings.COOPERATION_TRASH_DAYS},
            confirm=_("Move to the trash"),
            cancel_url=document.get_absolute_url(),
        )
    services.document_trash(document=document, by=request.user)
    messages.success(request, _("“%(title)s” has been moved to the trash.") % {
        "title": document.title})  # fmt: skip
    return redirect(group)


@require_POST
def document_restore(request, slug, pk):
    group, document = _document(request, slug, pk)
    if document.trashed_at is None or not permissions.can_restore(request.user, document):
        return _deny(request)
    services.document_restore(document=document, by=request.user)
    messages.success(request, _("“%(title)s” is back in the library.") % {
        "title": document.title})  # fmt: skip
    return redirect(document)


def trash(request, slug):
    group = selectors.group_for(request.user, slug)
    if not permissions.can_moderate(request.user, group):
        return _deny(request)
    context = {
        "group": group,
        "documents": selectors.documents_in_trash(group),
        "trash_days": settings.COOPERATION_TRASH_DAYS,
    }
    return render(request, "cooperation/trash.html", context)


def download(request, pk, filename):
    """Every download asks permissions.py again: a copied link does not work for a non-member."""
    version = selectors.version_for_download(pk)
    document = version.document
    if not permissions.can_see_group(request.user, document.group):
        raise Http404
    if not permissions.can_download(request.user, document):
        return _deny(request)
    return downloads.file_response(request, version, inline=request.GET.get("inline") == "1")


def thumbnail(request, pk):
    version = selectors.version_for_download(pk)
    if not permissions.can_see_group(request.user, version.document.group):
        raise Http404
    if not permissions.can_download(request.user, version.document):
        return _deny(request)
    stored = services.document_preview_ensure(version=version)
    if stored.preview_status != stored.Preview.READY:
        raise Http404  # not an image, refused (the document page says why), or being made
    return downloads.preview_response(request, stored)
