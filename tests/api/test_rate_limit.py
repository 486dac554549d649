"""A person may make API_RATE_LIMIT requests; beyond it the API answers 429 with Retry-After, in
the client's language, for all their keys together, and other people are not slowed down."""

import pytest

from tests.api.conftest import ApiClient, token_for
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_beyond_the_limit_a_person_waits_with_every_key_but_others_do_not(librarian, settings):
    settings.API_RATE_LIMIT = "3/m"
    first_key = ApiClient(token_for(librarian), language="nl")
    second_key = ApiClient(token_for(librarian), language="en")
    colleague = ApiClient(token_for(UserFactory()))

    assert [first_key.get("/api/v1/webinars").status_code for _ in range(3)] == [200] * 3
    refused = first_key.get("/api/v1/webinars")
    assert refused.status_code == 429
    assert refused.json() == {
        "code": "too_many_requests",
        "message": "Te veel verzoeken. Wacht even en probeer het opnieuw.",
        "details": None,
    }
    assert 0 < int(refused["Retry-After"]) <= 60
    # A second key of the same person buys nothing; the answer is in that client's language.
    also_refused = second_key.get("/api/v1/webinars")
    assert also_refused.status_code == 429
    assert also_refused.json()["message"] == "Too many requests. Wait a moment and try again."
    assert colleague.get("/api/v1/webinars").status_code == 200


def test_requests_without_a_valid_key_are_refused_before_they_count(librarian, settings):
    settings.API_RATE_LIMIT = "2/m"
    for _ in range(5):
        assert ApiClient("kp_000000000000_" + "x" * 43).get("/api/v1/webinars").status_code == 401
    assert ApiClient(token_for(librarian)).get("/api/v1/webinars").status_code == 200
