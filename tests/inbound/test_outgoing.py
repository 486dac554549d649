"""The notification e-mails about a reply or a mention carry the person's own reply address, and
answering that e-mail (through a mail server that lowercases it, too) posts in the thread."""

import pytest
from django.core import mail

from cooperation.discussions import services as discussions
from cooperation.discussions.models import Post
from inbound.addresses import parse_address
from notifications import services as notifications
from notifications.tasks import send_digests
from tests.inbound.conftest import DOMAIN, build, deliver

HINT = "Beantwoord deze e-mail om je reactie in de discussie te plaatsen"


def _reply(thread, author, body, django_capture_on_commit_callbacks):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        return discussions.post_reply(thread=thread, author=author, body=body)


def test_a_reply_notification_carries_the_persons_own_reply_address(
    thread, member, group_owner, moderator, django_capture_on_commit_callbacks
):
    discussions.subscribe(user=moderator, thread=thread)
    _reply(thread, member, "Wie neemt de affiches mee?", django_capture_on_commit_callbacks)
    by_person = {message.to[0]: message for message in mail.outbox}
    for person in (group_owner, moderator):
        message = by_person[person.email]
        [reply_to] = message.reply_to
        local, domain = reply_to.split("@")
        assert domain == DOMAIN and local.startswith("antwoord+") and len(local) <= 64
        found = parse_address(reply_to)
        assert (found.user_id, found.thread_id) == (person.pk, thread.pk)
        assert HINT in message.body
        assert message.message().get("Reply-To") == reply_to  # the header on the wire
    assert by_person[group_owner.email].reply_to != by_person[moderator.email].reply_to


def test_a_mention_notification_carries_one_too(
    thread, member, moderator, django_capture_on_commit_callbacks
):
    _reply(thread, member, "@Mo Moderator, kijk je even?", django_capture_on_commit_callbacks)
    [message] = [m for m in mail.outbox if m.to == [moderator.email]]
    assert "noemde je" in message.subject
    assert parse_address(message.reply_to[0]).user_id == moderator.pk


def test_no_reply_address_when_inbound_mail_is_not_configured(
    settings, thread, member, group_owner, django_capture_on_commit_callbacks
):
    settings.INBOUND_EMAIL_DOMAIN = ""
    _reply(thread, member, "Een reactie", django_capture_on_commit_callbacks)
    [message] = mail.outbox
    assert message.reply_to == []
    assert "Reply-To" not in message.message()
    assert HINT not in message.body


def test_no_reply_address_for_a_reader_who_may_not_post(
    public_group, member, outsider, django_capture_on_commit_callbacks
):
    thread = discussions.thread_create(group=public_group, author=member, title="Open", body="Hoi")
    discussions.subscribe(user=outsider, thread=thread)  # anyone may follow a public thread
    moderator = public_group.memberships.exclude(user=member).first().user
    _reply(thread, moderator, "Welkom allemaal", django_capture_on_commit_callbacks)
    [message] = [m for m in mail.outbox if m.to == [outsider.email]]
    assert message.reply_to == []
    assert HINT not in message.body


def test_the_daily_digest_has_no_reply_address(
    thread, member, group_owner, django_capture_on_commit_callbacks
):
    notifications.set_email_frequency(group_owner, "reply", "daily")
    _reply(thread, member, "Voor de samenvatting", django_capture_on_commit_callbacks)
    assert mail.outbox == []
    send_digests.call()
    [digest] = mail.outbox
    assert digest.reply_to == []


@pytest.mark.parametrize("case", [str.lower, str.upper])
def test_answering_the_notification_posts_in_the_thread_even_through_a_case_changing_server(
    case, thread, member, group_owner, django_capture_on_commit_callbacks, client
):
    discussions.subscribe(user=member, thread=thread)
    _reply(thread, member, "Wie boekt de zaal?", django_capture_on_commit_callbacks)
    [notification] = mail.outbox
    address = case(notification.reply_to[0])
    raw = build(
        to=address,
        sender=f"Wies Werkgroep <{group_owner.email}>",
        subject="Re: " + notification.subject,
        text=(
            "Dat doe ik.\n\nOp ma 5 jan 2026 om 10:12 schreef Kennisplein "
            f"<noreply@kennisplein.test>:\n\n> {notification.body.replace(chr(10), chr(10) + '> ')}"
        ),
    )
    assert deliver(raw, address) == 0
    post = Post.objects.filter(thread=thread).last()
    assert (post.author, post.body_source) == (group_owner, "Dat doe ik.")
    # And Lies, who follows the thread, hears of it with her own reply address.
    told = [m for m in mail.outbox if m.to == [member.email]]
    assert told and parse_address(told[0].reply_to[0]).user_id == member.pk
    client.force_login(member)
    assert "Dat doe ik." in client.get(thread.get_absolute_url()).content.decode()
