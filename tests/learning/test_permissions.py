"""Who sees which webinar and recording: roles × audience → what the person gets."""

from datetime import timedelta

import pytest

from cooperation.models import Group
from learning import permissions
from learning.models import Audience

pytestmark = pytest.mark.django_db

# (audience, anonymous, librarian, group member, editor) -> sees the page
VIEW_TABLE = [
    (Audience.EVERYONE, True, True, True, True),
    (Audience.MEMBERS, False, True, True, True),
    (Audience.GROUP, False, False, True, True),
]


@pytest.fixture
def people(client, librarian, group_member, editor):
    return {"anonymous": None, "librarian": librarian, "group": group_member, "editor": editor}


def _webinar_for(make_webinar, audience, **fields):
    group = Group.objects.get(name="Werkgroep jeugd")
    return make_webinar(
        audience=audience, audience_group=group if audience == Audience.GROUP else None, **fields
    )


@pytest.mark.parametrize(
    ("audience", "for_anonymous", "for_librarian", "for_group", "for_editor"), VIEW_TABLE
)
def test_who_sees_a_webinar_page_list_and_calendar(
    client, make_webinar, people, audience, for_anonymous, for_librarian, for_group, for_editor
):
    webinar = _webinar_for(make_webinar, audience, title="Het geheime webinar")
    for role, expected in {
        "anonymous": for_anonymous,
        "librarian": for_librarian,
        "group": for_group,
        "editor": for_editor,
    }.items():
        client.logout()
        if people[role]:
            client.force_login(people[role])
        page = client.get(webinar.url)
        listing = client.get("/leerplatform/").content.decode()
        ics = client.get(f"/leren/webinar/{webinar.pk}/agenda.ics")
        if expected:
            assert page.status_code == 200, role
            assert ics.status_code == 200, role
        else:
            assert page.status_code in (302, 404), role
            assert ics.status_code == 404, role
        assert ("Het geheime webinar" in listing) is expected, role
        assert (
            permissions.visible_to(people[role] or _anonymous()).filter(pk=webinar.pk).exists()
            is expected
        )


def _anonymous():
    from django.contrib.auth.models import AnonymousUser

    return AnonymousUser()


@pytest.mark.parametrize(
    ("audience", "for_anonymous", "for_librarian", "for_group", "for_editor"), VIEW_TABLE
)
def test_who_may_watch_a_recording(
    client,
    make_webinar,
    people,
    audience,
    for_anonymous,
    for_librarian,
    for_group,
    for_editor,
    settings,
):
    from django.core.files.base import ContentFile

    from learning.demo import CAPTIONS, _tone_wav

    webinar = make_webinar(
        starts_in=-timedelta(days=3),
        audience=Audience.EVERYONE,
        recording_audience=audience,
        recording_group=Group.objects.get(name="Werkgroep jeugd"),
        publish=False,
    )
    webinar.recording.save("opname.wav", ContentFile(_tone_wav(0.2)), save=False)
    webinar.captions.save("opname.vtt", ContentFile(CAPTIONS.encode()), save=False)
    webinar.save_revision().publish()
    for role, expected in {
        "anonymous": for_anonymous,
        "librarian": for_librarian,
        "group": for_group,
        "editor": for_editor,
    }.items():
        client.logout()
        if people[role]:
            client.force_login(people[role])
        page = client.get(webinar.url).content.decode()
        video = client.get(f"/leren/webinar/{webinar.pk}/opname/")
        captions = client.get(f"/leren/webinar/{webinar.pk}/ondertitels.vtt")
        assert ("De opname bekijken" in page) is expected, role
        assert (video.status_code == 200) is expected, role
        assert (captions.status_code == 200) is expected, role
        if expected:
            assert '<track kind="captions"' in page
            assert b"WEBVTT" in b"".join(captions.streaming_content)
