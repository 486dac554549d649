"""The registry of room kinds: what a policy must offer, and that every answer comes from it."""

import pytest

from live.permissions import access_for
from live.policies import policy_for, register_room_kind, registered_kinds, unregister_room_kind
from tests.live.policies import PagePolicy

pytestmark = pytest.mark.django_db


def test_a_policy_missing_a_rule_is_refused_at_registration():
    class Incomplete:
        has_questions = False

        def get_target(self, pk):
            return None

    with pytest.raises(TypeError, match="can_read"):
        register_room_kind("incomplete", Incomplete())
    with pytest.raises(ValueError, match="identifier"):
        register_room_kind("not a kind", PagePolicy())
    assert "incomplete" not in registered_kinds()


def test_an_unknown_kind_gives_no_access(librarian):
    access = access_for(librarian, "webinar-not-registered", "1")
    assert (access.can_read, access.can_post, access.can_moderate) == (False, False, False)


@pytest.mark.parametrize(
    ("who", "can_read", "can_post", "can_moderate"),
    [
        ("anonymous", False, False, False),
        ("librarian", True, True, False),
        ("moderator", True, True, True),
    ],
)
def test_access_follows_the_registered_policy(
    room_page, librarian, moderator, who, can_read, can_post, can_moderate
):
    from django.contrib.auth.models import AnonymousUser

    user = {"anonymous": AnonymousUser(), "librarian": librarian, "moderator": moderator}[who]
    access = access_for(user, "page", str(room_page.pk))
    assert (access.can_read, access.can_post, access.can_moderate) == (
        can_read,
        can_post,
        can_moderate,
    )


def test_an_unpublished_target_closes_its_room(room_page, librarian):
    room_page.unpublish()
    assert not access_for(librarian, "page", str(room_page.pk)).can_read


def test_registering_again_replaces_the_policy():
    first, second = PagePolicy(), PagePolicy()
    register_room_kind("temporary", first)
    register_room_kind("temporary", second)
    assert policy_for("temporary") is second
    unregister_room_kind("temporary")
    assert "temporary" not in registered_kinds()
