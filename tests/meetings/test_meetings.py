"""A secretary schedules meetings, keeps the minutes and the decision register, and adds
presentations and a recording; members read it all. Through the pages a person uses."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from cooperation.meetings import services
from cooperation.meetings.models import Meeting
from cooperation.models import Document
from notifications.models import Notification
from tests.meetings.conftest import upload


def test_secretary_schedules_a_meeting_and_members_are_told(
    client, committee, steering_secretary, member
):
    client.force_login(steering_secretary)
    response = client.post(
        reverse("meetings:create", args=[committee.slug]),
        {
            "title": "Stuurgroep april",
            "starts_at": "2030-04-10T14:00",
            "ends_at": "2030-04-10T16:00",
            "place": "Zaal 2",
            "agenda_source": "1. **Opening**\n2. Begroting",
        },
    )
    meeting = Meeting.objects.get(title="Stuurgroep april")
    assert response.status_code == 302 and response["Location"] == meeting.get_absolute_url()
    assert "<strong>Opening</strong>" in meeting.agenda_html
    assert set(meeting.participants.all()) == {steering_secretary, member}
    [notice] = Notification.objects.filter(recipient=member)
    assert notice.event.kind == "meeting" and notice.event.group == committee
    client.force_login(member)
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "Stuurgroep april" in page and "<strong>Opening</strong>" in page and "Zaal 2" in page


def test_bad_meeting_input_is_explained_in_dutch_and_kept(client, committee, steering_secretary):
    client.force_login(steering_secretary)
    response = client.post(
        reverse("meetings:create", args=[committee.slug]),
        {
            "title": "Stuurgroep mei",
            "starts_at": "2030-05-10T16:00",
            "ends_at": "2030-05-10T14:00",
            "online_url": "geen adres",
            "agenda_source": "Mijn zorgvuldig getypte agenda",
        },
    )
    body = response.content.decode()
    assert response.status_code == 200 and not Meeting.objects.exists()
    assert "De vergadering moet eindigen nadat ze begint." in body
    assert "Vul een volledig webadres in" in body
    assert "Mijn zorgvuldig getypte agenda" in body and 'value="Stuurgroep mei"' in body
    assert 'data-editor="markdown"' in body


def test_minutes_go_draft_proposed_approved_at_the_next_meeting(
    client, committee, make_meeting, steering_secretary, member
):
    earlier = make_meeting(committee, title="Januari", days=-30)
    meeting = make_meeting(committee, title="Februari", days=-7)
    following = make_meeting(committee, title="Maart", days=14)
    client.force_login(steering_secretary)
    slug = committee.slug
    minutes_url = lambda action: reverse("meetings:minutes", args=[slug, meeting.pk, action])  # noqa: E731

    client.post(minutes_url("voorstellen"))
    assert "Schrijf de notulen" in client.get(meeting.get_absolute_url()).content.decode()

    client.post(minutes_url("opslaan"), {"minutes_source": "Het *jaarplan* is besproken."})
    client.post(minutes_url("voorstellen"))
    meeting.refresh_from_db()
    assert meeting.minutes_status == "proposed"

    # Approval happens at a later meeting of the group: an earlier one is not offered.
    response = client.post(minutes_url("goedkeuren"), {"at_meeting": earlier.pk})
    assert response.status_code == 400
    meeting.refresh_from_db()
    assert meeting.minutes_status == "proposed"
    client.post(minutes_url("goedkeuren"), {"at_meeting": following.pk})
    meeting.refresh_from_db()
    assert meeting.minutes_status == "approved" and meeting.minutes_approved_in == following

    # Approved minutes are the record.
    client.post(minutes_url("opslaan"), {"minutes_source": "Iets anders"})
    meeting.refresh_from_db()
    assert meeting.minutes_source == "Het *jaarplan* is besproken."
    client.force_login(member)
    assert "Februari" in client.get(following.get_absolute_url()).content.decode()


def test_minutes_cannot_be_published_before_they_are_approved(
    client, committee, make_meeting, steering_secretary
):
    meeting = make_meeting(committee, days=-7)
    services.minutes_save(meeting=meeting, by=steering_secretary, minutes_source="Concept")
    with pytest.raises(ValidationError):
        services.meeting_publish(
            meeting=meeting, by=steering_secretary, presentations=False, minutes=True,
            recording=False,
        )  # fmt: skip
    client.force_login(steering_secretary)
    response = client.post(
        reverse("meetings:publish", args=[committee.slug, meeting.pk]), {"minutes": "on"}
    )
    assert response.status_code == 400
    assert "zodra ze zijn goedgekeurd" in response.content.decode()
    assert client.get(reverse("meetings:public_detail", args=[meeting.pk])).status_code == 404


def test_decision_register_shows_open_actions_across_the_series(
    client, committee, make_meeting, steering_secretary, member
):
    last_year = make_meeting(committee, title="Vorig jaar", days=-400)
    recent = make_meeting(committee, title="Recent", days=-10)
    services.decision_add(meeting=last_year, by=steering_secretary, text="Oud besluit")
    services.decision_add(meeting=recent, by=steering_secretary, text="Nieuw besluit")
    services.decision_add(meeting=recent, by=steering_secretary, text="Tweede besluit")
    yesterday = timezone.localdate() - timedelta(days=1)
    open_item = services.action_item_add(
        meeting=last_year, by=steering_secretary, text="Offerte opvragen", owner=member,
        due_date=yesterday,
    )  # fmt: skip
    done = services.action_item_add(meeting=recent, by=steering_secretary, text="Zaal boeken")
    assert [d.number for d in recent.decisions.all()] == [1, 2]

    # The owner of an action marks it done themselves; a member who is not its owner cannot.
    client.force_login(member)
    url = reverse("meetings:action_done", args=[committee.slug, recent.pk, done.pk])
    assert client.post(url, {"done": "1"}).status_code == 403
    services.action_item_complete(item=done, by=steering_secretary)
    register = client.get(reverse("meetings:register", args=[committee.slug]))
    open_part = register.content.decode().split('id="decisions-title"')[0]
    assert "Offerte opvragen" in open_part and "Zaal boeken" not in open_part
    assert "verlopen" in open_part  # overdue
    assert register.context["decisions"].count() == 3
    filtered = client.get(
        reverse("meetings:register", args=[committee.slug]), {"jaar": recent.starts_at.year}
    )
    assert [d.text for d in filtered.context["decisions"]] == ["Nieuw besluit", "Tweede besluit"]
    client.post(
        reverse("meetings:action_done", args=[committee.slug, last_year.pk, open_item.pk]),
        {"done": "1"},
    )
    open_item.refresh_from_db()
    assert open_item.done_at is not None and open_item.done_by == member


def test_presentation_upload_lands_in_the_library_meetings_folder(
    client, committee, make_meeting, steering_secretary, member
):
    from tests.cooperation.samples import pdf

    meeting = make_meeting(committee)
    client.force_login(steering_secretary)
    response = client.post(
        reverse("meetings:presentation_add", args=[committee.slug, meeting.pk]),
        {"file": upload("dia.pdf", pdf("Dia's"), "application/pdf"), "title": "Dia's"},
    )
    assert response.status_code == 302
    document = Document.objects.get(title="Dia's")
    assert document.folder.name == "Vergaderingen" and document.group == committee
    assert list(meeting.presentations.all()) == [document]
    # A document of the library can be added too, and a refused file is explained.
    response = client.post(
        reverse("meetings:presentation_add", args=[committee.slug, meeting.pk]),
        {"file": upload("virus.exe", b"MZ\x90\x00rest", "application/octet-stream"),
         "title": "Mijn titel"},
    )  # fmt: skip
    assert response.status_code == 400
    body = response.content.decode()
    assert "niet aanvaard" in body or "programma" in body
    assert 'value="Mijn titel"' in body


def test_recording_must_be_audio_or_video_and_captions_webvtt(
    client, committee, make_meeting, steering_secretary
):
    from tests.cooperation.samples import pdf
    from tests.meetings.conftest import VTT, wav

    meeting = make_meeting(committee)
    client.force_login(steering_secretary)
    url = reverse("meetings:recording_upload", args=[committee.slug, meeting.pk])
    response = client.post(url, {"recording": upload("opname.pdf", pdf(), "application/pdf"),
                                 "captions_language": "nl"})  # fmt: skip
    assert response.status_code == 400
    assert "geen audio- of videobestand" in response.content.decode()
    response = client.post(url, {"captions": upload("x.vtt", b"hallo", "text/vtt"),
                                 "captions_language": "nl"})  # fmt: skip
    assert response.status_code == 400
    response = client.post(
        url,
        {
            "recording": upload("opname.wav", wav(), "audio/wav"),
            "captions": upload("opname.vtt", VTT, "text/vtt"),
            "captions_language": "nl",
        },
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.recording and meeting.captions
    assert "/media/" not in meeting.recording.name
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert f'src="{reverse("meetings:recording", args=[meeting.pk])}"' in page
    assert '<track kind="captions"' in page and 'srclang="nl"' in page


def test_meeting_list_shows_upcoming_and_past(client, committee, make_meeting, member):
    make_meeting(committee, title="Straks", days=3)
    make_meeting(committee, title="Geweest", days=-3)
    client.force_login(member)
    response = client.get(reverse("meetings:list", args=[committee.slug]))
    assert [m.title for m in response.context["upcoming"]] == ["Straks"]
    assert [m.title for m in response.context["past"]] == ["Geweest"]
    group_page = client.get(committee.get_absolute_url()).content.decode()
    assert reverse("meetings:list", args=[committee.slug]) in group_page
    assert reverse("meetings:group_news", args=[committee.slug]) in group_page


def test_participants_and_attendance(client, full_meeting, steering_secretary, member, outsider):
    client.force_login(steering_secretary)
    url = reverse("meetings:participant_set", args=[full_meeting.group.slug, full_meeting.pk])
    client.post(url, {"user": member.pk, "attendance": "excused"})
    assert full_meeting.participations.get(user=member).attendance == "excused"
    # Someone outside the group is not offered, and not accepted.
    response = client.post(url, {"user": outsider.pk, "attendance": "present"})
    assert response.status_code == 400
    assert not full_meeting.participations.filter(user=outsider).exists()
