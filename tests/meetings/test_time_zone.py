"""Pages show a meeting's time in the reader's zone: the one on their profile, else
Europe/Brussels (accounts.middleware.TimeZoneMiddleware)."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from cooperation.meetings import services as meetings
from tests.cooperation.conftest import add_member


def test_pages_show_times_in_the_readers_zone(
    client, working_group, group_owner, librarian, outsider
):
    add_member(working_group, librarian)
    add_member(working_group, outsider)
    outsider.time_zone = "Europe/London"
    outsider.save()
    start = datetime(2026, 10, 25, 14, 0, tzinfo=ZoneInfo("Europe/Brussels"))  # 13:00 UTC
    meeting = meetings.meeting_create(
        group=working_group,
        by=group_owner,
        title="Stuurgroep",
        starts_at=start,
        ends_at=start + timedelta(hours=2),
    )

    client.force_login(librarian)
    assert (
        "25 oktober 2026 14:00 – 16:00" in client.get(meeting.get_absolute_url()).content.decode()
    )
    client.force_login(outsider)
    assert (
        "25 oktober 2026 13:00 – 15:00" in client.get(meeting.get_absolute_url()).content.decode()
    )
    # The next request of the same server thread does not inherit the previous reader's zone.
    client.force_login(librarian)
    assert "14:00 – 16:00" in client.get(meeting.get_absolute_url()).content.decode()
