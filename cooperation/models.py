"""Groups, their members and their document library. Rules of who may see or do what live in
cooperation/permissions.py; what the platform does with these rows lives in services.py."""

import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from taggit.managers import TaggableManager
from wagtail.search import index


class Group(index.Indexed, ClusterableModel):
    """A working group, steering committee or project group with its own space."""

    class Kind(models.TextChoices):
        WORKING_GROUP = "working_group", _("working group")
        STEERING_COMMITTEE = "steering_committee", _("steering committee")
        PROJECT_GROUP = "project_group", _("project group")
        OTHER = "other", _("other group")

    class Visibility(models.TextChoices):
        PUBLIC = "public", _("public: anyone sees the group and its library")
        MEMBERS = "members", _("members only: anyone sees it exists, only members see inside")
        SECRET = "secret", _("secret: only members know it exists")  # noqa: S105

    class JoinPolicy(models.TextChoices):
        OPEN = "open", _("anyone may join (public groups only)")
        REQUEST = "request", _("people ask to join; a moderator approves")
        INVITATION = "invitation", _("by invitation only")

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=32, choices=Kind, default=Kind.WORKING_GROUP)
    description = models.TextField(_("description"), blank=True)
    visibility = models.CharField(
        _("visibility"), max_length=16, choices=Visibility, default=Visibility.MEMBERS
    )
    join_policy = models.CharField(
        _("joining"), max_length=16, choices=JoinPolicy, default=JoinPolicy.REQUEST
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    # search: the unified search (cooperation/search.py); permission filters are FilterFields.
    search_fields = [
        index.SearchField("name", boost=2),
        index.SearchField("description"),
        index.AutocompleteField("name"),
        index.FilterField("id"),
        index.FilterField("visibility"),
        index.FilterField("created_at"),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = _("group")
        verbose_name_plural = _("groups")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("cooperation:group", kwargs={"slug": self.slug})

    @property
    def is_open(self) -> bool:
        # Free joining only makes sense where the inside is public anyway.
        return (
            self.join_policy == self.JoinPolicy.OPEN and self.visibility == self.Visibility.PUBLIC
        )


class Membership(models.Model):
    class Role(models.TextChoices):
        OWNER = "owner", _("owner")
        MODERATOR = "moderator", _("moderator")
        MEMBER = "member", _("member")

    group = ParentalKey(
        Group, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("group")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="cooperation_memberships",
        verbose_name=_("person"),
    )
    role = models.CharField(_("role"), max_length=16, choices=Role, default=Role.MEMBER)
    joined_at = models.DateTimeField(_("joined at"), auto_now_add=True)

    panels = ["user", "role"]

    class Meta:
        ordering = ["group", "user__display_name"]
        constraints = [
            models.UniqueConstraint(fields=["group", "user"], name="one_membership_per_person")
        ]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")

    def __str__(self):
        return f"{self.user} · {self.group} ({self.get_role_display()})"


class JoinRequest(models.Model):
    """A person asked to join; open until a moderator approves or declines it."""

    group = models.ForeignKey(
        Group, on_delete=models.CASCADE, related_name="join_requests", verbose_name=_("group")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="cooperation_requests",
        verbose_name=_("person"),
    )
    message = models.TextField(_("message"), blank=True, max_length=2000)
    created_at = models.DateTimeField(_("asked at"), auto_now_add=True)

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(fields=["group", "user"], name="one_open_request_per_person")
        ]
        verbose_name = _("request to join")
        verbose_name_plural = _("requests to join")

    def __str__(self):
        return f"{self.user} → {self.group}"


def _invitation_token() -> str:
    return secrets.token_urlsafe(32)


class Invitation(models.Model):
    """An e-mailed invitation; also for someone without an account yet (matched by address)."""

    group = models.ForeignKey(
        Group, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("group")
    )
    email = models.EmailField(_("e-mail address"))
    token = models.CharField(
        max_length=64,
        unique=True,
        default=_invitation_token,
        editable=False,
        verbose_name=_("token"),
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("invited by"),
    )
    created_at = models.DateTimeField(_("invited at"), auto_now_add=True)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("accepted by"),
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self):
        return f"{self.email} → {self.group}"

    @property
    def expires_at(self):
        return self.created_at + timedelta(days=settings.COOPERATION_INVITATION_DAYS)

    @property
    def is_expired(self) -> bool:
        return timezone.now() >= self.expires_at


class Folder(models.Model):
    group = models.ForeignKey(
        Group, on_delete=models.CASCADE, related_name="folders", verbose_name=_("group")
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent folder"),
    )
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "parent", "name"], name="unique_folder_name_in_parent"
            )
        ]
        verbose_name = _("folder")
        verbose_name_plural = _("folders")

    def __str__(self):
        return self.name

    def ancestors(self) -> list["Folder"]:
        chain, folder = [], self.parent
        while folder is not None:
            chain.insert(0, folder)
            folder = folder.parent
        return chain


class Document(index.Indexed, models.Model):
    """An entry of a group's library; its file is the current version's PortalDocument."""

    group = models.ForeignKey(
        Group, on_delete=models.CASCADE, related_name="documents", verbose_name=_("group")
    )
    folder = models.ForeignKey(
        Folder,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="documents",
        verbose_name=_("folder"),
    )
    title = models.CharField(_("title"), max_length=255)
    description = models.TextField(_("description"), blank=True)
    tags = TaggableManager(_("tags"), blank=True, related_name="cooperation_documents")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    current_version = models.ForeignKey(
        "DocumentVersion",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("current version"),
    )
    trashed_at = models.DateTimeField(_("moved to the trash at"), null=True, blank=True)
    trashed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("deleted by"),
    )

    # search: the unified search (cooperation/search.py) finds title, description and the text of
    # the current version's file; permission filters (group, trash) are FilterFields.
    search_fields = [
        index.SearchField("title", boost=2),
        index.SearchField("description"),
        index.RelatedFields(
            "current_version", [index.RelatedFields("file", [index.SearchField("extracted_text")])]
        ),
        index.AutocompleteField("title"),
        index.FilterField("id"),
        index.FilterField("group"),
        index.FilterField("trashed_at"),
        index.FilterField("created_at"),
    ]

    class Meta:
        ordering = ["title"]
        verbose_name = _("library document")
        verbose_name_plural = _("library documents")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("cooperation:document", kwargs={"slug": self.group.slug, "pk": self.pk})


class DocumentVersion(models.Model):
    """One uploaded file of a document. A restore adds a version that points at the old file."""

    document = models.ForeignKey(
        Document, on_delete=models.CASCADE, related_name="versions", verbose_name=_("document")
    )
    number = models.PositiveIntegerField(_("version"))
    file = models.ForeignKey(
        settings.WAGTAILDOCS_DOCUMENT_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("file"),
    )
    original_name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField(_("SHA-256 checksum"), max_length=64)
    content_type = models.CharField(_("type"), max_length=120)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    restored_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("restored from"),
    )

    class Meta:
        ordering = ["document", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="unique_version_number")
        ]
        verbose_name = _("version")
        verbose_name_plural = _("versions")

    def __str__(self):
        return f"{self.document} v{self.number}"

    @property
    def has_thumbnail(self) -> bool:
        """An image whose preview is made or on its way (not refused)."""
        from cooperation.files import THUMBNAIL_TYPES

        refused = {self.file.Preview.TOO_LARGE, self.file.Preview.UNREADABLE}
        return self.content_type in THUMBNAIL_TYPES and self.file.preview_status not in refused

    def get_download_url(self):
        from django.urls import reverse

        return reverse(
            "cooperation:download", kwargs={"pk": self.pk, "filename": self.original_name}
        )
