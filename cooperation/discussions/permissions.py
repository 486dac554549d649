"""Who may see and do what in a group's discussions: the one place these rules are written, built
on cooperation/permissions.py. Views, the live room policy, notification kinds and the search
source all ask here.

- Reading: whoever may read the group's inside (public groups: everyone, also anonymous) reads
  its threads; a deleted thread is gone for everyone.
- Writing: members (and platform staff) start threads and reply, unless the thread is locked.
- Authors edit and delete their own posts while they are members; moderators of the group edit,
  delete, pin, lock, mark answers and read the history of every post (also deleted text).
- The thread's author and moderators mark a reply as the answer.
"""

from django.db.models import QuerySet

from cooperation import permissions as group_rules
from cooperation.discussions.models import Post, Thread
from cooperation.models import Group


def threads_visible_to(user) -> QuerySet[Thread]:
    """Threads (not deleted) of the groups whose inside the person may read: lists and search."""
    return Thread.objects.filter(
        group__in=group_rules.groups_readable_by(user).values("pk"), deleted_at__isnull=True
    )


def _is_writer(user, group: Group) -> bool:
    return group_rules.is_platform_staff(user) or group_rules.role_in(user, group) is not None


# --- Groups -------------------------------------------------------------------------------------


def can_list_threads(user, group: Group) -> bool:
    return group_rules.can_view_group(user, group)


def can_create_thread(user, group: Group) -> bool:
    return user.is_authenticated and _is_writer(user, group)


def can_follow_group(user, group: Group) -> bool:
    return user.is_authenticated and group_rules.can_view_group(user, group)


def can_search_members(user, group: Group) -> bool:
    """The @mention autocomplete: like the member list, for logged-in people who may read the
    group (anonymous visitors of a public group do not get its members' names)."""
    return user.is_authenticated and group_rules.can_view_group(user, group)


# --- Threads ------------------------------------------------------------------------------------


def can_read_thread(user, thread: Thread) -> bool:
    return thread.deleted_at is None and group_rules.can_view_group(user, thread.group)


def can_post(user, thread: Thread) -> bool:
    """Reply: a member (or staff) in a thread that is not locked."""
    return (
        user.is_authenticated
        and not thread.locked
        and can_read_thread(user, thread)
        and _is_writer(user, thread.group)
    )


def can_moderate_thread(user, thread: Thread) -> bool:
    """Pin, lock, delete the thread; edit and delete any post; read every post's history."""
    return thread.deleted_at is None and group_rules.can_moderate(user, thread.group)


def can_follow_thread(user, thread: Thread) -> bool:
    return user.is_authenticated and can_read_thread(user, thread)


def can_mark_answer(user, thread: Thread) -> bool:
    if not can_read_thread(user, thread) or not user.is_authenticated:
        return False
    if group_rules.can_moderate(user, thread.group):
        return True
    return thread.author_id == user.pk and _is_writer(user, thread.group)


# --- Posts --------------------------------------------------------------------------------------


def can_read_post(user, post: Post) -> bool:
    """See the post's text: readers of the thread, as long as the post is not deleted."""
    return post.deleted_at is None and can_read_thread(user, post.thread)


def _is_own(user, post: Post) -> bool:
    return user.is_authenticated and post.author_id == user.pk


def can_edit_post(user, post: Post) -> bool:
    thread = post.thread
    if post.deleted_at is not None or not can_read_thread(user, thread):
        return False
    if can_moderate_thread(user, thread):
        return True
    return _is_own(user, post) and not thread.locked and _is_writer(user, thread.group)


def can_delete_post(user, post: Post) -> bool:
    thread = post.thread
    if post.deleted_at is not None or not can_read_thread(user, thread):
        return False
    if can_moderate_thread(user, thread):
        return True
    return _is_own(user, post) and _is_writer(user, thread.group)


def can_see_history(user, post: Post) -> bool:
    """Earlier versions and deleted text: moderators only."""
    return can_moderate_thread(user, post.thread)
