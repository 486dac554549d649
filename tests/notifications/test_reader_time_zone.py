"""Times in e-mails are the reader's local time, on both sides of a change to or from summer time:
Europe/Brussels unless the person chose another zone on their profile (issue 20: meeting times in
notifications and digests were UTC printed as local time, an hour off)."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from cooperation.meetings import services as meetings
from learning import services as learning
from notifications import services
from notifications.tasks import send_digests
from tests.cooperation.conftest import add_member

BRUSSELS = ZoneInfo("Europe/Brussels")


def _meeting(group, by, committed, *, local: datetime, title: str):
    start = local.replace(tzinfo=BRUSSELS)
    with committed():
        return meetings.meeting_create(
            group=group, by=by, title=title, starts_at=start, ends_at=start + timedelta(hours=2)
        )


@pytest.mark.parametrize(
    ("day", "utc_hour"),
    [
        ("2026-10-24", "12:00"),  # the last day of summer time (UTC+2)
        ("2026-10-25", "13:00"),  # summer time ended at 03:00 that night (UTC+1)
        ("2026-03-29", "12:00"),  # summer time began at 02:00 that night (UTC+2)
    ],
)
def test_a_meeting_mailed_at_once_shows_the_local_hour(
    working_group, group_owner, librarian, outbox, committed, day, utc_hour
):
    add_member(working_group, librarian)
    services.set_email_frequency(librarian, "meeting", "immediate")
    outbox.clear()
    _meeting(
        working_group,
        group_owner,
        committed,
        local=datetime.fromisoformat(f"{day} 14:00"),
        title="Stuurgroep",
    )

    [message] = [m for m in outbox if m.to == [librarian.email]]
    assert "14:00" in message.subject + message.body
    assert utc_hour not in message.subject + message.body


def test_the_digest_shows_each_meeting_at_its_local_hour_across_the_change(
    working_group, group_owner, librarian, outbox, committed
):
    add_member(working_group, librarian)
    _meeting(
        working_group,
        group_owner,
        committed,
        local=datetime(2026, 10, 24, 14, 0),
        title="Voor de omschakeling",
    )
    _meeting(
        working_group,
        group_owner,
        committed,
        local=datetime(2026, 10, 25, 15, 30),
        title="Na de omschakeling",
    )
    outbox.clear()

    assert send_digests.call() == 1

    [message] = outbox
    assert "24 oktober 2026 14:00" in message.body
    assert "25 oktober 2026 15:30" in message.body
    assert "12:00" not in message.body and "14:30" not in message.body


def test_a_person_who_chose_another_zone_reads_their_own_hour(
    working_group, group_owner, librarian, outbox, committed
):
    # London is an hour behind Brussels all year (both change on the same night).
    librarian.time_zone = "Europe/London"
    librarian.save()
    add_member(working_group, librarian)
    services.set_email_frequency(librarian, "meeting", "immediate")
    outbox.clear()
    _meeting(
        working_group,
        group_owner,
        committed,
        local=datetime(2026, 3, 29, 14, 0),
        title="Stuurgroep",
    )
    _meeting(
        working_group,
        group_owner,
        committed,
        local=datetime(2026, 3, 28, 14, 0),
        title="Stuurgroep",
    )

    bodies = [m.subject + m.body for m in outbox if m.to == [librarian.email]]
    assert len(bodies) == 2
    assert all("13:00" in body and "14:00" not in body for body in bodies)


def test_webinar_confirmation_and_time_change_speak_the_readers_zone(
    make_webinar, librarian, outsider, outbox, committed
):
    # A webinar on the day summer time begins in 2027, 10:00 in Brussels (08:00 UTC).
    start = datetime(2027, 3, 28, 10, 0, tzinfo=BRUSSELS)
    webinar = make_webinar(title="Lente", time_zone="Europe/Brussels", publish=False)
    webinar.start, webinar.end = start, start + timedelta(hours=1)
    webinar.save_revision().publish()
    outsider.time_zone = "Europe/London"
    outsider.save()
    with committed():
        learning.registration_create(webinar=webinar, user=librarian)
        learning.registration_create(webinar=webinar, user=outsider)
    confirmations = {m.to[0]: m.body for m in outbox}
    assert "10:00–11:00 (Europe/Brussels)" in confirmations[librarian.email]
    assert "09:00–10:00 (Europe/London)" in confirmations[outsider.email]
    outbox.clear()

    webinar.start += timedelta(days=1)  # 29 March, 10:00 in Brussels
    webinar.end += timedelta(days=1)
    with committed():
        webinar.save_revision().publish()

    changes = {m.to[0]: m.body for m in outbox}
    assert "maandag 29 maart 2027, 10:00–11:00 (Europe/Brussels)" in changes[librarian.email]
    assert "09:00–10:00 (Europe/London)" in changes[outsider.email]
