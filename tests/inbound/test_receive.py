"""Replies by e-mail, delivered through the real `receive_email` command as the mail server does:
what becomes a post (and everything a post from the web brings), and what is refused without
anything being created."""

import base64
import datetime
import io
from email.message import EmailMessage
from email.utils import make_msgid

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.management import call_command

from cooperation import services as group_services
from cooperation.discussions import services as discussions
from cooperation.discussions.models import Attachment, Post, ReadMarker
from cooperation.models import Document, Group, Membership
from inbound import services
from inbound.addresses import make_token
from inbound.models import InboundMessage
from notifications.models import Event, Notification
from tests.cooperation.samples import pdf
from tests.inbound.conftest import DOMAIN, build, deliver, forge, sample

Reason = InboundMessage.Reason


def last_log() -> InboundMessage:
    return InboundMessage.objects.order_by("-id").first()


def replies(thread):
    return list(Post.objects.filter(thread=thread).order_by("id"))[1:]  # without the opening post


@pytest.fixture
def counts(thread):
    """What a refusal must leave untouched: posts, files, events and notifications."""

    def take():
        return (
            Post.objects.count(),
            Document.objects.count(),
            Attachment.objects.count(),
            Event.objects.count(),
            Notification.objects.count(),
        )

    return take


# --- Posted -------------------------------------------------------------------------------------


def test_a_reply_becomes_a_post_by_its_author_shown_on_the_thread_page(
    thread, member, moderator, address_of, client
):
    code = deliver(
        build(to=address_of(member, thread), sender=member.email), address_of(member, thread)
    )
    assert code == 0
    [post] = replies(thread)
    assert post.author == member
    assert post.body_source == "Goed idee, ik neem de affiches mee."
    record = last_log()
    assert (record.outcome, record.reason, record.post, record.user) == (
        "posted",
        "posted",
        post,
        member,
    )
    client.force_login(moderator)
    page = client.get(thread.get_absolute_url()).content.decode()
    assert "Goed idee, ik neem de affiches mee." in page
    assert page.index("Lies Lid") < page.index("Goed idee")


def test_the_other_followers_are_told_as_for_a_web_post(
    thread, member, moderator, group_owner, address_of
):
    discussions.subscribe(user=moderator, thread=thread)
    mail.outbox.clear()
    deliver(build(to=address_of(member, thread), sender=member.email))
    told = {message.to[0]: message for message in mail.outbox}
    assert set(told) == {group_owner.email, moderator.email}  # not the author herself
    assert "Lies Lid reageerde in “Voorleesweek”" in told[group_owner.email].subject
    # Their own mails carry their own reply addresses.
    assert told[group_owner.email].reply_to != told[moderator.email].reply_to
    # The author has read her own post; the others have not.
    post = replies(thread)[0]
    assert ReadMarker.objects.get(user=member, thread=thread).last_read_post_id == post.pk
    assert not ReadMarker.objects.filter(user=moderator, thread=thread).exists()


def test_a_mention_in_a_reply_tells_the_member_mentioned(thread, member, moderator, address_of):
    mail.outbox.clear()
    deliver(
        build(
            to=address_of(member, thread),
            sender=member.email,
            text="@Mo Moderator, boek jij de zaal?",
        )
    )
    post = replies(thread)[0]
    assert list(post.mentions.all()) == [moderator]
    assert "<strong" in post.body_html
    assert Notification.objects.filter(recipient=moderator, event__kind="mention").exists()


def test_the_recipient_is_found_in_the_headers_when_the_mail_server_does_not_pass_it(
    thread, member, address_of
):
    raw = build(
        to="Werkgroep <werkgroep@bibliotheek.test>",
        sender=member.email,
        headers={"Delivered-To": address_of(member, thread)},
    )
    assert deliver(raw) == 0
    assert len(replies(thread)) == 1


def test_the_token_survives_a_mail_server_that_lowercases_or_uppercases_it(
    thread, member, address_of
):
    address = address_of(member, thread)
    deliver(build(to=address.upper(), sender=member.email), address.upper())
    deliver(build(to=address.lower(), sender=member.email.upper()), address.lower())
    assert len(replies(thread)) == 2


def test_html_only_mail_is_turned_into_text(thread, member, address_of):
    html = (
        "<div>Prima!<br>Ik kom <b>vrijdag</b>.</div><div class='gmail_quote'>"
        "<blockquote>Wies Werkgroep reageerde</blockquote></div><script>alert(1)</script>"
    )
    deliver(build(to=address_of(member, thread), sender=member.email, text=None, html=html))
    post = replies(thread)[0]
    assert post.body_source == "Prima!\nIk kom vrijdag."
    assert "script" not in post.body_html


def test_text_is_preferred_to_html_in_multipart_alternative(thread, member, address_of):
    raw = build(
        to=address_of(member, thread),
        sender=member.email,
        text="De tekstversie.",
        html="<p>De HTML-versie.</p>",
    )
    deliver(raw)
    assert replies(thread)[0].body_source == "De tekstversie."


CLIENTS = {
    "gmail_en.eml": "Sounds good, I will bring the posters on Friday.\nCan someone book the room?",
    "gmail_nl.eml": "Dat lukt, ik reserveer de zaal voor vrijdag.",
    "gmail_nl_html_only.eml": (
        "Prima plan! Ik neem de affiches mee.\n\n"
        "Zie ook deze pagina (https://www.bibliotheek.nl/voorlezen)."
    ),
    "outlook_en.eml": (
        "I have asked facilities; the room is ours from 14:00.\n\nKind regards,\nLies"
    ),
    "outlook_nl.eml": "Ik heb het lokaal gereserveerd; de koffie regel ik ook.\n\nGroet,\nLies",
    "outlook_nl_html.eml": "Ik ben er vrijdag bij, met twee collega’s.",
    "apple_iphone_nl.eml": "Top, tot vrijdag!",
    "thunderbird_nl.eml": (
        "Ik heb nog een vraag: mogen de kinderen van groep 3 ook meedoen, of is het alleen voor "
        "de bovenbouw?"
    ),
    "thunderbird_en_html.eml": "I can lead the second session.\n\n- 10:00 welcome\n- 10:30 reading",
}


@pytest.mark.parametrize("filename", CLIENTS)
def test_replies_from_common_mail_programs_lose_their_quotes_and_signatures(
    filename, thread, member, address_of, client
):
    to = address_of(member, thread)
    raw = sample(filename, to=to, sender=member.email, message_id=make_msgid())
    assert deliver(raw, to) == 0
    [post] = replies(thread)
    assert post.body_source == CLIENTS[filename]
    for quoted in ("Werkgroep", "Kennisplein", "e-mail", "Verzonden", "Bibliotheek Gent"):
        assert quoted not in post.body_source


# --- Attachments --------------------------------------------------------------------------------


def test_a_pdf_attachment_is_added_to_the_post_through_the_groups_library(
    thread, member, address_of, client
):
    raw = build(
        to=address_of(member, thread),
        sender=member.email,
        text="Het programma zit erbij.",
        attachments=[("programma.pdf", pdf("Programma voorleesweek"), "application/pdf")],
    )
    deliver(raw)
    post = replies(thread)[0]
    [attachment] = post.attachments.select_related("document")
    assert attachment.document.title == "Programma"
    assert attachment.document.group == thread.group
    client.force_login(member)
    assert "programma" in client.get(thread.get_absolute_url()).content.decode()


def test_apple_mails_inline_pdf_is_an_attachment(thread, member, address_of):
    encoded = base64.encodebytes(pdf("Leeslijst")).decode().strip()
    raw = sample(
        "apple_mail_en_attachment.eml",
        to=address_of(member, thread),
        sender=member.email,
        message_id=make_msgid(),
        pdf=encoded,
    )
    deliver(raw)
    post = replies(thread)[0]
    assert post.body_source == (
        "Here is the programme for Friday, with the reading list at the end."
    )
    assert [a.document.title for a in post.attachments.all()] == ["Programma"]


def test_an_image_inside_the_html_signature_is_not_an_attachment(thread, member, address_of):
    message = EmailMessage()
    message["From"], message["To"] = member.email, address_of(member, thread)
    message["Subject"], message["Message-ID"] = "Re: Voorleesweek", make_msgid()
    message.set_content("Tot vrijdag.")
    message.add_alternative('<p>Tot vrijdag.</p><img src="cid:logo">', subtype="html")
    png = base64.b64decode(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
    )
    message.get_payload()[1].add_related(png, "image", "png", cid="<logo>", filename="logo.png")
    deliver(bytes(message))
    post = replies(thread)[0]
    assert post.body_source == "Tot vrijdag."
    assert not post.attachments.exists()


@pytest.mark.parametrize(
    "filename, content, mimetype, why",
    [
        ("setup.exe", b"MZ\x90\x00" + b"\x00" * 200, "application/octet-stream", "(.exe)"),
        ("offerte.pdf", b"Geen PDF maar tekst.", "application/pdf", "past niet bij de extensie"),
    ],
)
def test_a_refused_file_is_not_stored_and_the_post_says_so(
    filename, content, mimetype, why, thread, member, address_of
):
    raw = build(
        to=address_of(member, thread),
        sender=member.email,
        text="Zie bijlage.",
        attachments=[
            (filename, content, mimetype),
            ("programma.pdf", pdf(), "application/pdf"),
        ],
    )
    deliver(raw)
    post = replies(thread)[0]
    assert [a.document.title for a in post.attachments.all()] == ["Programma"]
    assert Document.objects.count() == 1
    assert post.body_source.startswith("Zie bijlage.\n\n*Bijlage niet toegevoegd: ")
    assert why in post.body_source
    assert filename in post.body_html
    assert filename in last_log().detail


# --- Refused ------------------------------------------------------------------------------------


def _refused(raw, recipient=None, *, reason, code=0, counts, sender=None):
    before = counts()
    assert deliver(raw, recipient, sender=sender) == code
    assert counts() == before, "a refused message created something"
    record = last_log()
    assert (record.outcome, record.reason) == ("refused", reason)
    return record


AUTO_REPLIES = {
    "Auto-Submitted": {"Auto-Submitted": "auto-replied"},
    "Auto-Submitted, generated": {"Auto-Submitted": "auto-generated"},
    "X-Autoreply": {"X-Autoreply": "yes"},
    "X-Autorespond": {"X-Autorespond": "Afwezig tot 12 januari"},
    "Precedence bulk": {"Precedence": "bulk"},
    "Precedence auto_reply": {"Precedence": "auto_reply"},
    "Precedence list": {"Precedence": "list"},
    "Exchange": {"X-Auto-Response-Suppress": "All"},
    "subject Afwezig": {"Subject": "Afwezig: Re: Voorleesweek"},
    "subject Out of office": {"Subject": "Out of Office: Voorleesweek"},
    "subject Automatisch antwoord": {"Subject": "Automatisch antwoord: Re: Voorleesweek"},
}


@pytest.mark.parametrize("headers", AUTO_REPLIES.values(), ids=AUTO_REPLIES.keys())
def test_auto_replies_are_dropped(headers, thread, member, address_of, counts):
    headers = dict(headers)
    subject = headers.pop("Subject", "Re: Voorleesweek")
    raw = build(
        to=address_of(member, thread),
        sender=member.email,
        subject=subject,
        text="Ik ben afwezig tot 12 januari en lees mijn mail niet.",
        headers=headers,
    )
    mail.outbox.clear()
    _refused(raw, reason=Reason.AUTO_REPLY, counts=counts)
    assert mail.outbox == []  # nobody is told: answering an auto-reply could start a loop


def test_auto_submitted_no_is_a_person(thread, member, address_of):
    raw = build(
        to=address_of(member, thread), sender=member.email, headers={"Auto-Submitted": "no"}
    )
    assert deliver(raw) == 0
    assert len(replies(thread)) == 1


def _bounce(to: str) -> bytes:
    report = EmailMessage()
    report["From"] = "Mail Delivery System <MAILER-DAEMON@mx.bibliotheek.test>"
    report["To"] = to
    report["Return-Path"] = "<>"
    report["Subject"] = "Undelivered Mail Returned to Sender"
    report["Message-ID"] = make_msgid()
    report.set_content("This is the mail system at host mx.bibliotheek.test.\n\nI'm sorry.")
    report.make_mixed()
    report.replace_header(
        "Content-Type", 'multipart/report; report-type=delivery-status; boundary="b"'
    )
    return bytes(report)


def test_a_bounce_is_dropped(thread, member, address_of, counts):
    _refused(_bounce(address_of(member, thread)), reason=Reason.BOUNCE, counts=counts)


def test_a_message_from_the_null_sender_is_a_bounce(thread, member, address_of, counts):
    raw = build(to=address_of(member, thread), sender=member.email)
    _refused(raw, address_of(member, thread), sender="", reason=Reason.BOUNCE, counts=counts)


def test_a_forged_token_is_bounced_as_an_unknown_address(thread, member, address_of, counts):
    forged = forge(address_of(member, thread))
    record = _refused(
        build(to=forged, sender=member.email),
        forged,
        reason=Reason.FORGED_TOKEN,
        code=67,
        counts=counts,
    )
    assert record.user is None and record.thread is None


@pytest.mark.parametrize(
    "address", ["antwoord@" + DOMAIN, "info@" + DOMAIN, "antwoord+abc@elders.test", ""]
)
def test_an_unknown_address_is_bounced(address, thread, member, counts):
    raw = build(to=address or "iemand@bibliotheek.test", sender=member.email)
    _refused(raw, address or None, reason=Reason.UNKNOWN_ADDRESS, code=67, counts=counts)


def test_an_expired_address_is_refused_and_the_person_told_with_their_text(
    thread, member, settings, counts
):
    issued = datetime.datetime.now(datetime.UTC).date() - datetime.timedelta(days=61)
    address = (
        f"antwoord+{make_token(user_id=member.pk, thread_id=thread.pk, issued=issued)}@{DOMAIN}"
    )
    mail.outbox.clear()
    _refused(
        build(to=address, sender=member.email, text="Mijn late antwoord."),
        address,
        reason=Reason.EXPIRED_TOKEN,
        counts=counts,
    )
    [notice] = mail.outbox
    assert notice.to == [member.email]
    assert notice.subject.endswith("Je antwoord per e-mail is niet geplaatst")
    assert notice.extra_headers["Auto-Submitted"] == "auto-replied"
    assert "60 dagen" in notice.body
    assert "Mijn late antwoord." in notice.body
    assert thread.get_absolute_url() in notice.body


def test_a_removed_member_can_no_longer_post(thread, member, group_owner, address_of, counts):
    address = address_of(member, thread)
    membership = Membership.objects.get(group=thread.group, user=member)
    group_services.membership_remove(membership=membership, by=group_owner)
    mail.outbox.clear()
    _refused(
        build(to=address, sender=member.email), address, reason=Reason.NO_ACCESS, counts=counts
    )
    [notice] = mail.outbox
    assert "alleen leden van de groep" in notice.body
    # The group is members-only: the thread is no longer hers to see, so it is not named.
    assert "De discussie “" not in notice.body
    assert thread.get_absolute_url() not in notice.body


def test_a_reader_who_is_no_member_of_a_public_group_cannot_post(
    public_group, outsider, address_of, counts
):
    thread = discussions.thread_create(
        group=public_group, author=public_group.memberships.first().user, title="Open", body="Hoi"
    )
    address = address_of(outsider, thread)
    _refused(
        build(to=address, sender=outsider.email), address, reason=Reason.NO_ACCESS, counts=counts
    )
    # Turned secret: still refused, and now the thread is not named in the notice either.
    public_group.visibility = Group.Visibility.SECRET
    public_group.save()
    mail.outbox.clear()
    raw = build(to=address, sender=outsider.email, message_id=make_msgid())
    _refused(raw, address, reason=Reason.NO_ACCESS, counts=counts)
    assert thread.get_absolute_url() not in mail.outbox[0].body


def test_a_deactivated_account_cannot_post_and_is_not_mailed(thread, member, address_of, counts):
    address = address_of(member, thread)
    member.is_active = False
    member.save()
    mail.outbox.clear()
    _refused(
        build(to=address, sender=member.email),
        address,
        reason=Reason.INACTIVE_ACCOUNT,
        counts=counts,
    )
    assert mail.outbox == []


def test_a_locked_thread_takes_no_reply(thread, member, moderator, address_of, counts):
    address = address_of(member, thread)
    discussions.thread_lock(thread=thread, by=moderator)
    mail.outbox.clear()
    _refused(build(to=address, sender=member.email), address, reason=Reason.LOCKED, counts=counts)
    assert "vergrendeld" in mail.outbox[0].body


def test_a_deleted_thread_takes_no_reply(thread, member, moderator, address_of, counts):
    address = address_of(member, thread)
    discussions.thread_delete(thread=thread, by=moderator)
    _refused(
        build(to=address, sender=member.email), address, reason=Reason.THREAD_GONE, counts=counts
    )


def test_a_reply_with_nothing_above_the_quote_is_refused(thread, member, address_of, counts):
    text = "\n\nOp ma 5 jan 2026 om 10:12 schreef Kennisplein <noreply@kennisplein.test>:\n> Hoi\n"
    address = address_of(member, thread)
    mail.outbox.clear()
    _refused(
        build(to=address, sender=member.email, text=text),
        address,
        reason=Reason.EMPTY,
        counts=counts,
    )
    assert "geen tekst" in mail.outbox[0].body


def test_a_mention_of_a_non_member_is_refused_with_the_discussions_message(
    thread, member, outsider, address_of, counts
):
    address = address_of(member, thread)
    mail.outbox.clear()
    record = _refused(
        build(to=address, sender=member.email, text="Vraag het @Bo Buitenstaander"),
        address,
        reason=Reason.INVALID,
        counts=counts,
    )
    assert "Bo Buitenstaander is geen lid van deze groep" in record.detail
    assert "Vraag het @Bo Buitenstaander" in mail.outbox[0].body


def test_a_reply_from_someone_elses_address_is_bounced(
    thread, member, outsider, address_of, counts
):
    """A forwarded notification: the colleague who answers it does not post in Lies's name."""
    address = address_of(member, thread)
    mail.outbox.clear()
    record = _refused(
        build(to=address, sender=outsider.email),
        address,
        reason=Reason.WRONG_SENDER,
        code=77,
        counts=counts,
    )
    assert record.detail == outsider.email
    assert mail.outbox == []  # nobody is mailed: the bounce tells the sender


def test_another_verified_address_of_the_person_may_reply(thread, member, address_of):
    EmailAddress.objects.create(user=member, email="lies.prive@example.org", verified=True)
    EmailAddress.objects.create(user=member, email="lies.oud@example.org", verified=False)
    address = address_of(member, thread)
    assert deliver(build(to=address, sender="Lies <lies.prive@example.org>"), address) == 0
    assert deliver(build(to=address, sender="lies.oud@example.org"), address) == 77
    assert len(replies(thread)) == 1


def test_a_failed_dmarc_check_of_the_mail_server_is_a_wrong_sender(
    thread, member, address_of, counts
):
    address = address_of(member, thread)
    headers = {
        "Authentication-Results": (
            "mx.reactie.kennisplein.test; dmarc=fail header.from=bibliotheek.test"
        )
    }
    _refused(
        build(to=address, sender=member.email, headers=headers),
        address,
        reason=Reason.WRONG_SENDER,
        code=77,
        counts=counts,
    )


def test_the_same_message_delivered_twice_makes_one_post(thread, member, address_of):
    address = address_of(member, thread)
    raw = build(to=address, sender=member.email, message_id="<eenmalig@bibliotheek.test>")
    assert deliver(raw, address) == 0
    assert deliver(raw, address) == 0
    assert len(replies(thread)) == 1
    assert last_log().reason == Reason.DUPLICATE


def test_a_message_without_message_id_is_recognised_by_its_bytes(thread, member, address_of):
    address = address_of(member, thread)
    raw = build(to=address, sender=member.email).replace(b"Message-ID:", b"X-Old-Message-ID:")
    deliver(raw, address)
    deliver(raw, address)
    assert len(replies(thread)) == 1


def test_a_message_larger_than_the_limit_is_refused_unread(
    thread, member, address_of, settings, counts
):
    settings.INBOUND_EMAIL_MAX_SIZE = 2000
    address = address_of(member, thread)
    mail.outbox.clear()
    raw = build(
        to=address, sender=member.email, attachments=[("groot.pdf", pdf() * 5, "application/pdf")]
    )
    _refused(raw, address, reason=Reason.TOO_LARGE, counts=counts)
    assert "groter dan" in mail.outbox[0].body


def test_an_error_on_our_side_asks_the_mail_server_to_try_again(
    thread, member, address_of, monkeypatch, capsys
):
    def broken(*args, **kwargs):
        raise RuntimeError("database away")

    monkeypatch.setattr(services, "_receive", broken)
    assert deliver(build(to=address_of(member, thread), sender=member.email)) == 75
    assert "Traceback" not in capsys.readouterr().err
    with pytest.raises(RuntimeError):  # by hand, --traceback shows the whole error
        raw = build(to=address_of(member, thread), sender=member.email)
        call_command("receive_email", stdin=io.BytesIO(raw), traceback=True)
