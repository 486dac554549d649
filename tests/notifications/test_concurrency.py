"""Two workers at once against a real PostgreSQL: each notification is mailed once."""

import pytest
from django.conf import settings

from cooperation import services as cooperation
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
