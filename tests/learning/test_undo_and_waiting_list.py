"""A cancelled registration can be taken back for a while ("Inschrijving geannuleerd. Ongedaan
maken"), and whoever waits for a seat sees their place on the waiting list and hears when a seat
is theirs."""

import time

import pytest
from django.core import mail

from learning import services
from learning.models import Registration
from notifications.models import Notification
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _cancel(client, webinar):
    return client.post(f"/leren/webinar/{webinar.pk}/annuleren/", follow=True)


def _undo(client, webinar):
    return client.post(f"/leren/webinar/{webinar.pk}/annuleren/ongedaan-maken/", follow=True)


def test_a_cancelled_registration_is_taken_back_with_its_seat(client, librarian, webinar):
    services.registration_create(webinar=webinar, user=librarian)
    client.force_login(librarian)
    page = _cancel(client, webinar).content.decode()
    assert "Inschrijving geannuleerd." in page and "Ongedaan maken" in page
    assert Registration.objects.get(user=librarian).status == "cancelled"

    page = _undo(client, webinar).content.decode()
    assert "Je bent weer ingeschreven." in page
    assert Registration.objects.get(user=librarian).status == "registered"
    assert "Ongedaan maken" not in page  # once


def test_when_the_seat_went_to_the_waiting_list_the_undo_puts_you_first_in_line(
    client, librarian, webinar
):
    services.registration_create(webinar=webinar, user=librarian)
    services.registration_create(webinar=webinar, user=UserFactory())
    waiting = [UserFactory(), UserFactory()]
    for person in waiting:
        services.registration_create(webinar=webinar, user=person)
    client.force_login(librarian)
    _cancel(client, webinar)
    assert Registration.objects.get(user=waiting[0]).status == "registered"  # promoted

    page = _undo(client, webinar).content.decode()
    assert "Je staat weer op de wachtlijst, op plaats 1." in page
    assert "Je staat op plaats 1 van de wachtlijst." in page
    assert Registration.objects.get(user=librarian).status == "waiting"


def test_leaving_the_waiting_list_by_mistake_keeps_your_place_when_undone(client, webinar):
    people = UserFactory.create_batch(5)  # two seats, three waiting
    for person in people:
        services.registration_create(webinar=webinar, user=person)
    second_in_line = people[3]
    client.force_login(second_in_line)
    assert "Je staat op plaats 2 van de wachtlijst." in client.get(webinar.url).content.decode()

    page = _cancel(client, webinar).content.decode()
    assert "Je staat niet meer op de wachtlijst." in page
    page = _undo(client, webinar).content.decode()
    assert "Je staat weer op de wachtlijst, op plaats 2." in page


def test_the_undo_does_not_outlive_its_quarter_of_an_hour(client, librarian, webinar, monkeypatch):
    services.registration_create(webinar=webinar, user=librarian)
    client.force_login(librarian)
    _cancel(client, webinar)
    later = time.time() + 16 * 60
    monkeypatch.setattr("django.core.signing.time.time", lambda: later)
    assert "Ongedaan maken" not in client.get(webinar.url).content.decode()
    assert "kan niet meer ongedaan" in _undo(client, webinar).content.decode()
    assert Registration.objects.get(user=librarian).status == "cancelled"


def test_nobody_takes_back_someone_elses_cancellation(client, librarian, webinar):
    registration = services.registration_create(webinar=webinar, user=librarian)
    services.registration_cancel(registration=registration, by=librarian)
    client.force_login(UserFactory())
    assert "kan niet meer ongedaan" in _undo(client, webinar).content.decode()
    assert Registration.objects.get(user=librarian).status == "cancelled"


def test_my_learning_shows_the_place_on_the_waiting_list(client, webinar, make_webinar):
    other = make_webinar(title="Voorlezen met prenten", capacity=1)
    for person in UserFactory.create_batch(3):
        services.registration_create(webinar=webinar, user=person)
        services.registration_create(webinar=other, user=person)
    me = UserFactory()
    services.registration_create(webinar=webinar, user=me)  # 2 of 2 waiting
    services.registration_create(webinar=other, user=me)  # 3 of 3 waiting
    client.force_login(me)
    page = client.get("/leren/mijn/").content.decode()
    assert "Op plaats 2 van de wachtlijst" in page
    assert "Op plaats 3 van de wachtlijst" in page


def test_a_seat_from_the_waiting_list_rings_the_bell_beside_its_one_email(
    client, webinar, committed
):
    first, second, waiting = UserFactory.create_batch(3)
    for person in (first, second, waiting):
        services.registration_create(webinar=webinar, user=person)
    mail.outbox.clear()
    with committed():
        services.registration_cancel(registration=Registration.objects.get(user=first), by=first)

    assert [m.subject for m in mail.outbox if m.to == [waiting.email]] == [
        "[Kennisplein] Er is een plaats vrij voor jou: Het digitale hulploket"
    ]
    [notification] = Notification.objects.filter(recipient=waiting)
    assert notification.email == "none"  # the registration's e-mail, with its invite, says it
    client.force_login(waiting)
    assert (
        "Er is een plaats vrijgekomen: je bent ingeschreven voor Het digitale hulploket"
        in client.get("/meldingen/").content.decode()
    )
