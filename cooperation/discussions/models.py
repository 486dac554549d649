"""Threads and posts of a group's discussions. Who may see or do what lives in permissions.py;
what the platform does with these rows (notifications, live updates, search) in services.py."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.search import index

from portal.sanitize import plain_text

POSTS_PER_PAGE = 50
# The text a thread gives the search index is capped: a PostgreSQL tsvector holds at most 1 MB.
SEARCH_TEXT_LIMIT = 500_000


class Thread(index.Indexed, models.Model):
    """A conversation in a group. Its first post is its body; the others are replies."""

    group = models.ForeignKey(
        "cooperation.Group",
        on_delete=models.CASCADE,
        related_name="threads",
        verbose_name=_("group"),
    )
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=80, allow_unicode=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="discussion_threads",
        verbose_name=_("started by"),
    )
    created_at = models.DateTimeField(_("started at"), default=timezone.now)
    last_post_at = models.DateTimeField(_("last activity"), default=timezone.now)
    pinned = models.BooleanField(_("pinned"), default=False)
    locked = models.BooleanField(_("locked"), default=False)
    answer = models.ForeignKey(
        "Post",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("answer"),
    )
    deleted_at = models.DateTimeField(_("deleted at"), null=True, blank=True)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("deleted by"),
    )

    # search: the unified search (discussions/search.py) finds the title and the text of the posts
    # that are not deleted; the permission filters (group, deletion) are FilterFields.
    search_fields = [
        index.SearchField("title", boost=2),
        index.SearchField("search_text"),
        index.AutocompleteField("title"),
        index.FilterField("id"),
        index.FilterField("group"),
        index.FilterField("deleted_at"),
        index.FilterField("created_at"),
    ]

    class Meta:
        ordering = ["-pinned", "-last_post_at", "-id"]
        indexes = [
            models.Index(fields=["group", "-pinned", "-last_post_at"], name="thread_group_list"),
        ]
        verbose_name = _("discussion thread")
        verbose_name_plural = _("discussion threads")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse(
            "discussions:thread",
            kwargs={"slug": self.group.slug, "pk": self.pk, "thread_slug": self.slug},
        )

    def search_text(self) -> str:
        texts, size = [], 0
        for post in self.posts.all():
            if post.deleted_at is not None:
                continue
            text = plain_text(post.body_html)
            texts.append(text)
            size += len(text)
            if size >= SEARCH_TEXT_LIMIT:
                break
        return "\n".join(texts)[:SEARCH_TEXT_LIMIT]


class Post(models.Model):
    """The opening post of a thread or a reply. `body_html` is `body_source` rendered and
    sanitised on save (portal.markup.render_markdown); templates mark only that field safe."""

    # The auto-increment id is the order of a thread: live updates ask for posts after=<id>.
    thread = models.ForeignKey(
        Thread, on_delete=models.CASCADE, related_name="posts", verbose_name=_("thread")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="discussion_posts",
        verbose_name=_("author"),
    )
    body_source = models.TextField(_("text (Markdown)"))
    body_html = models.TextField(_("text (HTML, sanitised)"))
    mentions = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="discussion_mentions",
        verbose_name=_("mentioned people"),
    )
    created_at = models.DateTimeField(_("written at"), default=timezone.now)
    edited_at = models.DateTimeField(_("edited at"), null=True, blank=True)
    deleted_at = models.DateTimeField(_("deleted at"), null=True, blank=True)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("deleted by"),
    )

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["thread", "id"], name="post_thread_order")]
        verbose_name = _("post")
        verbose_name_plural = _("posts")

    def __str__(self):
        return f"#{self.pk} {self.thread}"

    def get_absolute_url(self):
        return self._url_in_thread

    @cached_property
    def _url_in_thread(self) -> str:
        """The thread page that shows this post, scrolled to it. Worked out once per object: a
        list of activity may link the same post twice, and each time costs a count."""
        position = Post.objects.filter(thread_id=self.thread_id, id__lte=self.pk).count()
        page = (position - 1) // POSTS_PER_PAGE + 1
        query = f"?page={page}" if page > 1 else ""
        return f"{self.thread.get_absolute_url()}{query}#{self.dom_id}"

    @property
    def dom_id(self) -> str:
        return f"post-{self.pk}"


class PostRevision(models.Model):
    """What a post said before an edit (or before it was deleted): the history moderators see."""

    post = models.ForeignKey(
        Post, on_delete=models.CASCADE, related_name="revisions", verbose_name=_("reply")
    )
    body_source = models.TextField(_("text (Markdown)"))
    body_html = models.TextField(_("text (HTML, sanitised)"))
    written_at = models.DateTimeField(_("written at"))
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("edited by"),
    )
    edited_at = models.DateTimeField(_("replaced at"), default=timezone.now)

    class Meta:
        ordering = ["post", "edited_at", "id"]
        verbose_name = _("post revision")
        verbose_name_plural = _("post revisions")

    def __str__(self):
        return f"{self.post} @ {self.edited_at:%Y-%m-%d %H:%M}"


class Attachment(models.Model):
    """A document of the group's library attached to a post. The file stays in the library (with
    its checks, versions and search); the post links to it."""

    post = models.ForeignKey(
        Post, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("reply")
    )
    document = models.ForeignKey(
        "cooperation.Document",
        on_delete=models.CASCADE,
        related_name="discussion_attachments",
        verbose_name=_("document"),
    )

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["post", "document"], name="attach_document_once")
        ]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self):
        return f"{self.document} → {self.post}"


class Subscription(models.Model):
    """A person follows one thread or all threads of a group."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="discussion_subscriptions",
        verbose_name=_("person"),
    )
    thread = models.ForeignKey(
        Thread,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="subscriptions",
        verbose_name=_("thread"),
    )
    group = models.ForeignKey(
        "cooperation.Group",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="discussion_subscriptions",
        verbose_name=_("group"),
    )
    created_at = models.DateTimeField(default=timezone.now, verbose_name=_("created at"))

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(thread__isnull=True, group__isnull=False)
                | models.Q(thread__isnull=False, group__isnull=True),
                name="subscription_thread_or_group",
            ),
            models.UniqueConstraint(
                fields=["user", "thread"],
                condition=models.Q(thread__isnull=False),
                name="follow_thread_once",
            ),
            models.UniqueConstraint(
                fields=["user", "group"],
                condition=models.Q(group__isnull=False),
                name="follow_group_once",
            ),
        ]
        verbose_name = _("subscription")
        verbose_name_plural = _("subscriptions")

    def __str__(self):
        return f"{self.user_id} → {self.thread or self.group}"


class ReadMarker(models.Model):
    """How far a person has read a thread: posts with a higher id are new to them."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="discussion_read_markers",
        verbose_name=_("person"),
    )
    thread = models.ForeignKey(
        Thread, on_delete=models.CASCADE, related_name="read_markers", verbose_name=_("thread")
    )
    last_read_post_id = models.BigIntegerField(default=0, verbose_name=_("last reply read"))
    read_at = models.DateTimeField(default=timezone.now, verbose_name=_("read at"))

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "thread"], name="one_read_marker_per_thread")
        ]
        verbose_name = _("read marker")
        verbose_name_plural = _("read markers")

    def __str__(self):
        return f"{self.user_id} read {self.thread_id} up to {self.last_read_post_id}"
