"""The webinar's room in live/: live/ asks this policy, which asks learning/permissions.py."""

from datetime import timedelta

from django.contrib.auth.models import Group as Role
from django.utils import timezone
from wagtail.models import GroupPagePermission, Page

from cooperation.models import Membership
from learning import permissions
from learning.models import Registration, WebinarPage
from live.access import person, rooms
from live.policies import integer_pk

ROOM_OPENS_BEFORE = timedelta(minutes=30)
ROOM_CLOSES_AFTER = timedelta(hours=2)


class WebinarRoomPolicy:
    has_questions = True
    # What the rules below read: the page (published, its audiences; saved as a Page or as a
    # WebinarPage), registrations, group memberships (webinars for one group), and who may edit
    # pages (hosts): a change of any of them ends access in open sockets at once (live/access.py).
    access_models = {
        Page: rooms(lambda page: [page.pk]),
        Registration: person("user_id"),
        Membership: person("user_id"),
        GroupPagePermission: rooms(),
        Role: rooms(),
    }

    def get_target(self, pk):
        pk = integer_pk(pk)
        return WebinarPage.objects.live().filter(pk=pk).first() if pk is not None else None

    def can_read(self, user, webinar):
        closed = timezone.now() >= self.closes_at(webinar)
        return permissions.can_read_room(user, webinar, closed=closed)

    def can_post(self, user, webinar):
        return not webinar.cancelled and permissions.can_chat(user, webinar)

    def can_moderate(self, user, webinar):
        return permissions.can_host(user, webinar)

    def opens_at(self, webinar):
        return webinar.start - ROOM_OPENS_BEFORE

    def closes_at(self, webinar):
        return webinar.end + ROOM_CLOSES_AFTER

    def title(self, webinar):
        return webinar.title

    def url(self, webinar):
        return webinar.url
