"""The attacks, for real: people outside a group fetch its meeting pages and files by URL; a
published meeting stops being served the moment it is unpublished; user text cannot script."""

import pytest
from django.urls import reverse

from cooperation.meetings import services
from cooperation.models import Group
from tests.meetings.conftest import add_member, publish_all

ANONYMOUS, OUTSIDER, MEMBER = "anonymous", "outsider", "member"


def _urls(meeting):
    document = meeting.presentations.get()
    slug = meeting.group.slug
    return {
        "page": reverse("meetings:detail", args=[slug, meeting.pk]),
        "ics": reverse("meetings:ics", args=[slug, meeting.pk]),
        "recording": reverse("meetings:recording", args=[meeting.pk]),
        "captions": reverse("meetings:captions", args=[meeting.pk]),
        "presentation": reverse(
            "meetings:presentation",
            args=[meeting.pk, document.pk, document.current_version.original_name],
        ),
        "public page": reverse("meetings:public_detail", args=[meeting.pk]),
        "register": reverse("meetings:register", args=[slug]),
        "list": reverse("meetings:list", args=[slug]),
    }


def _as(client, who, outsider, member):
    if who == OUTSIDER:
        client.force_login(outsider)
    elif who == MEMBER:
        client.force_login(member)


# (visibility, who) -> expected status of every group door of an UNPUBLISHED meeting
UNPUBLISHED = [
    (Group.Visibility.MEMBERS, ANONYMOUS, 302),  # asked to log in
    (Group.Visibility.MEMBERS, OUTSIDER, 403),  # the group is visible, its inside is not
    (Group.Visibility.SECRET, ANONYMOUS, 404),
    (Group.Visibility.SECRET, OUTSIDER, 404),  # a secret group does not exist for them
    (Group.Visibility.MEMBERS, MEMBER, 200),
    (Group.Visibility.SECRET, MEMBER, 200),
]


@pytest.mark.parametrize(("visibility", "who", "status"), UNPUBLISHED)
def test_unpublished_meeting_and_its_files_by_url(
    client, full_meeting, outsider, member, visibility, who, status
):
    Group.objects.filter(pk=full_meeting.group_id).update(visibility=visibility)
    urls = _urls(full_meeting)
    _as(client, who, outsider, member)
    for name in ("page", "ics", "recording", "captions", "presentation", "register", "list"):
        response = client.get(urls[name])
        assert response.status_code == status, name
        if status != 200:
            assert b"Sessie maart" not in response.content
            assert b"WEBVTT" not in response.content
            assert b"%PDF" not in b"".join(getattr(response, "streaming_content", [b""]))
    # Nothing is published: the public page is not there for anyone.
    assert client.get(urls["public page"]).status_code == 404


def test_a_meeting_of_another_group_is_not_found_through_my_group(
    client, full_meeting, make_group, member
):
    """Editing the group in the URL to one I am in does not open another group's meeting."""
    mine = make_group(Group.Visibility.MEMBERS, name="Mijn werkgroep")
    add_member(mine, member)
    client.force_login(member)
    Group.objects.filter(pk=full_meeting.group_id).update(visibility=Group.Visibility.SECRET)
    full_meeting.group.memberships.filter(user=member).delete()
    response = client.get(reverse("meetings:detail", args=[mine.slug, full_meeting.pk]))
    assert response.status_code == 404


@pytest.mark.parametrize("visibility", [Group.Visibility.MEMBERS, Group.Visibility.SECRET])
def test_published_material_is_for_everyone_until_unpublished(
    client, full_meeting, steering_secretary, visibility
):
    Group.objects.filter(pk=full_meeting.group_id).update(visibility=visibility)
    publish_all(full_meeting, steering_secretary)
    urls = _urls(full_meeting)
    for name in ("public page", "recording", "captions", "presentation"):
        assert client.get(urls[name]).status_code == 200, name
    listing = client.get(reverse("meetings:published")).content.decode()
    assert "Sessie maart" in listing
    # ...but the meeting's inside stays the group's.
    assert client.get(urls["page"]).status_code in (302, 404)

    services.meeting_unpublish(meeting=full_meeting, by=steering_secretary)
    for name in ("public page", "recording", "captions", "presentation"):
        assert client.get(urls[name]).status_code in (302, 404), name
    assert "Sessie maart" not in client.get(reverse("meetings:published")).content.decode()


def test_a_secret_groups_publication_does_not_reveal_the_group(
    client, full_meeting, steering_secretary, outsider
):
    group = full_meeting.group
    Group.objects.filter(pk=group.pk).update(
        visibility=Group.Visibility.SECRET, name="Stuurgroep Fluistertoren"
    )
    full_meeting.refresh_from_db()
    publish_all(full_meeting, steering_secretary)
    client.force_login(outsider)
    for url in (
        reverse("meetings:published"),
        reverse("meetings:public_detail", args=[full_meeting.pk]),
    ):
        body = client.get(url).content.decode()
        assert "Sessie maart" in body
        assert "Fluistertoren" not in body
        assert group.slug not in body
        # Not the agenda either: only what was published.
        assert "Begroting kwartaal" not in body
    # The group filter does not offer it, and asking for it by id narrows to nothing.
    body = client.get(reverse("meetings:published"), {"groep": group.pk}).content.decode()
    assert "Sessie maart" not in body


def test_a_member_of_the_secret_group_sees_its_name_on_the_public_page(
    client, full_meeting, steering_secretary, member
):
    Group.objects.filter(pk=full_meeting.group_id).update(visibility=Group.Visibility.SECRET)
    publish_all(full_meeting, steering_secretary)
    client.force_login(member)
    body = client.get(reverse("meetings:public_detail", args=[full_meeting.pk])).content.decode()
    assert full_meeting.group.name in body
    assert full_meeting.get_absolute_url() in body


def test_only_the_published_parts_are_served(client, full_meeting, steering_secretary):
    services.meeting_publish(
        meeting=full_meeting,
        by=steering_secretary,
        presentations=True,
        minutes=False,
        recording=False,
    )
    urls = _urls(full_meeting)
    assert client.get(urls["presentation"]).status_code == 200
    assert client.get(urls["recording"]).status_code == 302  # log in: not published
    assert client.get(urls["captions"]).status_code == 302
    body = client.get(urls["public page"]).content.decode()
    assert "Sheets jaarplan" in body and "Verslag." not in body and "<video" not in body


def test_a_trashed_presentation_is_no_longer_served(client, full_meeting, steering_secretary):
    from cooperation import services as group_services

    publish_all(full_meeting, steering_secretary)
    url = _urls(full_meeting)["presentation"]
    group_services.document_trash(document=full_meeting.presentations.get(), by=steering_secretary)
    assert client.get(url).status_code in (302, 404)


def test_files_are_served_with_safe_headers(client, full_meeting, steering_secretary):
    publish_all(full_meeting, steering_secretary)
    urls = _urls(full_meeting)
    captions = client.get(urls["captions"])
    assert captions["Content-Type"].startswith("text/vtt")
    assert captions["X-Content-Type-Options"] == "nosniff"
    assert "private" in captions["Cache-Control"]
    recording = client.get(urls["recording"])
    assert recording["Content-Type"].startswith("audio/")
    assert b"".join(recording.streaming_content).startswith(b"RIFF")


def test_members_cannot_manage_meetings(client, full_meeting, member):
    client.force_login(member)
    slug, pk = full_meeting.group.slug, full_meeting.pk
    for name in ("decision_add", "action_add", "publish", "delete"):
        response = client.post(reverse(f"meetings:{name}", args=[slug, pk]), {"text": "x"})
        assert response.status_code == 403, name
    response = client.post(reverse("meetings:publish", args=[slug, pk]), {"recording": "on"})
    assert not hasattr(full_meeting, "publication") or not full_meeting.publication.is_published
    assert client.get(reverse("meetings:create", args=[slug])).status_code == 403
    # Nor open the editing tabs, or the questions before deleting.
    assert client.get(reverse("meetings:edit", args=[slug, pk])).status_code == 403
    for section in ("deelnemers", "notulen", "materiaal", "publicatie"):
        response = client.get(reverse("meetings:manage", args=[slug, pk, section]))
        assert response.status_code == 403, section
    assert client.get(reverse("meetings:delete", args=[slug, pk])).status_code == 403


def test_script_in_an_agenda_or_news_is_not_run(
    client, committee, make_meeting, steering_secretary
):
    meeting = make_meeting(
        committee,
        agenda_source="<script>alert(1)</script> [klik](javascript:alert(1)) "
        "<img src=x onerror=alert(1)>",
    )
    client.force_login(steering_secretary)
    body = client.get(meeting.get_absolute_url()).content.decode()
    assert "<script>alert" not in body
    assert 'href="javascript:' not in body
    assert "<img src=x" not in body


def test_marking_an_action_done_does_not_redirect_elsewhere(
    client, full_meeting, steering_secretary
):
    item = services.action_item_add(meeting=full_meeting, by=steering_secretary, text="Bellen")
    client.force_login(steering_secretary)
    response = client.post(
        reverse("meetings:action_done", args=[full_meeting.group.slug, full_meeting.pk, item.pk]),
        {"done": "1", "next": "https://kwaadaardig.example/"},
    )
    assert response.status_code == 302
    assert response["Location"] == full_meeting.get_absolute_url()
