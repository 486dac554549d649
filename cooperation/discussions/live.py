"""A thread's room in live/: readers of the thread get its new posts without reloading. Nobody
writes in the room itself (posts go through the thread's form); live/ asks this policy, which asks
cooperation/discussions/permissions.py. Frames carry only post ids: each page fetches the posts
through a permission-checked fragment, so a socket that outlives someone's access shows nothing."""

from cooperation.discussions import permissions
from cooperation.discussions.models import Thread
from cooperation.models import Group, Membership
from live.access import person, rooms
from live.policies import integer_pk


class ThreadRoomPolicy:
    has_questions = False
    # What the rules below read: the thread (deleted or not), its group's visibility, memberships.
    access_models = {
        Thread: rooms(lambda thread: [thread.pk]),
        Group: rooms(lambda group: group.threads.values_list("pk", flat=True)),
        Membership: person("user_id"),
    }

    def get_target(self, pk):
        pk = integer_pk(pk)
        if pk is None:
            return None
        return Thread.objects.select_related("group").filter(pk=pk, deleted_at=None).first()

    def can_read(self, user, thread):
        return permissions.can_read_thread(user, thread)

    def can_post(self, user, thread):
        return False

    def can_moderate(self, user, thread):
        return False

    def opens_at(self, thread):
        return None

    def closes_at(self, thread):
        return None

    def title(self, thread):
        return thread.title

    def url(self, thread):
        return thread.get_absolute_url()
