from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from learning import services
from learning.models import Audience, Registration
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _register(client, user, webinar, language="nl"):
    user.preferred_language = language
    user.save()
    client.force_login(user)
    return client.post(f"/leren/webinar/{webinar.pk}/inschrijven/", follow=True)


def test_registering_gives_a_seat_and_a_confirmation_with_an_invite(
    client, librarian, webinar, committed
):
    with committed():
        response = _register(client, librarian, webinar)
    assert "Je bent ingeschreven" in response.content.decode()
    assert Registration.objects.get(user=librarian).status == "registered"
    [message] = mail.outbox
    assert message.to == [librarian.email]
    assert "Je bent ingeschreven" in message.subject
    [(filename, ics, mimetype)] = message.attachments
    assert filename == "webinar.ics" and "method=REQUEST" in mimetype
    assert "BEGIN:VTIMEZONE" in ics and "TZID:Europe/Brussels" in ics


def test_confirmation_is_in_the_language_of_the_person(client, librarian, webinar, committed):
    with committed():
        _register(client, librarian, webinar, language="en")
    assert mail.outbox[0].subject.startswith("[Kennisplein] You are registered")


REFUSALS = [
    # (what is wrong, webinar fields, dutch message, english message)
    (
        "after the window",
        {"registration_closes_in": timedelta(hours=-1)},
        "Inschrijven voor dit webinar is gesloten.",
        "Registration for this webinar is closed.",
    ),
    (
        "before the window",
        {"registration_opens_in": timedelta(days=1)},
        "Inschrijven voor dit webinar is nog niet geopend.",
        "Registration for this webinar has not opened yet.",
    ),
    (
        "cancelled webinar",
        {"cancelled": True},
        "Dit webinar is geannuleerd.",
        "This webinar has been cancelled.",
    ),
    (
        "no access (group only)",
        {"audience": Audience.GROUP},
        "Dit webinar staat niet voor jou open.",
        "This webinar is not open to you.",
    ),
]


@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize(
    ("case", "fields", "dutch", "english"), REFUSALS, ids=[r[0] for r in REFUSALS]
)
def test_refused_registration_says_why_in_the_users_language_and_changes_nothing(
    client, librarian, make_webinar, case, fields, dutch, english, language
):
    fields = dict(fields)
    now = timezone.now()
    if "registration_closes_in" in fields:
        fields["registration_closes"] = now + fields.pop("registration_closes_in")
    if "registration_opens_in" in fields:
        fields["registration_opens"] = now + fields.pop("registration_opens_in")
    if fields.get("audience") == Audience.GROUP:
        from cooperation.models import Group

        fields["audience_group"] = Group.objects.create(name="Stuurgroep", slug="stuurgroep")
    webinar = make_webinar(**fields)
    response = _register(client, librarian, webinar, language=language)
    assert (dutch if language == "nl" else english) in response.content.decode()
    assert not Registration.objects.exists()
    assert not mail.outbox


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("nl", "Je bent al ingeschreven voor dit webinar."),
        ("en", "You are already registered for this webinar."),
    ],
)
def test_registering_twice_is_refused_once_with_a_message(
    client, librarian, webinar, language, message
):
    _register(client, librarian, webinar, language=language)
    response = _register(client, librarian, webinar, language=language)
    assert message in response.content.decode()
    assert Registration.objects.filter(user=librarian).count() == 1


def test_full_webinar_puts_people_on_the_waiting_list_and_a_cancellation_promotes_the_first(
    webinar, committed
):
    first, second, third, fourth = UserFactory.create_batch(4)
    with committed():
        for person in (first, second, third, fourth):
            services.registration_create(webinar=webinar, user=person)
    statuses = dict(Registration.objects.values_list("user_id", "status"))
    assert [statuses[p.pk] for p in (first, second, third, fourth)] == [
        "registered",
        "registered",
        "waiting",
        "waiting",
    ]
    mail.outbox.clear()
    with committed():
        services.registration_cancel(registration=Registration.objects.get(user=first), by=first)
    statuses = dict(Registration.objects.values_list("user_id", "status"))
    assert statuses[third.pk] == "registered" and statuses[fourth.pk] == "waiting"
    promoted = [m for m in mail.outbox if m.to == [third.email]]
    assert promoted and "plaats vrij" in promoted[0].subject


def test_full_webinar_page_offers_the_waiting_list(client, librarian, webinar):
    for person in UserFactory.create_batch(2):
        services.registration_create(webinar=webinar, user=person)
    client.force_login(librarian)
    page = client.get(webinar.url).content.decode()
    assert "Op de wachtlijst" in page or "wachtlijst" in page
    assert "0 plaatsen over" in page


def test_cancelling_frees_the_seat_at_once_and_the_person_can_register_again(
    client, librarian, webinar
):
    _register(client, librarian, webinar)
    response = client.post(f"/leren/webinar/{webinar.pk}/annuleren/", follow=True)
    assert "Inschrijving geannuleerd." in response.content.decode()
    assert "2 plaatsen over" in response.content.decode()
    response = client.post(f"/leren/webinar/{webinar.pk}/inschrijven/", follow=True)
    assert Registration.objects.get(user=librarian).status == "registered"
    assert "1 plaats over" in response.content.decode()


def test_anonymous_visitor_is_asked_to_log_in(client, make_webinar):
    webinar = make_webinar(audience=Audience.EVERYONE)
    page = client.get(webinar.url).content.decode()
    assert "Log in om je in te schrijven" in page
    response = client.post(f"/leren/webinar/{webinar.pk}/inschrijven/")
    assert response.status_code == 302 and "/account/login/" in response["Location"]
    assert not Registration.objects.exists()
