"""What the pages read, already filtered by permissions.py and prefetched for the page."""

from django.db.models import Count, F, Prefetch, Q, QuerySet
from django.http import Http404

from cooperation import permissions
from cooperation.models import Document, DocumentVersion, Folder, Group, Membership


def group_directory(user) -> QuerySet[Group]:
    return (
        permissions.groups_visible_to(user)
        .annotate(member_count=Count("memberships", distinct=True))
        .order_by("name")
    )


def directory_introduction() -> str:
    """Editors write the directory's introduction in the Wagtail page with slug `cooperatie`
    (made by seed_demo); the directory itself is this app's view at the same address."""
    from portal.models import StandardPage

    page = StandardPage.objects.live().filter(slug="cooperatie").first()
    return page.introduction if page else ""


def groups_of(user) -> QuerySet[Group]:
    """ "My groups": the groups the person is a member of, with their role."""
    if not user.is_authenticated:
        return Group.objects.none()
    return (
        Group.objects.filter(memberships__user=user)
        .annotate(my_role=F("memberships__role"))
        .order_by("name")
    )


def group_for(user, slug: str) -> Group:
    """The group if the person may know it exists; otherwise 404, also for secret groups."""
    group = Group.objects.filter(slug=slug).first()
    if group is None or not permissions.can_see_group(user, group):
        raise Http404
    return group


def folders_in(group: Group, parent: Folder | None) -> QuerySet[Folder]:
    return group.folders.filter(parent=parent).annotate(
        document_count=Count("documents", filter=Q(documents__trashed_at__isnull=True))
    )


def documents_for_library(user, group: Group, folder: Folder | None) -> QuerySet[Document]:
    return (
        permissions.documents_visible_to(user)
        .filter(group=group, folder=folder)
        .select_related(
            "group",
            "current_version",
            "current_version__uploaded_by",
            "current_version__file",  # whether its image has a preview
            "created_by",
        )
        .defer("current_version__file__extracted_text")
        .prefetch_related("tags")
        .order_by("title")
    )


def documents_in_trash(group: Group) -> QuerySet[Document]:
    return (
        Document.objects.filter(group=group, trashed_at__isnull=False)
        .select_related("group", "current_version", "trashed_by")
        .order_by("-trashed_at")
    )


def document_for(user, group: Group, pk: int) -> Document:
    document = (
        Document.objects.filter(group=group, pk=pk)
        .select_related("group", "folder", "current_version", "current_version__file")
        .prefetch_related(
            "tags",
            Prefetch(
                "versions",
                queryset=DocumentVersion.objects.select_related("uploaded_by", "restored_from"),
            ),
        )
        .first()
    )
    if document is None:
        raise Http404
    return document


def members_of(group: Group) -> QuerySet[Membership]:
    return group.memberships.select_related("user").order_by("role", "user__display_name")


def version_for_download(pk: int) -> DocumentVersion:
    version = (
        DocumentVersion.objects.filter(pk=pk)
        .select_related("document", "document__group", "file")
        .first()
    )
    if version is None:
        raise Http404
    return version
