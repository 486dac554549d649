import pytest
from django.conf import settings
from django.test import Client

from portal.models import StandardPage
from tests.factories import UserFactory
from tests.live import policies


@pytest.fixture(autouse=True)
def _room_kinds():
    policies.register()
    policies.page_policy.windows.clear()
    policies.club_policy.members.clear()
    yield policies
    policies.page_policy.windows.clear()
    policies.club_policy.members.clear()


@pytest.fixture
def room_page(home_page):
    """A live page whose room is kind "page"."""
    page = home_page.add_child(
        instance=StandardPage(title="Webinar over voorlezen", slug="voorlezen")
    )
    page.save_revision().publish()
    return page


@pytest.fixture
def moderator(db):
    return UserFactory(
        email="moderator@kennisplein.test", display_name="Mo Moderator", is_staff=True
    )


@pytest.fixture
def colleague(db):
    return UserFactory(email="collega@bibliotheek.test", display_name="Cas Collega")


def session_cookie(client, user) -> bytes:
    client.force_login(user)
    value = client.cookies[settings.SESSION_COOKIE_NAME].value
    return f"{settings.SESSION_COOKIE_NAME}={value}".encode()


class Cookies(dict):
    """Session cookies by user pk, made synchronously (outside the scenario's event loop)."""

    def __missing__(self, pk):
        from accounts.models import User

        value = self[pk] = session_cookie(Client(), User.objects.get(pk=pk))
        return value


@pytest.fixture
def cookies(librarian, colleague, moderator, outsider):
    jar = Cookies()
    for user in (librarian, colleague, moderator, outsider):
        jar[user.pk]  # noqa: B018
    return jar
