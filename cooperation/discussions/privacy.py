"""The personal data of discussions (privacy/registry.py): threads started, posts written, what a
person follows and how far they read.

Erasure keeps the posts a group still needs, attributed to "voormalig lid" (the scrubbed account,
accounts/privacy.py). It empties the person's own deleted posts (only moderators could still read
them) and writes every @mention of the person in others' posts as "@voormalig lid", so that the
search no longer finds them by name: the threads are indexed again after the commit."""

from django.db import transaction
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modelsearch.tasks import insert_or_update_object_task

from cooperation.discussions.mentions import render_post
from cooperation.discussions.models import Post, PostRevision, ReadMarker, Subscription, Thread
from portal.links import absolute_url
from privacy.anonymous import former_member_name, mentions_replaced
from privacy.registry import PersonalData, as_long_as_the_account, register


def _threads(user) -> list[dict]:
    threads = Thread.objects.filter(author=user).select_related("group").order_by("created_at")
    return [
        {
            "title": thread.title,
            "group": thread.group.name,
            "started_at": thread.created_at,
            "url": absolute_url(thread.get_absolute_url()) if thread.deleted_at is None else None,
            "deleted": thread.deleted_at is not None,
        }
        for thread in threads
    ]


def _posts(user) -> list[dict]:
    posts = (
        Post.objects.filter(author=user)
        .select_related("thread__group")
        .prefetch_related("revisions")
        .order_by("created_at", "pk")
    )
    return [
        {
            "thread": post.thread.title,
            "group": post.thread.group.name,
            "text": post.body_source,
            "written_at": post.created_at,
            "edited_at": post.edited_at,
            "deleted_at": post.deleted_at,
            "earlier_versions": [
                {"text": revision.body_source, "written_at": revision.written_at}
                for revision in post.revisions.all()
            ],
        }
        for post in posts
    ]


def _erase_posts(user, erasure) -> None:
    # The person's own deleted posts: nobody but moderators could read them; nothing to keep.
    deleted = Post.objects.filter(author=user, deleted_at__isnull=False)
    PostRevision.objects.filter(post__in=deleted).delete()
    deleted.update(body_source="", body_html="")

    former = former_member_name()
    threads = set()
    for post in Post.objects.filter(mentions=user).select_related("thread"):
        others = list(post.mentions.exclude(pk=user.pk))
        post.body_source = mentions_replaced(post.body_source, erasure.display_name, former)
        post.body_html = render_post(post.body_source, others)
        post.save(update_fields=["body_source", "body_html"])
        for revision in post.revisions.all():
            revision.body_source = mentions_replaced(
                revision.body_source, erasure.display_name, former
            )
            revision.body_html = render_post(revision.body_source, others)
            revision.save(update_fields=["body_source", "body_html"])
        threads.add(post.thread_id)
    Post.mentions.through.objects.filter(user=user).delete()
    for thread_id in threads:
        transaction.on_commit(
            lambda thread_id=thread_id: insert_or_update_object_task.enqueue(
                "discussions", "thread", str(thread_id)
            )
        )


def _follows(user) -> list[dict]:
    subscriptions = Subscription.objects.filter(user=user).select_related("thread", "group")
    return [
        {
            "thread": subscription.thread.title if subscription.thread_id else None,
            "group": subscription.group.name if subscription.group_id else None,
            "since": subscription.created_at,
        }
        for subscription in subscriptions.order_by("created_at")
    ]


register(
    PersonalData(
        key="discussion_threads",
        label=_("Threads you started"),
        what=_("The title and group of every discussion thread you started."),
        why=_("They are the group's conversations; your name shows who started them."),
        kept=lambda: gettext(
            "As long as the group keeps the thread. When you delete your account it stays, "
            "attributed to “former member”."
        ),
        fields={
            "title": _("the thread's title"),
            "group": _("the group it belongs to"),
            "started_at": _("when you started it"),
            "url": _("its page (empty when it was deleted)"),
            "deleted": _("whether a moderator deleted it"),
        },
        export=_threads,
        order=40,
    )
)

register(
    PersonalData(
        key="discussion_posts",
        label=_("Posts in discussions"),
        what=_(
            "Everything you wrote in discussion threads, with earlier versions of edited posts."
        ),
        why=_("They are the group's conversations; moderators see earlier versions."),
        kept=lambda: gettext(
            "As long as the group keeps the thread. When you delete your account your posts "
            "stay, attributed to “former member”; posts that were deleted are emptied, and "
            "mentions of your name in others' posts become “@former member”."
        ),
        fields={
            "thread": _("the thread's title"),
            "group": _("the group it belongs to"),
            "text": _("what you wrote (Markdown)"),
            "written_at": _("when you wrote it"),
            "edited_at": _("when it was last edited"),
            "deleted_at": _("when it was deleted"),
            "earlier_versions": _("the text before each edit, with when it was written"),
        },
        export=_posts,
        erase=_erase_posts,
        erase_order=30,
        order=41,
    )
)

register(
    PersonalData(
        key="discussion_follows",
        label=_("Threads and groups you follow"),
        what=_("The threads and groups whose discussions you follow."),
        why=_("To tell you about new posts."),
        kept=as_long_as_the_account,
        fields={
            "thread": _("the thread you follow"),
            "group": _("the group whose discussions you follow"),
            "since": _("since when"),
        },
        export=_follows,
        erase=lambda user, erasure: Subscription.objects.filter(user=user).delete(),
        order=42,
    )
)

register(
    PersonalData(
        key="discussion_reading",
        label=_("What you have read"),
        what=_("For each thread you opened, how far you read and when."),
        why=_("To show what is new for you."),
        kept=as_long_as_the_account,
        fields={"thread": _("the thread's title"), "read_at": _("when you last read it")},
        export=lambda user: [
            {"thread": marker.thread.title, "read_at": marker.read_at}
            for marker in ReadMarker.objects.filter(user=user)
            .select_related("thread")
            .order_by("read_at")
        ],
        erase=lambda user, erasure: ReadMarker.objects.filter(user=user).delete(),
        order=43,
    )
)
