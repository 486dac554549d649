"""A group's room in live/: live/ asks this policy, which asks cooperation/permissions.py."""

from cooperation import permissions
from cooperation.models import Group, Membership
from live.access import person, rooms
from live.policies import integer_pk


class GroupRoomPolicy:
    has_questions = False
    # What the rules below read (visibility, memberships and roles): a change of any of them ends
    # access in open sockets at once, whoever made it and how (live/access.py).
    access_models = {Group: rooms(lambda group: [group.pk]), Membership: person("user_id")}

    def get_target(self, pk):
        pk = integer_pk(pk)
        return Group.objects.filter(pk=pk).first() if pk is not None else None

    def can_read(self, user, group):
        return user.is_authenticated and permissions.can_view_group(user, group)

    def can_post(self, user, group):
        return permissions.is_member(user, group)

    def can_moderate(self, user, group):
        return permissions.can_moderate(user, group)

    def opens_at(self, group):
        return None

    def closes_at(self, group):
        return None

    def title(self, group):
        return group.name

    def url(self, group):
        return group.get_absolute_url()
