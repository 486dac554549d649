"""Group activity on a group's front page and "activity in my groups" on the home page: only
what the viewer may see, in a handful of queries however many kinds and events there are."""

import pytest

from cooperation import services as cooperation
from cooperation.models import Group
from notifications.selectors import activity_for, as_lines, group_activity
from tests.cooperation.conftest import add_member


def _activity(html: str) -> str:
    start = html.find('<section class="activity"')
    return "" if start < 0 else html[start : html.index("</section>", start)]


@pytest.mark.parametrize("visibility", [Group.Visibility.MEMBERS, Group.Visibility.PUBLIC])
def test_a_groups_page_shows_its_recent_activity_to_whoever_may_see_it(
    client, home_page, make_group, group_owner, librarian, outsider, upload_document, visibility
):
    group = make_group(visibility, name="Werkgroep Jeugd")
    cooperation.invitation_accept(
        invitation=cooperation.invitation_send(group=group, email=librarian.email, by=group_owner),
        user=librarian,
    )
    upload_document(group, group_owner, "Jaarplan jeugd")

    client.force_login(librarian)
    seen = _activity(client.get(group.get_absolute_url()).content.decode())
    assert "Recente activiteit" in seen
    assert seen.index("Jaarplan jeugd") < seen.index("Bram Bibliothecaris is lid geworden")

    client.force_login(outsider)
    as_outsider = _activity(client.get(group.get_absolute_url()).content.decode())
    client.logout()
    as_anonymous = _activity(client.get(group.get_absolute_url()).content.decode())
    if visibility == Group.Visibility.PUBLIC:
        assert "Jaarplan jeugd" in as_outsider and "Jaarplan jeugd" in as_anonymous
    else:
        assert as_outsider == as_anonymous == ""  # not even an empty list


def test_the_home_page_shows_activity_in_my_groups_only(
    client, home_page, make_group, group_owner, librarian, upload_document
):
    mine = make_group(Group.Visibility.MEMBERS, name="Mijn werkgroep")
    add_member(mine, librarian)
    public = make_group(Group.Visibility.PUBLIC, name="Open werkgroep")  # readable, not mine
    secret = make_group(Group.Visibility.SECRET, name="Geheime stuurgroep")
    upload_document(mine, group_owner, "Verslag van mijn groep")
    upload_document(public, group_owner, "Open verslag")
    upload_document(secret, group_owner, "Geheim verslag")

    client.force_login(librarian)
    seen = _activity(client.get("/").content.decode())

    assert "Activiteit in mijn groepen" in seen
    assert "Verslag van mijn groep" in seen
    assert "Open verslag" not in seen and "Geheim verslag" not in seen

    cooperation.membership_leave(group=mine, user=librarian)
    assert _activity(client.get("/").content.decode()) == ""


def test_a_former_member_of_a_secret_group_no_longer_sees_its_activity_anywhere(
    client, home_page, make_group, group_owner, librarian, upload_document
):
    secret = make_group(Group.Visibility.SECRET, name="Geheime stuurgroep")
    add_member(secret, librarian)
    upload_document(secret, group_owner, "Geheim verslag")
    assert [line.text for line in as_lines(activity_for(librarian))]

    cooperation.membership_leave(group=secret, user=librarian)

    assert activity_for(librarian) == []
    assert group_activity(secret, librarian) == []
    client.force_login(librarian)
    assert client.get(secret.get_absolute_url()).status_code == 404


def test_activity_lines_cost_a_handful_of_queries_however_many_events_and_kinds(
    make_group, group_owner, librarian, outsider, upload_document, django_assert_max_num_queries
):
    groups = [make_group(Group.Visibility.MEMBERS, name=f"Werkgroep {n}") for n in range(5)]
    for number, group in enumerate(groups):
        add_member(group, librarian)
        for document in range(4):
            upload_document(group, group_owner, f"Stuk {number}.{document}")
        cooperation.membership_request(group=group, user=outsider)  # moderators only
    librarian.refresh_from_db()

    # The person's groups, one page of events, one query per type of target (documents,
    # memberships, requests) and one for the roles the permission checks need.
    with django_assert_max_num_queries(6):
        lines = as_lines(activity_for(librarian, limit=10))
    assert len(lines) == 10
    assert not any("vraagt om lid te worden" in line.text for line in lines)  # not a moderator

    with django_assert_max_num_queries(6):
        owner_lines = as_lines(group_activity(groups[0], group_owner, limit=10))
    assert owner_lines[0].text == f"Bo Buitenstaander vraagt om lid te worden van {groups[0]}"
