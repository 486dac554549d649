"""The kinds that come from the existing apps: documents, requests to join, new members (the
Coöperatieplatform) and changed webinars (the Leerplatform)."""

from datetime import timedelta

import icalendar
from django.urls import reverse

from cooperation import services as cooperation
from cooperation.models import Group, Membership
from learning import services as learning
from notifications.models import Event, Notification
from tests.cooperation.conftest import add_member, upload
from tests.factories import UserFactory


def _told(event) -> set[str]:
    return set(Notification.objects.filter(event=event).values_list("recipient__email", flat=True))


def test_a_new_document_and_a_new_version_tell_the_other_members(
    working_group, group_owner, librarian, outsider, upload_document
):
    add_member(working_group, librarian)
    document = upload_document(working_group, group_owner)
    cooperation.document_version_add(
        document=document, uploaded=upload("v2.txt", b"Versie twee\n", "text/plain"), by=librarian
    )

    first, second = Event.objects.filter(kind="document").order_by("pk")
    assert _told(first) == {librarian.email}  # not the uploader, not a non-member
    assert _told(second) == {group_owner.email}
    assert Notification.objects.get(event=second).email == "digest"  # daily by default
    from notifications.selectors import as_lines, notifications_for

    [line] = as_lines([n.event for n in notifications_for(group_owner)])
    assert line.text == (
        "Bram Bibliothecaris heeft versie 2 van “Agenda september” toegevoegd in "
        "Werkgroep Leesbevordering"
    )


def test_a_request_to_join_reaches_the_moderators_only_with_its_message(
    client,
    home_page,
    make_group,
    group_owner,
    librarian,
    outsider,
    outbox,
    django_capture_on_commit_callbacks,
):
    group = make_group(Group.Visibility.MEMBERS)
    moderator = UserFactory(preferred_language="en")
    add_member(group, moderator, Membership.Role.MODERATOR)
    add_member(group, outsider)  # a plain member: not theirs to answer
    client.force_login(librarian)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("cooperation:join", kwargs={"slug": group.slug}),
            {"message": "Ik werk aan leesbevordering."},
        )

    event = Event.objects.get(kind="join_request")
    assert _told(event) == {group_owner.email, moderator.email}
    by_address = {message.to[0]: message for message in outbox}
    assert set(by_address) == {group_owner.email, moderator.email}
    dutch, english = by_address[group_owner.email], by_address[moderator.email]
    assert dutch.subject == (
        f"[Kennisplein] Bram Bibliothecaris vraagt om lid te worden van {group.name}"
    )
    assert english.subject == f"[Kennisplein] Bram Bibliothecaris asks to join {group.name}"
    for message in (dutch, english):
        assert "Ik werk aan leesbevordering." in message.body
        assert f"/cooperatie/{group.slug}/leden/" in message.body
    assert "Keur de aanvraag goed of wijs ze af" in dutch.body


def test_asking_twice_tells_the_moderators_once(make_group, group_owner, librarian):
    group = make_group(Group.Visibility.MEMBERS)
    cooperation.membership_request(group=group, user=librarian)
    cooperation.membership_request(group=group, user=librarian)
    assert Notification.objects.filter(recipient=group_owner).count() == 1


def test_joining_approving_and_accepting_an_invitation_make_activity_but_tell_nobody(
    make_group, group_owner, librarian, outsider
):
    from notifications.selectors import as_lines, group_activity

    open_group = make_group(Group.Visibility.PUBLIC, name="Open groep")
    cooperation.group_join(group=open_group, user=librarian)
    asking = make_group(Group.Visibility.MEMBERS, name="Besloten groep")
    request = cooperation.membership_request(group=asking, user=outsider)
    cooperation.membership_approve(join_request=request, by=group_owner)
    invited = make_group(Group.Visibility.SECRET, name="Geheime groep")
    invitation = cooperation.invitation_send(group=invited, email=librarian.email, by=group_owner)
    cooperation.invitation_accept(invitation=invitation, user=librarian)

    joined = Event.objects.filter(kind="member_joined")
    assert {(e.group.name, e.actor) for e in joined} == {
        ("Open groep", librarian),
        ("Besloten groep", outsider),
        ("Geheime groep", librarian),
    }
    assert not Notification.objects.filter(event__in=joined).exists()
    [line] = as_lines(group_activity(asking, group_owner, limit=10))[:1]
    assert line.text == "Bo Buitenstaander is lid geworden van Besloten groep"


def test_a_new_time_reaches_registered_people_in_their_language_with_a_calendar_update(
    make_webinar, librarian, outsider, committed, outbox
):
    english = UserFactory(preferred_language="en")
    webinar = make_webinar(title="Leesclubs online", capacity=2)
    learning.registration_create(webinar=webinar, user=librarian)
    learning.registration_create(webinar=webinar, user=english)
    learning.registration_create(webinar=webinar, user=outsider)  # waiting list: no invite
    outbox.clear()
    webinar.start += timedelta(hours=2)
    webinar.end += timedelta(hours=2)

    with committed():
        webinar.save_revision().publish()

    by_address = {message.to[0]: message for message in outbox}
    assert set(by_address) == {librarian.email, english.email}
    assert by_address[librarian.email].subject == "[Kennisplein] Nieuw tijdstip: Leesclubs online"
    assert by_address[english.email].subject == "[Kennisplein] New time: Leesclubs online"
    assert "The time of this webinar has changed" in by_address[english.email].body
    [(name, ics, mimetype)] = by_address[english.email].attachments
    [event] = icalendar.Calendar.from_ical(ics).walk("VEVENT")
    assert name == "webinar.ics" and "method=REQUEST" in mimetype and event["SEQUENCE"] == 1


def test_a_new_live_link_is_told_without_a_calendar_update_and_without_the_link(
    make_webinar, librarian, committed, outbox
):
    webinar = make_webinar(title="Leesclubs online")
    learning.registration_create(webinar=webinar, user=librarian)
    outbox.clear()
    webinar.live_url = "https://meet.example.org/nieuwe-kamer"

    with committed():
        webinar.save_revision().publish()

    [message] = outbox
    assert message.subject == "[Kennisplein] Nieuwe link om deel te nemen: Leesclubs online"
    assert message.attachments == []
    assert "nieuwe-kamer" not in message.body  # the link itself stays behind the join button
    webinar.calendar_state.refresh_from_db()
    assert webinar.calendar_state.sequence == 0  # no calendar change


def test_a_webinar_change_is_not_told_to_someone_who_may_no_longer_see_it(
    make_webinar, make_group, librarian, committed, outbox
):
    from learning.models import Audience

    group = make_group(Group.Visibility.MEMBERS, name="Werkgroep jeugd")
    membership = add_member(group, librarian)
    webinar = make_webinar(audience=Audience.GROUP, audience_group=group)
    learning.registration_create(webinar=webinar, user=librarian)
    membership.delete()  # no longer in the group the webinar is for
    outbox.clear()
    webinar.cancelled = True

    with committed():
        webinar.save_revision().publish()

    assert outbox == []
    assert not Notification.objects.filter(recipient=librarian).exists()
