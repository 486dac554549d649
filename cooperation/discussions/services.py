"""What discussions do. Views, the demo and tests all call these, so an action behaves the same
from everywhere. Each checks permission through permissions.py, runs in a transaction, tells the
people concerned (notifications.publish, inside the transaction; mail goes after the commit),
keeps the search index fresh and announces new posts to the thread's live room after the commit.

Refusals a person can act upon (an empty post, a locked thread, a mention of a non-member) are
ValidationErrors with a message in the person's language; a missing right is PermissionDenied."""

from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from modelsearch.tasks import insert_or_update_object_task

from cooperation import files
from cooperation import permissions as group_rules
from cooperation import services as group_services
from cooperation.discussions import mentions, permissions
from cooperation.discussions.models import (
    Attachment,
    Post,
    PostRevision,
    ReadMarker,
    Subscription,
    Thread,
)
from cooperation.discussions.selectors import first_post_id
from cooperation.models import Document, Group
from live import services as live
from notifications.services import publish

MAX_LENGTH = 50_000
MAX_TITLE_LENGTH = 200
MAX_ATTACHMENTS = 20


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


# --- Checking what people wrote -----------------------------------------------------------------


def _refuse_null_characters(text: str, code: str = "null_characters") -> None:
    # As Django's form fields do: no browser types one, and PostgreSQL cannot store it.
    if "\x00" in text:
        raise ValidationError(_("Null characters are not allowed."), code=code)


def clean_body(body) -> str:
    """The post's Markdown, or a ValidationError saying what is wrong with it."""
    text = (body if isinstance(body, str) else "").replace("\r\n", "\n").strip()
    if not text:
        raise ValidationError(_("Write something first: the post is empty."), code="empty")
    _refuse_null_characters(text)
    if len(text) > MAX_LENGTH:
        raise ValidationError(
            _(
                "A post can be at most %(max)s characters long; yours has %(length)s. "
                "Shorten it or split it over two posts."
            )
            % {
                "max": number_format(MAX_LENGTH, force_grouping=True),
                "length": number_format(len(text), force_grouping=True),
            },
            code="too_long",
        )
    return text


def clean_title(title) -> str:
    text = " ".join((title if isinstance(title, str) else "").split())
    if not text:
        raise ValidationError(_("Give the thread a title."), code="empty_title")
    _refuse_null_characters(text, code="title_null_characters")
    if len(text) > MAX_TITLE_LENGTH:
        raise ValidationError(
            _("A title can be at most %(max)d characters long.") % {"max": MAX_TITLE_LENGTH},
            code="title_too_long",
        )
    return text


def _render(body: str, group: Group) -> tuple[str, list]:
    """The post's HTML and the members it mentions; refuses mentions of people outside the group."""
    members, strangers = mentions.find_mentions(body, group)
    if strangers:
        names = ", ".join(sorted(person.display_name for person in strangers))
        raise ValidationError(
            ngettext(
                "%(names)s is not a member of this group, so they cannot be mentioned here. "
                "Remove the @ before the name or ask a moderator to invite them.",
                "%(names)s are not members of this group, so they cannot be mentioned here. "
                "Remove the @ before their names or ask a moderator to invite them.",
                len(strangers),
            )
            % {"names": names},
            code="not_member",
        )
    return mentions.render_post(body, members), members


def _thread_slug(title: str) -> str:
    return slugify(title)[:80].strip("-") or "onderwerp"


# --- Attachments --------------------------------------------------------------------------------


def _attach(*, post: Post, group: Group, by, documents: Iterable[Document], uploads) -> None:
    """Links library documents to the post; new files go into the group's library first, through
    its own upload service (checks, versions, text extraction, search)."""
    documents, uploads = list(documents or []), list(uploads or [])
    if len(documents) + len(uploads) > MAX_ATTACHMENTS:
        raise ValidationError(
            _("A post can have at most %(max)d attachments.") % {"max": MAX_ATTACHMENTS},
            code="refused_file",
        )
    allowed = group_rules.documents_visible_to(by).filter(group=group)
    for document in documents:
        if not allowed.filter(pk=document.pk).exists():
            raise ValidationError(
                _("That document is not in this group's library."), code="not_in_library"
            )
    # Every file is checked before any is stored: a refused third file must not leave the first
    # two in the library of a post that was never made.
    for uploaded in uploads:
        try:
            files.inspect_upload(uploaded, name=files.display_name(uploaded.name or ""))
        except files.RefusedFile as error:
            raise ValidationError(str(error), code="refused_file") from None
    for uploaded in uploads:
        documents.append(group_services.document_upload(group=group, uploaded=uploaded, by=by))
    for document in documents:
        Attachment.objects.get_or_create(post=post, document=document)


# --- Side effects: search, live room ------------------------------------------------------------


def _reindex(thread: Thread) -> None:
    # The index holds the thread's title and the text of its posts: refresh it whenever a post
    # changes (modelsearch's own save handler only sees the thread's row).
    insert_or_update_object_task.enqueue(thread._meta.app_label, "thread", str(thread.pk))


def _announce(thread: Thread, frame: dict) -> None:
    """Tells the thread's open pages after the commit. Only ids travel: each page fetches what
    changed through a permission-checked fragment URL."""
    room = live.room_get_or_create(kind="thread", target_pk=thread.pk)
    live.broadcast(room, frame)


def _followers(**thread_or_group) -> list:
    """The active people who follow the thread (thread=...) or the group (group=...)."""
    follows = Subscription.objects.filter(**thread_or_group).values("user_id")
    return list(get_user_model().objects.filter(pk__in=follows, is_active=True))


# --- Threads and posts --------------------------------------------------------------------------


@transaction.atomic
def thread_create(
    *, group: Group, author, title: str, body: str, documents=(), uploads=()
) -> Thread:
    _require(permissions.can_create_thread(author, group))
    title, body = clean_title(title), clean_body(body)
    body_html, mentioned = _render(body, group)
    now = timezone.now()
    thread = Thread.objects.create(
        group=group,
        title=title,
        slug=_thread_slug(title),
        author=author,
        created_at=now,
        last_post_at=now,
    )
    post = Post.objects.create(
        thread=thread, author=author, body_source=body, body_html=body_html, created_at=now
    )
    post.mentions.set(mentioned)
    _attach(post=post, group=group, by=author, documents=documents, uploads=uploads)
    Subscription.objects.get_or_create(user=author, thread=thread)  # authors follow their threads
    mark_read(user=author, thread=thread, up_to_post_id=post.pk)
    if mentioned:
        publish("mention", target=post, actor=author, group=group, recipients=mentioned)
    told = {person.pk for person in mentioned}
    followers = [person for person in _followers(group=group) if person.pk not in told]
    publish("thread", target=thread, actor=author, group=group, recipients=followers)
    _reindex(thread)
    return thread


@transaction.atomic
def post_reply(*, thread: Thread, author, body: str, documents=(), uploads=()) -> Post:
    # Lock the thread: its posts then commit in id order (a page that has post N and asks for
    # after=N never misses a lower id committed a moment later), and "locked" is read exactly.
    thread = (
        Thread.objects.select_for_update(of=("self",)).select_related("group").get(pk=thread.pk)
    )
    _require(permissions.can_read_thread(author, thread))
    if thread.locked:
        raise ValidationError(
            _("This thread is locked: nobody can reply to it any more."), code="locked"
        )
    _require(permissions.can_post(author, thread))
    body = clean_body(body)
    body_html, mentioned = _render(body, thread.group)
    post = Post.objects.create(thread=thread, author=author, body_source=body, body_html=body_html)
    post.mentions.set(mentioned)
    _attach(post=post, group=thread.group, by=author, documents=documents, uploads=uploads)
    thread.last_post_at = post.created_at
    thread.save(update_fields=["last_post_at"])
    mark_read(user=author, thread=thread, up_to_post_id=post.pk)
    if mentioned:
        publish("mention", target=post, actor=author, group=thread.group, recipients=mentioned)
    told = {person.pk for person in mentioned}
    followers = [person for person in _followers(thread=thread) if person.pk not in told]
    publish("reply", target=post, actor=author, group=thread.group, recipients=followers)
    _reindex(thread)
    _announce(thread, {"type": "post", "id": post.pk})
    return post


def _locked(post: Post) -> Post:
    # Only the post's row: its thread and group stay free for the other replies.
    return (
        Post.objects.select_for_update(of=("self",)).select_related("thread__group").get(pk=post.pk)
    )


@transaction.atomic
def post_edit(*, post: Post, by, body: str, title: str | None = None) -> Post:
    """A new text (and, for the opening post, perhaps a new title). The text before is kept as a
    revision for moderators; newly mentioned members are told."""
    post = _locked(post)
    thread = post.thread
    _require(permissions.can_edit_post(by, post))
    body = clean_body(body)
    new_title = clean_title(title) if title is not None else thread.title
    is_opening = first_post_id(thread) == post.pk
    body_html, mentioned = _render(body, thread.group)
    if body != post.body_source:
        now = timezone.now()
        PostRevision.objects.create(
            post=post,
            body_source=post.body_source,
            body_html=post.body_html,
            written_at=post.edited_at or post.created_at,
            edited_by=by,
            edited_at=now,
        )
        post.body_source, post.body_html, post.edited_at = body, body_html, now
        post.save(update_fields=["body_source", "body_html", "edited_at"])
        already = set(post.mentions.values_list("pk", flat=True))
        newly = [person for person in mentioned if person.pk not in already]
        post.mentions.add(*newly)
        if newly:
            publish("mention", target=post, actor=by, group=thread.group, recipients=newly)
    if is_opening and new_title != thread.title:
        thread.title, thread.slug = new_title, _thread_slug(new_title)
        thread.save(update_fields=["title", "slug"])
    _reindex(thread)
    _announce(thread, {"type": "post_changed", "id": post.pk})
    return post


@transaction.atomic
def post_delete(*, post: Post, by) -> Post:
    """Soft: readers see "message deleted"; moderators still read the text in the history."""
    post = _locked(post)
    _require(permissions.can_delete_post(by, post))
    post.deleted_at, post.deleted_by = timezone.now(), by
    post.save(update_fields=["deleted_at", "deleted_by"])
    thread = post.thread
    if thread.answer_id == post.pk:
        thread.answer = None
        thread.save(update_fields=["answer"])
    _reindex(thread)
    _announce(thread, {"type": "post_changed", "id": post.pk})
    return post


@transaction.atomic
def thread_delete(*, thread: Thread, by) -> Thread:
    _require(permissions.can_moderate_thread(by, thread))
    thread.deleted_at, thread.deleted_by = timezone.now(), by
    thread.save(update_fields=["deleted_at", "deleted_by"])
    _reindex(thread)
    return thread


def _moderate(thread: Thread, by, **fields) -> Thread:
    _require(permissions.can_moderate_thread(by, thread))
    for field, value in fields.items():
        setattr(thread, field, value)
    thread.save(update_fields=list(fields))
    _announce(thread, {"type": "thread", "locked": thread.locked, "pinned": thread.pinned})
    return thread


@transaction.atomic
def thread_pin(*, thread: Thread, by, pinned: bool = True) -> Thread:
    return _moderate(thread, by, pinned=pinned)


@transaction.atomic
def thread_lock(*, thread: Thread, by) -> Thread:
    return _moderate(thread, by, locked=True)


@transaction.atomic
def thread_unlock(*, thread: Thread, by) -> Thread:
    return _moderate(thread, by, locked=False)


@transaction.atomic
def answer_mark(*, thread: Thread, post: Post | None, by) -> Thread:
    """Marks `post` (a reply in this thread) as the answer, or clears the answer with None."""
    _require(permissions.can_mark_answer(by, thread))
    if post is not None:
        if post.thread_id != thread.pk or post.deleted_at is not None:
            raise ValidationError(_("Only a reply in this thread can be its answer."))
        if first_post_id(thread) == post.pk:
            raise ValidationError(_("The question itself cannot be its answer."))
    before = thread.answer_id
    thread.answer = post
    thread.save(update_fields=["answer"])
    for changed in {before, post.pk if post else None} - {None}:
        _announce(thread, {"type": "post_changed", "id": changed})
    return thread


# --- Following and reading ----------------------------------------------------------------------


@transaction.atomic
def subscribe(*, user, thread: Thread | None = None, group: Group | None = None) -> Subscription:
    if thread is not None:
        _require(permissions.can_follow_thread(user, thread))
        return Subscription.objects.get_or_create(user=user, thread=thread)[0]
    _require(group is not None and permissions.can_follow_group(user, group))
    return Subscription.objects.get_or_create(user=user, group=group)[0]


@transaction.atomic
def unsubscribe(*, user, thread: Thread | None = None, group: Group | None = None) -> None:
    if thread is not None:
        Subscription.objects.filter(user=user, thread=thread).delete()
    elif group is not None:
        Subscription.objects.filter(user=user, group=group).delete()


def mark_read(*, user, thread: Thread, up_to_post_id: int) -> None:
    """Moves the person's read marker forward (never back) to `up_to_post_id`."""
    if not user.is_authenticated or not up_to_post_id:
        return
    marker, created = ReadMarker.objects.get_or_create(
        user=user, thread=thread, defaults={"last_read_post_id": up_to_post_id}
    )
    if not created and marker.last_read_post_id < up_to_post_id:
        ReadMarker.objects.filter(pk=marker.pk, last_read_post_id__lt=up_to_post_id).update(
            last_read_post_id=up_to_post_id, read_at=timezone.now()
        )
