"""The notification core: who is told, and that nobody is told about what they may not see."""

import pytest
from django.core import mail

from cooperation import permissions, services
from cooperation.models import Group
from notifications import kinds
from notifications import services as notify
from notifications.models import EmailPreference, Notification
from notifications.selectors import notifications_for, unread_count
from tests.cooperation.conftest import add_member, upload
from tests.factories import UserFactory


@pytest.fixture(autouse=True)
def document_kind():
    """A kind about group documents, ruled by the Coöperatieplatform's own permission module."""
    kind = kinds.Kind(
        key="test_document",
        label="New documents",
        may_see=permissions.can_download,
        describe=lambda event: f"{event.actor} added {event.target.title}",
        url=lambda document: f"/documents/{document.pk}/",
    )
    kinds.register_kind(kind)
    yield kind
    kinds._kinds.pop(kind.key, None)


@pytest.fixture
def document(working_group, group_owner):
    return services.document_upload(
        group=working_group,
        uploaded=upload("agenda.txt", b"Agenda van de werkgroep\n", "text/plain"),
        title="Agenda september",
        by=group_owner,
    )


def tell(document, actor, recipients):
    return notify.publish(
        "test_document",
        target=document,
        actor=actor,
        group=document.group,
        recipients=recipients,
    )


def test_only_people_who_may_see_the_target_are_told(
    working_group, document, group_owner, librarian, outsider
):
    add_member(working_group, librarian)
    departed = UserFactory(is_active=False)
    add_member(working_group, departed)

    event = tell(document, group_owner, [group_owner, librarian, outsider, departed])

    told = set(Notification.objects.filter(event=event).values_list("recipient__email", flat=True))
    assert told == {librarian.email}  # not the actor, not a non-member, not a closed account
    assert [n.event for n in notifications_for(librarian)] == [event]
    assert notifications_for(outsider) == []


def test_leaving_the_group_hides_earlier_notifications_and_stops_their_mail(
    working_group, document, group_owner, librarian
):
    membership = add_member(working_group, librarian)
    tell(document, group_owner, [librarian])
    assert unread_count(librarian) == 1

    services.membership_leave(group=working_group, user=librarian)
    del membership

    assert notifications_for(librarian) == []
    assert unread_count(librarian) == 0
    from notifications.tasks import send_immediate_emails

    mail.outbox.clear()
    send_immediate_emails.call(Notification.objects.get(recipient=librarian).event_id)
    assert mail.outbox == []
    assert Notification.objects.get(recipient=librarian).email == Notification.Email.NONE


def test_immediate_mail_goes_out_once_with_a_link(
    working_group, document, group_owner, librarian, django_capture_on_commit_callbacks
):
    librarian.preferred_language = "en"
    librarian.save()
    add_member(working_group, librarian)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        event = tell(document, group_owner, [librarian])

    assert [m.to for m in mail.outbox] == [[librarian.email]]
    assert "Agenda september" in mail.outbox[0].subject
    assert f"/documents/{document.pk}/" in mail.outbox[0].body
    from notifications.tasks import send_immediate_emails

    assert send_immediate_emails.call(event.pk) == 0  # already sent: never twice
    assert len(mail.outbox) == 1


def test_a_daily_or_never_preference_keeps_the_mail_back(
    working_group, document, group_owner, librarian, outsider, django_capture_on_commit_callbacks
):
    add_member(working_group, librarian)
    add_member(working_group, outsider)
    notify.set_email_frequency(librarian, "test_document", "daily")
    notify.set_email_frequency(outsider, "test_document", "never")
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        event = tell(document, group_owner, [librarian, outsider])

    assert mail.outbox == []
    states = dict(Notification.objects.filter(event=event).values_list("recipient_id", "email"))
    assert states == {librarian.pk: "digest", outsider.pk: "none"}
    assert unread_count(outsider) == 1  # "never" is about e-mail; the bell still shows it


def test_marking_read_touches_only_ones_own_notifications(
    working_group, document, group_owner, librarian, outsider
):
    add_member(working_group, librarian)
    add_member(working_group, outsider)
    event = tell(document, group_owner, [librarian, outsider])
    others = Notification.objects.get(event=event, recipient=outsider)

    assert notify.mark_read(librarian, [others.pk]) == 0
    assert unread_count(outsider) == 1
    assert notify.mark_read(librarian) == 1
    assert unread_count(librarian) == 0


def test_unknown_kinds_and_frequencies_are_refused(librarian):
    with pytest.raises(kinds.UnknownKind):
        notify.set_email_frequency(librarian, "no_such_kind", "daily")
    with pytest.raises(ValueError):
        notify.set_email_frequency(librarian, "test_document", "hourly")
    assert not EmailPreference.objects.exists()


def test_a_secret_groups_event_is_not_shown_to_a_former_member_after_visibility_change(
    make_group,
    group_owner,
    librarian,
):
    group = make_group(Group.Visibility.PUBLIC, name="Open werkgroep")
    document = services.document_upload(
        group=group,
        uploaded=upload("notulen.txt", b"Notulen\n", "text/plain"),
        title="Notulen",
        by=group_owner,
    )
    tell(document, group_owner, [librarian])  # a public group's document: anyone may see it
    assert unread_count(librarian) == 1

    services.group_update(group=group, by=group_owner, visibility=Group.Visibility.SECRET)

    assert unread_count(librarian) == 0
