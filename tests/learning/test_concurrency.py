"""Races against a real PostgreSQL: threads with their own connections, as parallel requests."""

import threading
from datetime import timedelta

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from learning import services
from learning.models import Registration
from tests.factories import UserFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not settings.IS_POSTGRES,
        reason="Needs PostgreSQL (row locks); SQLite serialises every write, so there is no race "
        "to prove. Run with DATABASE_URL=postgres://… (CI does).",
    ),
]


def _race(worker, arguments):
    barrier = threading.Barrier(len(arguments))
    errors = []

    def run(argument):
        try:
            barrier.wait()
            worker(argument)
        except Exception as error:  # collected: a thread's exception would otherwise vanish
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(argument,)) for argument in arguments]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


def test_concurrent_sign_ups_never_overbook_the_last_seats(make_webinar):
    webinar = make_webinar(capacity=3)
    people = UserFactory.create_batch(12)
    errors = _race(
        lambda person: services.registration_create(webinar=webinar, user=person), people
    )
    assert errors == []
    statuses = list(Registration.objects.filter(webinar=webinar).values_list("status", flat=True))
    assert statuses.count("registered") == 3
    assert statuses.count("waiting") == 9


def test_the_same_person_clicking_twice_at_once_gets_one_registration(make_webinar, librarian):
    webinar = make_webinar(capacity=5)
    errors = _race(
        lambda _: services.registration_create(webinar=webinar, user=librarian), range(4)
    )
    assert Registration.objects.filter(user=librarian).count() == 1
    assert len(errors) == 3
    assert all(isinstance(error, services.RegistrationError) for error in errors)


def test_two_reminder_workers_at_once_send_each_reminder_once(make_webinar, mailoutbox):
    webinar = make_webinar(starts_in=timedelta(minutes=50))
    for person in UserFactory.create_batch(5):
        services.registration_create(webinar=webinar, user=person)
    mailoutbox.clear()
    now = timezone.now()
    counts = []
    errors = _race(lambda _: counts.append(services.reminders_send(now=now)), range(4))
    assert errors == []
    assert sum(counts) == 5
    assert sorted(m.to[0] for m in mailoutbox if "Over een uur" in m.subject) == sorted(
        Registration.objects.values_list("user__email", flat=True)
    )
