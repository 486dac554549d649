"""The live link is only ever shown to registered people, from 15 minutes before the start."""

from datetime import timedelta

import pytest
from django.core import mail

from learning import services
from tests.learning.conftest import LIVE_URL

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("starts_in", "registered", "sees_join_now"),
    [
        (timedelta(minutes=10), True, True),
        (timedelta(minutes=-30), True, True),  # running
        (timedelta(minutes=20), True, False),  # too early
        (timedelta(minutes=10), False, False),  # not registered
    ],
)
def test_join_now_from_15_minutes_before_for_registered_people_only(
    client, make_webinar, librarian, starts_in, registered, sees_join_now
):
    webinar = make_webinar(starts_in=starts_in)
    if registered:
        services.registration_create(
            webinar=webinar, user=librarian, now=webinar.start - timedelta(hours=1)
        )
    client.force_login(librarian)
    page = client.get(webinar.url).content.decode()
    assert ("Nu deelnemen" in page) is sees_join_now
    # My learning offers the same door, and marks the running one.
    mine = client.get("/leren/mijn/").content.decode()
    assert (f"/leren/webinar/{webinar.pk}/deelnemen/" in mine) is sees_join_now
    assert ("Nu live" in mine) is (registered and starts_in < timedelta(0))
    join = client.get(f"/leren/webinar/{webinar.pk}/deelnemen/")
    if sees_join_now:
        assert join.status_code == 302 and join["Location"] == LIVE_URL
    else:
        assert join.status_code == 302 and join["Location"] == webinar.url


def test_joining_marks_attendance(client, make_webinar, librarian):
    webinar = make_webinar(starts_in=timedelta(minutes=5))
    registration = services.registration_create(
        webinar=webinar, user=librarian, now=webinar.start - timedelta(hours=1)
    )
    client.force_login(librarian)
    client.get(f"/leren/webinar/{webinar.pk}/deelnemen/")
    registration.refresh_from_db()
    assert registration.attended


def test_live_link_never_reaches_anyone_in_html_feeds_or_e_mails(
    client, make_webinar, librarian, outsider, editor, committed
):
    """Every door a person could look through, during the session, for registered, waiting and
    unregistered people: the secret address appears nowhere, the join door only redirects."""
    webinar = make_webinar(starts_in=timedelta(minutes=5), capacity=1, audience="everyone")
    with committed():
        services.registration_create(
            webinar=webinar, user=librarian, now=webinar.start - timedelta(hours=1)
        )
        services.registration_create(
            webinar=webinar, user=outsider, now=webinar.start - timedelta(hours=1)
        )
        services.reminders_send()
    for person in (None, outsider, librarian, editor):
        client.logout()
        if person:
            client.force_login(person)
        for url in [
            "/",
            "/leerplatform/",
            webinar.url,
            f"/leren/webinar/{webinar.pk}/agenda.ics",
            "/leren/agenda.ics",
        ]:
            assert LIVE_URL not in client.get(url).content.decode(), (person, url)
    for person in (librarian, outsider):
        token = services.calendar_feed_get(user=person).token
        assert LIVE_URL not in client.get(f"/leren/agenda/{token}.ics").content.decode()
    assert len(mail.outbox) >= 3
    for message in mail.outbox:
        assert LIVE_URL not in message.body
        assert all(LIVE_URL not in str(content) for _, content, _ in message.attachments)
