"""API clients for the people of the stories: a Django test client that sends a personal access
token, as another program would."""

import pytest
from django.test import Client

from api import services
from api.models import AccessToken


class ApiClient:
    """Sends `Authorization: Bearer <token>` (and a language) with every request."""

    def __init__(self, token: str | None = None, language: str | None = None):
        self.client = Client()
        self.headers = {}
        if token:
            self.headers["Authorization"] = f"Bearer {token}"
        if language:
            self.headers["Accept-Language"] = language

    def get(self, path, data=None, **headers):
        return self.client.get(path, data, headers={**self.headers, **headers})

    def post(self, path, payload=None, **headers):
        return self.client.post(
            path,
            payload or {},
            content_type="application/json",
            headers={**self.headers, **headers},
        )

    def delete(self, path, **headers):
        return self.client.delete(path, headers={**self.headers, **headers})


def token_for(user, scope=AccessToken.Scope.WRITE, **kwargs) -> str:
    return services.token_create(user=user, name="Test", scope=scope, **kwargs)[1]


@pytest.fixture
def api_as():
    """api_as(user) → an ApiClient with a fresh read-and-write token of that person."""

    def make(user, scope=AccessToken.Scope.WRITE, language=None):
        return ApiClient(token_for(user, scope) if user else None, language=language)

    return make


# The Leerplatform's and Coöperatieplatform's story fixtures, used here through the API.
from tests.cooperation.conftest import group_owner, make_group  # noqa: E402, F401
from tests.learning.conftest import committed, make_webinar, webinar_index  # noqa: E402, F401


@pytest.fixture(autouse=True)
def fresh_rate_limit():
    """Each test starts with nobody's requests counted (the limit counts in the cache)."""
    from django.core.cache import cache

    cache.clear()
