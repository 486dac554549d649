"""People hear about their own requests: whoever asked to join a group is told the answer, and
whoever invited someone is told when the invitation was accepted. Under the bell and by e-mail,
through the notifications app."""

from django.core import mail
from django.urls import reverse

from cooperation import services
from cooperation.models import Group, Invitation
from notifications.models import Notification


def _lines(client) -> str:
    return client.get(reverse("notifications:list")).content.decode()


def test_the_requester_hears_that_their_request_was_approved(
    client, make_group, group_owner, librarian, django_capture_on_commit_callbacks
):
    group = make_group(Group.Visibility.MEMBERS, name="Werkgroep Jeugd")
    request = services.membership_request(group=group, user=librarian)
    mail.outbox.clear()
    client.force_login(group_owner)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse(
                "cooperation:join_request_answer",
                kwargs={"slug": group.slug, "pk": request.pk, "answer": "approve"},
            )
        )

    line = "Je verzoek om lid te worden van Werkgroep Jeugd is goedgekeurd: je bent nu lid"
    [message] = [m for m in mail.outbox if m.to == [librarian.email]]
    assert line in message.subject and group.get_absolute_url() in message.body
    client.force_login(librarian)
    assert line in _lines(client)
    # The moderator who answered is not told about their own answer.
    assert not Notification.objects.filter(
        recipient=group_owner, event__kind="join_request_answered"
    ).exists()


def test_the_requester_hears_that_their_request_was_declined(
    client, make_group, group_owner, librarian, django_capture_on_commit_callbacks
):
    group = make_group(Group.Visibility.MEMBERS, name="Werkgroep Jeugd")
    request = services.membership_request(group=group, user=librarian)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.membership_decline(join_request=request, by=group_owner)

    line = "Je verzoek om lid te worden van Werkgroep Jeugd is afgewezen"
    subjects = [m.subject for m in mail.outbox if m.to == [librarian.email]]
    assert subjects == [f"[Kennisplein] {line}"]
    client.force_login(librarian)
    assert line in _lines(client)
    # Their own business: not in the group's activity stream.
    client.force_login(group_owner)
    assert "afgewezen" not in client.get(group.get_absolute_url()).content.decode()


def test_the_inviter_hears_that_the_invitation_was_accepted(
    client, make_group, group_owner, librarian, django_capture_on_commit_callbacks
):
    group = make_group(Group.Visibility.SECRET, name="Project Catalogus")
    invitation = Invitation.objects.create(
        group=group, email=librarian.email, invited_by=group_owner
    )
    mail.outbox.clear()
    client.force_login(librarian)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("cooperation:invitation", kwargs={"token": invitation.token}))

    line = "Bram Bibliothecaris heeft je uitnodiging voor Project Catalogus aanvaard"
    [message] = [m for m in mail.outbox if m.to == [group_owner.email]]
    assert line in message.subject
    assert reverse("cooperation:members", kwargs={"slug": group.slug}) in message.body
    client.force_login(group_owner)
    assert line in _lines(client)
