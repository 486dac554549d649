"""Room kinds for the tests only (production kinds come from learning/ and cooperation/).

"page": a room beside any live StandardPage: logged-in people read and post, staff moderate; it has
questions, and a time window the tests can set. "club": readable only by its members, a set the
tests change to prove that a removed member's open socket is closed."""

from live.policies import integer_pk
from portal.models import StandardPage


class PagePolicy:
    has_questions = True

    def __init__(self):
        self.windows = {}  # page pk -> (opens_at, closes_at)

    def get_target(self, pk):
        pk = integer_pk(pk)
        return StandardPage.objects.live().filter(pk=pk).first() if pk is not None else None

    def can_read(self, user, target):
        return user.is_authenticated and target.live

    def can_post(self, user, target):
        return user.is_authenticated

    def can_moderate(self, user, target):
        return user.is_authenticated and user.is_staff

    def opens_at(self, target):
        return self.windows.get(target.pk, (None, None))[0]

    def closes_at(self, target):
        return self.windows.get(target.pk, (None, None))[1]

    def title(self, target):
        return target.title

    def url(self, target):
        return target.url


class ClubPolicy(PagePolicy):
    has_questions = False

    def __init__(self):
        super().__init__()
        self.members = set()  # user pks

    def can_read(self, user, target):
        return user.is_authenticated and (user.pk in self.members or user.is_staff)

    def can_post(self, user, target):
        return self.can_read(user, target)


page_policy = PagePolicy()
club_policy = ClubPolicy()


def register():
    from live.policies import register_room_kind

    register_room_kind("page", page_policy)
    register_room_kind("club", club_policy)
