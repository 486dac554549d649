"""A person never gets a notification, an e-mail or a digest line about something they may no
longer see: access ended between the event and the moment it is shown or mailed."""

import pytest
from django.urls import reverse

from cooperation import services as cooperation
from cooperation.models import Group, Membership
from notifications import services
from notifications.models import Notification
from notifications.selectors import unread_count
from notifications.tasks import send_digests, send_immediate_emails
from tests.cooperation.conftest import add_member, upload
from tests.factories import UserFactory


def _leave(group, people, owner, document):
    for person in people:
        cooperation.membership_leave(group=group, user=person)


def _removed(group, people, owner, document):
    for person in people:
        membership = Membership.objects.get(group=group, user=person)
        cooperation.membership_remove(membership=membership, by=owner)


def _trashed(group, people, owner, document):
    cooperation.document_trash(document=document, by=owner)


@pytest.mark.parametrize("access_ends", [_leave, _removed, _trashed], ids=lambda f: f.__name__)
def test_when_access_ends_the_bell_the_email_and_the_digest_leave_it_out(
    client, home_page, working_group, group_owner, outbox, access_ends
):
    at_once, daily = UserFactory(), UserFactory()
    stays = UserFactory(display_name="Sam Blijft")
    for person in (at_once, daily, stays):
        add_member(working_group, person)
        services.set_email_frequency(person, "document", "immediate")
    services.set_email_frequency(daily, "document", "daily")
    # The e-mail task has not run yet when access ends (it runs after the commit, later).
    document = cooperation.document_upload(
        group=working_group,
        uploaded=upload("begroting.txt", b"Begroting 2027\n", "text/plain"),
        title="Begroting 2027",
        by=group_owner,
    )
    event = Notification.objects.get(recipient=at_once).event
    assert unread_count(at_once) == unread_count(daily) == 1

    access_ends(working_group, [at_once, daily], group_owner, document)

    for person in (at_once, daily):
        assert unread_count(person) == 0
        client.force_login(person)
        assert "Begroting 2027" not in client.get(reverse("notifications:list")).content.decode()
        theirs = Notification.objects.get(recipient=person)
        opened = client.get(reverse("notifications:open", kwargs={"pk": theirs.pk}))
        assert opened.status_code == 404

    sent = send_immediate_emails.call(event.pk)
    send_digests.call()

    told = {message.to[0] for message in outbox}
    if access_ends is _trashed:
        assert sent == 0 and told == set()  # a plain member cannot open a trashed document
    else:
        assert sent == 1 and told == {stays.email}
    assert Notification.objects.get(recipient=at_once).email == Notification.Email.NONE
    assert Notification.objects.get(recipient=daily).email == Notification.Email.NONE


def test_a_public_groups_document_disappears_for_a_former_member_when_the_group_turns_secret(
    client, home_page, make_group, group_owner, librarian, outbox
):
    group = make_group(Group.Visibility.PUBLIC, name="Open werkgroep")
    add_member(group, librarian)
    services.set_email_frequency(librarian, "document", "daily")
    cooperation.document_upload(
        group=group,
        uploaded=upload("notulen.txt", b"Notulen\n", "text/plain"),
        title="Notulen juni",
        by=group_owner,
    )
    cooperation.membership_leave(group=group, user=librarian)
    assert unread_count(librarian) == 1  # a public group's document: still anyone's to see

    cooperation.group_update(group=group, by=group_owner, visibility=Group.Visibility.SECRET)

    assert unread_count(librarian) == 0
    client.force_login(librarian)
    assert "Notulen juni" not in client.get(reverse("notifications:list")).content.decode()
    assert send_digests.call() == 0 and outbox == []


def test_a_join_request_that_was_answered_leaves_the_moderators_bell(
    make_group, group_owner, librarian, outsider
):
    group = make_group(Group.Visibility.MEMBERS)
    add_member(group, outsider, Membership.Role.MODERATOR)
    request = cooperation.membership_request(group=group, user=librarian, message="Graag!")
    assert unread_count(group_owner) == unread_count(outsider) == 1

    cooperation.membership_decline(join_request=request, by=outsider)

    assert unread_count(group_owner) == unread_count(outsider) == 0


def test_a_moderator_who_is_demoted_no_longer_sees_open_requests(
    make_group, group_owner, librarian, outsider
):
    group = make_group(Group.Visibility.MEMBERS)
    moderator = add_member(group, outsider, Membership.Role.MODERATOR)
    cooperation.membership_request(group=group, user=librarian)

    cooperation.membership_change_role(
        membership=moderator, role=Membership.Role.MEMBER, by=group_owner
    )

    assert unread_count(outsider) == 0
    assert unread_count(group_owner) == 1
