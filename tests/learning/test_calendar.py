from datetime import timedelta

import icalendar
import pytest
from django.core import mail

from learning import services
from learning.models import Audience, Registration

pytestmark = pytest.mark.django_db


def _events(body: bytes | str) -> list:
    calendar = icalendar.Calendar.from_ical(body)
    return list(calendar.walk("VEVENT"))


def test_webinar_ics_is_valid_rfc5545_with_a_vtimezone(client, make_webinar):
    webinar = make_webinar(audience=Audience.EVERYONE, title="Leesclubs")
    response = client.get(f"/leren/webinar/{webinar.pk}/agenda.ics")
    assert response["Content-Type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.content)
    assert calendar["VERSION"] == "2.0" and calendar["PRODID"]
    [zone] = calendar.walk("VTIMEZONE")
    assert zone["TZID"] == "Europe/Brussels"
    [event] = _events(response.content)
    assert event["UID"] == f"webinar-{webinar.pk}@kennisplein"
    assert event["SUMMARY"] == "Leesclubs"
    assert event["DTSTART"].dt == webinar.start.replace(microsecond=0)
    assert event["DTSTART"].params["TZID"] == "Europe/Brussels"
    assert b"\r\n" in response.content


def test_rescheduling_sends_an_update_with_the_same_uid_and_a_higher_sequence(
    make_webinar, librarian, outsider, committed
):
    webinar = make_webinar(capacity=1)
    services.registration_create(webinar=webinar, user=librarian)
    services.registration_create(webinar=webinar, user=outsider)  # waiting list
    mail.outbox.clear()
    webinar.start += timedelta(hours=2)
    webinar.end += timedelta(hours=2)
    with committed():
        webinar.save_revision().publish()
    [message] = mail.outbox
    assert message.to == [librarian.email] and "Nieuw tijdstip" in message.subject
    [(_, ics, mimetype)] = message.attachments
    assert "method=REQUEST" in mimetype
    [event] = _events(ics)
    assert event["UID"] == f"webinar-{webinar.pk}@kennisplein"
    assert event["SEQUENCE"] == 1
    assert event["DTSTART"].dt == webinar.start.replace(microsecond=0)


def test_cancelling_a_webinar_sends_method_cancel_to_every_registrant(
    make_webinar, librarian, committed
):
    webinar = make_webinar()
    services.registration_create(webinar=webinar, user=librarian)
    mail.outbox.clear()
    webinar.cancelled = True
    with committed():
        webinar.save_revision().publish()
    [message] = mail.outbox
    [(_, ics, mimetype)] = message.attachments
    calendar = icalendar.Calendar.from_ical(ics)
    assert calendar["METHOD"] == "CANCEL" and "method=CANCEL" in mimetype
    [event] = _events(ics)
    assert event["STATUS"] == "CANCELLED" and event["SEQUENCE"] == 1


def test_republishing_without_a_change_of_time_tells_nobody(make_webinar, librarian, committed):
    webinar = make_webinar()
    services.registration_create(webinar=webinar, user=librarian)
    mail.outbox.clear()
    webinar.summary = "Een betere samenvatting"
    with committed():
        webinar.save_revision().publish()
    assert mail.outbox == []


def test_public_feed_lists_only_webinars_open_to_everyone(client, make_webinar):
    public = make_webinar(audience=Audience.EVERYONE, title="Open voor iedereen")
    make_webinar(audience=Audience.MEMBERS, title="Alleen voor leden")
    [event] = _events(client.get("/leren/agenda.ics").content)
    assert event["SUMMARY"] == public.title


def test_personal_feed_lists_my_webinars_until_i_revoke_it(client, make_webinar, librarian):
    mine = make_webinar(title="Mijn webinar")
    make_webinar(title="Niet het mijne")
    services.registration_create(webinar=mine, user=librarian)
    token = services.calendar_feed_get(user=librarian).token
    assert [e["SUMMARY"] for e in _events(client.get(f"/leren/agenda/{token}.ics").content)] == [
        "Mijn webinar"
    ]
    client.force_login(librarian)
    client.post("/leren/agenda/vernieuwen/")
    assert client.get(f"/leren/agenda/{token}.ics").status_code == 404
    new_token = services.calendar_feed_get(user=librarian).token
    assert new_token != token
    assert client.get(f"/leren/agenda/{new_token}.ics").status_code == 200


def test_personal_feed_drops_a_cancelled_registration(client, make_webinar, librarian):
    webinar = make_webinar()
    registration = services.registration_create(webinar=webinar, user=librarian)
    services.registration_cancel(registration=registration, by=librarian)
    token = services.calendar_feed_get(user=librarian).token
    assert _events(client.get(f"/leren/agenda/{token}.ics").content) == []
    assert Registration.objects.get().status == "cancelled"
