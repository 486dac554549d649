"""What the discussion pages read, filtered by permissions.py and prefetched for the page, so a
page runs a constant number of queries however many threads or posts it shows."""

from django.contrib.auth import get_user_model
from django.core.paginator import Page, Paginator
from django.db.models import Count, Max, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.http import Http404

from cooperation import permissions as group_rules
from cooperation.discussions import permissions
from cooperation.discussions.models import (
    POSTS_PER_PAGE,
    Attachment,
    Post,
    ReadMarker,
    Subscription,
    Thread,
)
from cooperation.models import Document, Group

THREADS_PER_PAGE = 30
FRAGMENT_LIMIT = 100


def threads_for_group(user, group: Group) -> QuerySet[Thread]:
    """The group's threads, pinned first, then the latest activity; with the reply count and,
    for a logged-in person, whether something is new to them (`is_unread`)."""
    threads = (
        permissions.threads_visible_to(user)
        .filter(group=group)
        .select_related("group", "author")
        .annotate(post_count=Count("posts"), latest_post_id=Max("posts__id"))
        .order_by("-pinned", "-last_post_at", "-id")
    )
    if user.is_authenticated:
        marker = ReadMarker.objects.filter(user=user, thread=OuterRef("pk"))
        threads = threads.annotate(read_up_to=Subquery(marker.values("last_read_post_id")[:1]))
    return threads


def with_unread(threads) -> list[Thread]:
    for thread in threads:
        read_up_to = getattr(thread, "read_up_to", None)
        thread.is_unread = hasattr(thread, "read_up_to") and (
            read_up_to is None or (thread.latest_post_id or 0) > read_up_to
        )
        thread.reply_count = max(0, (thread.post_count or 1) - 1)
    return threads


def thread_page(user, group: Group, page_number) -> Page:
    page = Paginator(threads_for_group(user, group), THREADS_PER_PAGE).get_page(page_number)
    page.object_list = with_unread(list(page.object_list))
    return page


def thread_for(group: Group, pk: int) -> Thread:
    """The thread (not deleted) of this group; 404 otherwise. The caller asks permissions.py."""
    thread = (
        Thread.objects.select_related("group", "author", "answer")
        .filter(group=group, pk=pk, deleted_at__isnull=True)
        .first()
    )
    if thread is None:
        raise Http404
    return thread


def _posts(thread: Thread) -> QuerySet[Post]:
    attachments = Attachment.objects.filter(document__trashed_at__isnull=True).select_related(
        "document__group", "document__current_version"
    )
    # thread.posts sets post.thread to this very object, so the permission checks of every post
    # share the group's cached role instead of asking the database per post.
    return thread.posts.select_related("author").prefetch_related(
        Prefetch("attachments", queryset=attachments)
    )


def posts_page(thread: Thread, page_number) -> Page:
    """A page of the thread's posts; page_number "last" is the page with the newest posts."""
    paginator = Paginator(_posts(thread), POSTS_PER_PAGE)
    return paginator.get_page(paginator.num_pages if page_number == "last" else page_number)


def posts_after(thread: Thread, after: int) -> tuple[list[Post], bool]:
    """Posts with an id above `after` (at most FRAGMENT_LIMIT) and whether that was all."""
    posts = list(_posts(thread).filter(id__gt=after)[: FRAGMENT_LIMIT + 1])
    return posts[:FRAGMENT_LIMIT], len(posts) <= FRAGMENT_LIMIT


def post_for(thread: Thread, post_id: int) -> Post:
    post = _posts(thread).filter(pk=post_id).first()
    if post is None:
        raise Http404
    return post


def first_post_id(thread: Thread) -> int | None:
    return thread.posts.order_by("id").values_list("id", flat=True).first()


def read_up_to(user, thread: Thread) -> int | None:
    if not user.is_authenticated:
        return None
    return (
        ReadMarker.objects.filter(user=user, thread=thread)
        .values_list("last_read_post_id", flat=True)
        .first()
    )


def with_controls(user, thread: Thread, posts, *, read_up_to=None, opening_id=None) -> list:
    """Sets on each post what this person may do with it and whether it is new to them."""
    may_mark_answer = permissions.can_mark_answer(user, thread)
    moderator = permissions.can_moderate_thread(user, thread)
    may_reply = permissions.can_post(user, thread)
    for post in posts:
        post.is_opening = post.pk == opening_id
        post.is_answer = post.pk == thread.answer_id
        post.is_deleted = post.deleted_at is not None
        post.is_unread = user.is_authenticated and post.pk > (read_up_to or 0)
        post.can_edit = permissions.can_edit_post(user, post)
        post.can_delete = permissions.can_delete_post(user, post)
        post.can_quote = may_reply and not post.is_deleted
        post.can_mark_answer = may_mark_answer and not post.is_opening and not post.is_deleted
        post.can_see_history = moderator and bool(post.edited_at or post.is_deleted)
    return list(posts)


def quote_of(thread: Thread, post_id: int | None) -> str:
    """The Markdown that quotes a post in a reply ("Name wrote:" and the text as a quote)."""
    from django.utils.translation import gettext as _

    if post_id is None:
        return ""
    post = thread.posts.filter(pk=post_id, deleted_at__isnull=True).select_related("author").first()
    if post is None:
        return ""
    quoted = "\n".join(f"> {line}" if line else ">" for line in post.body_source.splitlines())
    return _("%(name)s wrote:") % {"name": post.author or "?"} + f"\n{quoted}\n\n"


def revisions_of(post: Post) -> list:
    return list(post.revisions.select_related("edited_by"))


def is_following(user, *, thread: Thread | None = None, group: Group | None = None) -> bool:
    if not user.is_authenticated:
        return False
    if thread is not None:
        return Subscription.objects.filter(user=user, thread=thread).exists()
    return Subscription.objects.filter(user=user, group=group).exists()


def library_documents(user, group: Group) -> QuerySet[Document]:
    """The group's library documents this person may attach."""
    return group_rules.documents_visible_to(user).filter(group=group).order_by("title")


def members_matching(group: Group, prefix: str, *, limit: int = 8) -> list[dict]:
    """Members whose name (or a word of it) starts with `prefix`: the @mention autocomplete."""
    prefix = " ".join(prefix.split())[:60]
    people = get_user_model().objects.filter(cooperation_memberships__group=group, is_active=True)
    if prefix:
        people = people.filter(
            Q(display_name__istartswith=prefix) | Q(display_name__icontains=f" {prefix}")
        )
    return [{"name": person.display_name} for person in people.order_by("display_name")[:limit]]
