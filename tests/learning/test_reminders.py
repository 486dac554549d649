from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from learning import services
from learning.models import Registration

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("starts_in", "expected_subject"),
    [
        (timedelta(hours=23), "Morgen"),
        (timedelta(minutes=50), "Over een uur"),
        (timedelta(hours=30), None),
    ],
)
def test_reminder_is_sent_once_even_when_the_sender_runs_twice(
    make_webinar, librarian, committed, starts_in, expected_subject
):
    webinar = make_webinar(starts_in=starts_in)
    services.registration_create(webinar=webinar, user=librarian)
    mail.outbox.clear()
    for _ in range(2):
        with committed():
            call_command("send_reminders", stdout=None)
    subjects = [m.subject for m in mail.outbox]
    if expected_subject is None:
        assert subjects == []
    else:
        assert len(subjects) == 1 and expected_subject in subjects[0]


def test_day_and_hour_reminders_both_arrive_as_the_start_nears(make_webinar, librarian, committed):
    webinar = make_webinar(starts_in=timedelta(hours=23))
    services.registration_create(webinar=webinar, user=librarian)
    mail.outbox.clear()
    with committed():
        services.reminders_send()
        services.reminders_send(now=webinar.start - timedelta(minutes=55))
        services.reminders_send(now=webinar.start - timedelta(minutes=30))
    assert [m.subject.split(":")[0] for m in mail.outbox] == [
        "[Kennisplein] Morgen",
        "[Kennisplein] Over een uur",
    ]


def test_no_reminder_for_the_waiting_list_or_a_cancelled_registration(
    make_webinar, librarian, outsider, committed
):
    webinar = make_webinar(starts_in=timedelta(minutes=50), capacity=1)
    services.registration_create(webinar=webinar, user=librarian)
    services.registration_create(webinar=webinar, user=outsider)
    assert Registration.objects.get(user=outsider).status == "waiting"
    mail.outbox.clear()
    with committed():
        assert services.reminders_send() == 1
    assert [m.to for m in mail.outbox] == [[librarian.email]]


def test_reminders_do_not_contain_the_live_link(make_webinar, librarian, committed):
    webinar = make_webinar(starts_in=timedelta(minutes=50))
    with committed():
        services.registration_create(webinar=webinar, user=librarian)
        services.reminders_send(now=timezone.now())
    assert mail.outbox and all(webinar.live_url not in m.body for m in mail.outbox)
