"""Schemathesis against the API's own OpenAPI schema, in process (Django's WSGI application): for
every operation, generated requests (valid and invalid, with random ids and with real ids of the
security world) must never get a server error, and every answer must match the schema (status
documented, content type documented, body of the documented shape). Bounded and derandomized,
so CI runs the same few hundred requests every time."""

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.test import override_settings
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode, checks

from learning.models import Registration, Series, WebinarPage
from tests.api.conftest import token_for
from tests.security.world import MEMBERS, PUBLIC, build_world

EXAMPLES_PER_OPERATION = 20
CHECKS = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_schema_conformance,
]


@pytest.fixture
def one_database_connection():
    """Django closes its database connection after each request it serves (request_finished);
    the test's transaction lives on that connection, so, as Django's test client does, the WSGI
    application keeps it while schemathesis calls it."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


def _operation_test(operation, strategies, headers: dict, answered_200: set):
    @given(case=st.one_of(strategies))
    @settings(
        max_examples=EXAMPLES_PER_OPERATION,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def conforms(case):
        response = case.call(headers=headers)
        if response.status_code == 200:
            answered_200.add(operation.label)
        case.validate_response(response, checks=CHECKS)

    return conforms


@pytest.mark.django_db
# Hundreds of generated requests by one person: the rate limit is tested in test_rate_limit.py.
@override_settings(API_RATE_LIMIT="100000/m")
def test_every_operation_answers_as_its_schema_says(home_page, one_database_connection):
    world = build_world(home_page)
    staff = world.people["staff"]  # a platform editor sees everything: every operation answers
    series = Series.objects.create(title="Reeks", slug="reeks")
    WebinarPage.objects.filter(pk__in=[w.pk for w in world.webinars.values()]).update(series=series)
    registration = Registration.objects.create(
        webinar=world.webinars[PUBLIC], user=staff, status=Registration.Status.REGISTERED
    )
    # Path parameters that name real things, so that full answers are checked too.
    known = {
        "webinar_id": world.webinars[MEMBERS].pk,
        "registration_id": registration.pk,
        "slug": world.groups[MEMBERS].slug,
        "document_id": world.documents[MEMBERS].pk,
        "meeting_id": world.meetings[PUBLIC].pk,
        "series_id": series.pk,
    }
    headers = {"Authorization": f"Bearer {token_for(staff)}"}
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", WSGIHandler())
    operations = [result.ok() for result in schema.get_all_operations()]
    failures, answered_200 = [], set()
    for operation in operations:
        strategies = [
            operation.as_strategy(GenerationMode.POSITIVE),
            operation.as_strategy(GenerationMode.NEGATIVE),
        ]
        names = {parameter.name for parameter in operation.path_parameters}
        if names:
            real = {name: known[name] for name in names}
            strategies.append(operation.as_strategy(path_parameters=real))
        try:
            _operation_test(operation, strategies, headers, answered_200)()
        except Exception as error:  # every operation is tried; all failures are reported
            failures.append(f"{operation.label}: {error}")
    assert len(operations) >= 18
    assert failures == [], "\n\n".join(failures)
    reads = {operation.label for operation in operations if operation.method == "get"}
    assert reads - answered_200 == set(), "reading operations that never answered in full"
