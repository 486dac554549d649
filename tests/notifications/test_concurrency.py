"""Two workers at once against a real PostgreSQL: each notification is mailed once."""

import threading

import pytest
from django.conf import settings
from django.db import connection, transaction

from cooperation import services as cooperation
from cooperation.models import Document
from notifications import services
from notifications.models import Notification
from notifications.tasks import send_digests, send_immediate_emails
from tests.cooperation.conftest import add_member, upload
from tests.factories import UserFactory
from tests.learning.test_concurrency import _race

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not settings.IS_POSTGRES,
        reason="Needs PostgreSQL (row locks); SQLite serialises every write, so there is no race "
        "to prove. Run with DATABASE_URL=postgres://… (CI does).",
    ),
]


def _members_told_of_a_document(group, owner, frequency, count=6):
    people = UserFactory.create_batch(count)
    for person in people:
        add_member(group, person)
        services.set_email_frequency(person, "document", frequency)
    for title in ("Agenda", "Notulen"):
        cooperation.document_upload(
            group=group,
            uploaded=upload(f"{title}.txt", b"Tekst\n", "text/plain"),
            title=title,
            by=owner,
        )
    return people


def test_two_digest_workers_at_once_send_each_person_one_digest(
    working_group, group_owner, mailoutbox
):
    people = _members_told_of_a_document(working_group, group_owner, "daily")
    mailoutbox.clear()

    counts = []
    errors = _race(lambda _: counts.append(send_digests.call()), range(3))

    assert errors == []
    assert sum(counts) == len(people)
    assert sorted(m.to[0] for m in mailoutbox) == sorted(p.email for p in people)
    assert all("Agenda" in m.body and "Notulen" in m.body for m in mailoutbox)


def test_two_workers_on_the_same_event_mail_each_person_once(
    working_group, group_owner, mailoutbox
):
    people = _members_told_of_a_document(working_group, group_owner, "immediate")
    event = Notification.objects.filter(event__kind="document").latest("pk").event
    # The tasks ran on commit already; put the e-mails back in the queue to race for them.
    Notification.objects.filter(event=event).update(email=Notification.Email.PENDING)
    mailoutbox.clear()

    counts = []
    errors = _race(lambda _: counts.append(send_immediate_emails.call(event.pk)), range(3))

    assert errors == []
    assert sum(counts) == len(people)
    assert sorted(m.to[0] for m in mailoutbox) == sorted(p.email for p in people)


def test_a_digest_waits_for_a_row_held_elsewhere_rather_than_leave_it_for_a_second_digest(
    working_group, group_owner, mailoutbox
):
    """Another transaction holds one of each person's two notifications (a worker part-way through
    claiming them, or any write): the digest waits for it and sends one whole digest, where
    skipping the held row sent half now and the other half in a digest of its own later."""
    people = _members_told_of_a_document(working_group, group_owner, "daily")
    mailoutbox.clear()
    agenda = Document.objects.get(title="Agenda")
    held, release = threading.Event(), threading.Event()

    def hold_every_agenda_row():
        try:
            with transaction.atomic():
                rows = Notification.objects.filter(
                    email=Notification.Email.DIGEST, event__target_id=agenda.pk
                ).select_for_update(of=("self",))
                assert len(rows) == len(people)
                held.set()
                release.wait(timeout=10)
        finally:
            connection.close()

    holder = threading.Thread(target=hold_every_agenda_row)
    holder.start()
    assert held.wait(timeout=10)
    threading.Timer(1.0, release.set).start()
    sent = send_digests.call()
    holder.join()

    assert sent == len(people)
    assert sorted(m.to[0] for m in mailoutbox) == sorted(p.email for p in people)
    assert all("Agenda" in m.body and "Notulen" in m.body for m in mailoutbox)
    assert send_digests.call() == 0
