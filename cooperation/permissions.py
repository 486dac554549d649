"""Who may see and do what in the Coöperatieplatform: the one place these rules are written.

Every view, download, feed, search filter and WebSocket consumer asks this module. Each rule is a
queryset filter (`*_visible_to(user)`) and a check on one object (`can_*(user, obj)`).

The roles, from least to most: anonymous, logged-in non-member (also with an open invitation or
request to join: neither lets anyone inside), member, moderator, owner; platform staff may do
everything an owner may in every group.

- public group: anyone sees it and its library.
- members-only group: anyone sees that it exists (name, description); only members see inside.
- secret group: only members know it exists; for everyone else it answers "not found".
"""

from django.db.models import Q, QuerySet

from cooperation.models import Document, DocumentVersion, Group, Membership

Role = Membership.Role
Visibility = Group.Visibility

MODERATING_ROLES = {Role.OWNER, Role.MODERATOR}


def is_platform_staff(user) -> bool:
    return bool(user.is_authenticated and (user.is_superuser or user.is_staff))


def role_in(user, group: Group) -> str | None:
    """The person's role in the group, or None. Cached on the group object for one request."""
    if not user.is_authenticated:
        return None
    cache = group.__dict__.setdefault("_role_cache", {})
    if user.pk not in cache:
        cache[user.pk] = (
            Membership.objects.filter(group=group, user=user).values_list("role", flat=True).first()
        )
    return cache[user.pk]


def remember_roles(users, groups) -> None:
    """Reads the roles of many people in many groups with one query and keeps them where
    role_in looks first, so that asking a check of each pair costs no further query (who of a
    group's 500 members may see a new document; which of my notifications I may still see)."""
    people = {user.pk for user in users if user.is_authenticated}
    groups = [group for group in groups if group is not None]
    if not people or not groups:
        return
    roles = {
        (group_id, user_id): role
        for group_id, user_id, role in Membership.objects.filter(
            group_id__in={group.pk for group in groups}, user_id__in=people
        )
        .order_by()  # the default ordering would join groups and people for nothing
        .values_list("group_id", "user_id", "role")
    }
    for group in groups:
        cache = group.__dict__.setdefault("_role_cache", {})
        for user_id in people:
            cache[user_id] = roles.get((group.pk, user_id))


def is_member(user, group: Group) -> bool:
    """The membership check, also for a WebSocket consumer to re-check a long-lived connection
    (it asks the database every time, not a cache)."""
    return bool(
        user.is_authenticated and Membership.objects.filter(group=group, user=user).exists()
    )


# --- Querysets ----------------------------------------------------------------------------------


def member_group_ids(user) -> set[int]:
    """The groups the person is a member of, e.g. for a webinar meant for one working group."""
    if not user.is_authenticated:
        return set()
    # order_by(): Membership's default ordering would join groups and people for nothing.
    return set(Membership.objects.filter(user=user).order_by().values_list("group_id", flat=True))


def _my_group_ids(user):
    # A subquery, not a join: callers annotate and count on memberships without duplicates.
    return Membership.objects.filter(user=user).values("group_id")


def groups_visible_to(user) -> QuerySet[Group]:
    """Groups whose existence the person may know (the directory, search, links)."""
    groups = Group.objects.all()
    if is_platform_staff(user):
        return groups
    if not user.is_authenticated:
        return groups.exclude(visibility=Visibility.SECRET)
    return groups.filter(~Q(visibility=Visibility.SECRET) | Q(pk__in=_my_group_ids(user)))


def groups_readable_by(user) -> QuerySet[Group]:
    """Groups whose inside (library, members, discussions) the person may read."""
    groups = Group.objects.all()
    if is_platform_staff(user):
        return groups
    if not user.is_authenticated:
        return groups.filter(visibility=Visibility.PUBLIC)
    return groups.filter(Q(visibility=Visibility.PUBLIC) | Q(pk__in=_my_group_ids(user)))


def documents_visible_to(user) -> QuerySet[Document]:
    """Library documents (not in the trash) the person may list, read and download; the filter
    search uses before pagination and counts."""
    return Document.objects.filter(
        group__in=groups_readable_by(user).values("pk"), trashed_at__isnull=True
    )


def documents_downloadable_by(user) -> QuerySet[Document]:
    """Library documents whose files the person may download (can_download): those in the
    library they may read, and for moderators also what is in their groups' trash."""
    if is_platform_staff(user):
        return Document.objects.all()
    rule = Q(group__in=groups_readable_by(user).values("pk"), trashed_at__isnull=True)
    if user.is_authenticated:
        moderated = Membership.objects.filter(user=user, role__in=MODERATING_ROLES)
        rule |= Q(group__in=moderated.values("group_id"), trashed_at__isnull=False)
    return Document.objects.filter(rule)


def files_hidden_from(user) -> QuerySet:
    """The stored files (Wagtail documents, by id) of library documents the person may not
    download: Wagtail's admin leaves them out of every list, search, chooser and API answer."""
    if is_platform_staff(user):
        return DocumentVersion.objects.none().values("file_id")
    return (
        DocumentVersion.objects.exclude(document__in=documents_downloadable_by(user).values("pk"))
        .order_by()
        .values("file_id")
    )


# --- Checks on one object -----------------------------------------------------------------------


def can_see_group(user, group: Group) -> bool:
    if group.visibility != Visibility.SECRET or is_platform_staff(user):
        return True
    return role_in(user, group) is not None


def can_view_group(user, group: Group) -> bool:
    """May read inside: the library, the member list, downloads."""
    if group.visibility == Visibility.PUBLIC or is_platform_staff(user):
        return True
    return role_in(user, group) is not None


def can_download(user, document: Document) -> bool:
    if document.trashed_at is not None:
        return can_restore(user, document)
    return can_view_group(user, document.group)


def library_document_of(stored) -> Document | None:
    """The library document whose version a stored file (a Wagtail document) is, or None for
    other documents (webinar slides)."""
    version = (
        DocumentVersion.objects.filter(file_id=stored.pk).select_related("document__group").first()
    )
    return version.document if version is not None else None


def can_reach_file(user, stored) -> bool:
    """A stored file, through any door (Wagtail's document URL, the admin): a group file as its
    library document may be downloaded; other documents are Wagtail's to decide."""
    document = library_document_of(stored)
    return document is None or can_download(user, document)


def can_change_file_in_place(stored) -> bool:
    """Nobody swaps the bytes of a group file under its versions: a new file is a new version,
    uploaded through the group's library, so its history and checksums stay true. A group file
    also leaves only through the library's trash."""
    return library_document_of(stored) is None


def can_upload(user, group: Group) -> bool:
    """Add documents, new versions and folders."""
    return is_platform_staff(user) or role_in(user, group) is not None


def can_add_version(user, document: Document) -> bool:
    return document.trashed_at is None and can_upload(user, document.group)


def can_moderate(user, group: Group) -> bool:
    """Approve requests, invite, restore from the trash, trash anyone's document."""
    return is_platform_staff(user) or role_in(user, group) in MODERATING_ROLES


def can_trash(user, document: Document) -> bool:
    if document.trashed_at is not None:
        return False
    if can_moderate(user, document.group):
        return True
    return document.created_by_id == user.pk and role_in(user, document.group) is not None


def can_restore(user, document: Document) -> bool:
    return can_moderate(user, document.group)


def can_restore_version(user, document: Document) -> bool:
    return can_add_version(user, document)


def can_manage_members(user, group: Group) -> bool:
    """Change roles, remove members, hand over ownership."""
    return is_platform_staff(user) or role_in(user, group) == Role.OWNER


def can_join(user, group: Group) -> bool:
    return user.is_authenticated and group.is_open and role_in(user, group) is None


def can_request_to_join(user, group: Group) -> bool:
    return (
        user.is_authenticated
        and group.join_policy == Group.JoinPolicy.REQUEST
        and can_see_group(user, group)
        and role_in(user, group) is None
    )


def can_leave(user, group: Group) -> bool:
    return role_in(user, group) is not None
