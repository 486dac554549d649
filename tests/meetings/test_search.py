"""Search never finds what a person may not see of meetings, and finds what groups published:
words of unpublished meetings of members-only and secret groups give zero results and zero
counts to outsiders and anonymous people; published material is found by anyone."""

import pytest
from django.urls import reverse

from cooperation.meetings import services
from cooperation.models import Group
from tests.cooperation.conftest import add_member, upload
from tests.cooperation.samples import pdf
from tests.factories import UserFactory
from tests.meetings.conftest import wav

ANON, OUTSIDER, MEMBER, STAFF = "anonymous", "outsider", "member", "staff"
EVERYONE = {ANON, OUTSIDER, MEMBER, STAFF}
TABLE = [
    ("openbaaragendawoord", EVERYONE),  # agenda of a public group's meeting
    ("ledenagendawoord", {MEMBER, STAFF}),  # members-only group, unpublished
    ("ledennotulenwoord", {MEMBER, STAFF}),  # its minutes
    ("fluisteragendawoord", {MEMBER, STAFF}),  # secret group the member is in
    ("zwijgagendawoord", {STAFF}),  # secret group the member is not in
    ("verborgennotulenwoord", {MEMBER, STAFF}),  # approved minutes, presentations published
    ("publiekediawoord", EVERYONE),  # a published presentation's text
    ("Uitzendsessie", EVERYONE),  # title of a secret group's published meeting
    ("ingetrokkenwoord", {MEMBER, STAFF}),  # published, then unpublished
    ("nieuwsbriefwoord", EVERYONE),  # published news of a secret group
    ("conceptnieuwswoord", set()),  # a news draft
]


@pytest.fixture
def world(make_group, make_meeting, steering_secretary, member, django_capture_on_commit_callbacks):
    by = steering_secretary
    with django_capture_on_commit_callbacks(execute=True):
        public = make_group(Group.Visibility.PUBLIC, name="Werkgroep Open", owner=by)
        members = make_group(Group.Visibility.MEMBERS, name="Stuurgroep Leden", owner=by)
        secret = make_group(Group.Visibility.SECRET, name="Stuurgroep Fluister", owner=by)
        other_secret = make_group(Group.Visibility.SECRET, name="Stuurgroep Zwijg", owner=by)
        for group in (members, secret):
            add_member(group, member)
        make_meeting(public, title="Open overleg", agenda_source="openbaaragendawoord")
        unpublished = make_meeting(members, title="Ledenoverleg", agenda_source="ledenagendawoord")
        services.minutes_save(meeting=unpublished, by=by, minutes_source="ledennotulenwoord")
        make_meeting(secret, title="Fluisteroverleg", agenda_source="fluisteragendawoord")
        make_meeting(other_secret, title="Zwijgoverleg", agenda_source="zwijgagendawoord")

        partly = make_meeting(members, title="Deels openbaar", days=-20)
        later = make_meeting(members, title="Later overleg", days=-5)
        services.minutes_save(meeting=partly, by=by, minutes_source="verborgennotulenwoord")
        services.minutes_propose(meeting=partly, by=by)
        services.minutes_approve(meeting=partly, at_meeting=later, by=by)
        services.presentation_upload(
            meeting=partly,
            by=by,
            uploaded=upload("dia.pdf", pdf("publiekediawoord"), "application/pdf"),
            title="Dia",
        )
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_publish(
            meeting=partly, by=by, presentations=True, minutes=False, recording=False
        )
        broadcast = make_meeting(secret, title="Uitzendsessie", days=-3)
        services.recording_set(meeting=broadcast, by=by, uploaded=upload("o.wav", wav()))
        services.meeting_publish(
            meeting=broadcast, by=by, presentations=False, minutes=False, recording=True
        )
        withdrawn = make_meeting(members, title="Ingetrokken", agenda_source="x", days=-2)
        following = make_meeting(members, title="Na", days=1)
        services.minutes_save(meeting=withdrawn, by=by, minutes_source="ingetrokkenwoord")
        services.minutes_propose(meeting=withdrawn, by=by)
        services.minutes_approve(meeting=withdrawn, at_meeting=following, by=by)
        services.meeting_publish(
            meeting=withdrawn, by=by, presentations=False, minutes=True, recording=False
        )
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_unpublish(meeting=withdrawn, by=by)
        news = services.news_save(
            by=by, group=secret, title="Bericht", body_source="nieuwsbriefwoord"
        )
        services.news_publish(item=news, by=by)
        services.news_save(by=by, group=members, title="Concept", body_source="conceptnieuwswoord")
    return {"secret": secret}


@pytest.fixture
def person(request, client, world, member, outsider):
    role = request.param
    users = {
        OUTSIDER: outsider,
        MEMBER: member,
        STAFF: UserFactory(email="staf@kennisplein.test", is_staff=True, is_superuser=True),
    }
    if role in users:
        client.force_login(users[role])
    return role


@pytest.mark.parametrize("person", [ANON, OUTSIDER, MEMBER, STAFF], indirect=True)
@pytest.mark.parametrize(("word", "seen_by"), TABLE)
def test_search_finds_only_what_the_person_may_see(client, person, word, seen_by):
    response = client.get(reverse("search:search"), {"q": word})
    assert response.status_code == 200
    found = response.context["page"].paginator.count
    facets = response.context["facets"]
    counted = sum(count for _, count, _, _ in facets["type"])
    in_groups = sum(count for _, count, _, _ in facets["group"])
    if person in seen_by:
        assert found >= 1 and counted == found
    else:
        assert found == 0 and counted == 0 and in_groups == 0
        assert facets["year"] == []


@pytest.mark.parametrize("person", [ANON, OUTSIDER], indirect=True)
def test_a_secret_groups_published_meeting_is_found_without_its_name(client, person, world):
    response = client.get(reverse("search:search"), {"q": "Uitzendsessie"})
    body = response.content.decode()
    assert "Uitzendsessie" in body
    assert "Fluister" not in body and world["secret"].slug not in body
    assert 'href="/presentaties/' in body
