"""Discussions happen in the Coöperatieplatform's groups: its people and groups are ours too."""

import pytest

from cooperation.discussions import services as discussions
from cooperation.models import Group, Membership
from tests.cooperation.conftest import *  # noqa: F403
from tests.cooperation.conftest import add_member
from tests.factories import UserFactory


@pytest.fixture
def member(db):
    return UserFactory(email="lid@bibliotheek.test", display_name="Lies Lid")


@pytest.fixture
def moderator(db):
    return UserFactory(email="moderator@bibliotheek.test", display_name="Mo Moderator")


@pytest.fixture
def group(working_group, member, moderator):
    """A members-only working group: Wies owns it, Lies is a member, Mo moderates."""
    add_member(working_group, member)
    add_member(working_group, moderator, Membership.Role.MODERATOR)
    return working_group


@pytest.fixture
def public_group(make_group, member):
    group = make_group(Group.Visibility.PUBLIC, name="Werkgroep Open Boek")
    add_member(group, member)
    return group


@pytest.fixture
def make_thread(group, group_owner):
    def make(*, title="Voorleesweek", body="Wat gaan we doen?", author=None, in_group=None):
        return discussions.thread_create(
            group=in_group or group, author=author or group_owner, title=title, body=body
        )

    return make


@pytest.fixture
def thread(make_thread):
    return make_thread()
