"""Registering and cancelling through the API runs learning's services: seats, the waiting list
and the e-mails behave exactly as on the site."""

import pytest
from django.core import mail

from learning.models import Audience, Registration
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_the_api_respects_capacity_and_the_waiting_list(api_as, make_webinar, committed):
    webinar = make_webinar(title="Zoeken in de catalogus", capacity=2)
    people = [UserFactory(email=f"persoon-{n}@bibliotheek.test") for n in range(3)]
    clients = [api_as(person) for person in people]

    answers = []
    with committed():
        for api in clients:
            answers.append(api.post("/api/v1/registrations", {"webinar_id": webinar.pk}))
    assert [a.status_code for a in answers] == [201, 201, 201]
    assert [a.json()["status"] for a in answers] == ["registered", "registered", "waiting"]
    subjects = {m.to[0]: m.subject for m in mail.outbox}
    assert "Je bent ingeschreven" in subjects[people[0].email]
    assert "wachtlijst" in subjects[people[2].email]
    detail = clients[2].get(f"/api/v1/webinars/{webinar.pk}").json()
    assert detail["seats_left"] == 0
    assert detail["my_registration"]["status"] == "waiting"

    mail.outbox.clear()
    with committed():
        cancelled = clients[0].delete(f"/api/v1/registrations/{answers[0].json()['id']}")
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"
    assert Registration.objects.get(user=people[2]).status == "registered"  # promoted
    assert {m.to[0] for m in mail.outbox} == {people[0].email, people[2].email}
    again = clients[0].delete(f"/api/v1/registrations/{answers[0].json()['id']}")
    assert again.status_code == 409 and again.json()["code"] == "already_cancelled"


def test_a_refusal_is_a_409_with_the_sites_message(api_as, librarian, make_webinar):
    webinar = make_webinar(capacity=10)
    api = api_as(librarian)
    assert api.post("/api/v1/registrations", {"webinar_id": webinar.pk}).status_code == 201
    twice = api.post("/api/v1/registrations", {"webinar_id": webinar.pk})
    assert twice.status_code == 409
    assert twice.json() == {
        "code": "duplicate",
        "message": "Je bent al ingeschreven voor dit webinar.",
        "details": None,
    }
    english = api_as(librarian, language="en").post(
        "/api/v1/registrations", {"webinar_id": webinar.pk}
    )
    assert english.json()["message"] == "You are already registered for this webinar."


def test_a_webinar_one_may_not_see_cannot_be_registered_for(api_as, librarian, make_webinar):
    from cooperation.models import Group

    group = Group.objects.create(name="Stuurgroep", slug="stuurgroep", visibility="secret")
    webinar = make_webinar(audience=Audience.GROUP, audience_group=group)
    response = api_as(librarian).post("/api/v1/registrations", {"webinar_id": webinar.pk})
    assert response.status_code == 404 and response.json()["code"] == "not_found"
    assert not Registration.objects.exists()


def test_invalid_input_gets_a_422_that_says_what_is_wrong(api_as, librarian):
    response = api_as(librarian).post("/api/v1/registrations", {"webinar": "x"})
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid" and body["message"] == "Het verzoek is ongeldig."
    assert body["details"][0]["loc"][-1] == "webinar_id"
