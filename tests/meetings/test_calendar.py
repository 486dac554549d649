"""Calendar invites for meetings, and meetings in the Leerplatform's personal calendar feed."""

import icalendar
from django.urls import reverse

from cooperation import services as group_services
from learning import services as learning_services


def _events(body: bytes):
    return list(icalendar.Calendar.from_ical(body).walk("VEVENT"))


def test_meeting_ics_is_a_valid_invite_without_the_online_link(
    client, committee, make_meeting, member
):
    meeting = make_meeting(
        committee, place="Zaal 2", online_url="https://vergaderen.example/geheim-123"
    )
    client.force_login(member)
    response = client.get(reverse("meetings:ics", args=[committee.slug, meeting.pk]))
    assert response["Content-Type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.content)
    assert calendar["VERSION"] == "2.0" and calendar.walk("VTIMEZONE")
    [event] = _events(response.content)
    assert event["SUMMARY"] == f"{meeting.title} ({committee.name})"
    assert event["LOCATION"] == "Zaal 2"
    assert event.decoded("DTSTART") == meeting.starts_at
    assert b"geheim-123" not in response.content


def test_personal_feed_adds_the_meetings_of_my_groups_only(
    client, committee, make_group, make_meeting, member, steering_secretary
):
    make_meeting(committee, title="Mijn stuurgroep")
    other = make_group(name="Andere groep")
    make_meeting(other, title="Andermans vergadering", by=other.memberships.get().user)
    token = learning_services.calendar_feed_get(user=member).token
    url = reverse("learning:personal_feed", args=[token])
    summaries = [str(e["SUMMARY"]) for e in _events(client.get(url).content)]
    assert summaries == [f"Mijn stuurgroep ({committee.name})"]
    # After leaving the group, its meetings leave the feed.
    group_services.membership_leave(group=committee, user=member)
    assert _events(client.get(url).content) == []
