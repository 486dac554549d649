"""The webinar's room in live/: live/ asks this policy, which asks learning/permissions.py."""

from datetime import timedelta

from django.utils import timezone

from learning import permissions
from learning.models import WebinarPage
from live.policies import integer_pk

ROOM_OPENS_BEFORE = timedelta(minutes=30)
ROOM_CLOSES_AFTER = timedelta(hours=2)


class WebinarRoomPolicy:
    has_questions = True

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
