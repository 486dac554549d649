"""Reply addresses: what they hold, that they survive a change of case, fit in a local part, and
cannot be forged, altered or used after they expire."""

import base64
import datetime

import pytest
from django.core.checks import run_checks

from inbound import addresses
from inbound.addresses import ForgedToken, UnknownAddress, make_token, parse_address

DOMAIN = "reactie.kennisplein.test"


def _address(token: str) -> str:
    return f"antwoord+{token}@{DOMAIN}"


def test_the_address_names_the_person_the_thread_and_the_day():
    issued = datetime.date(2026, 1, 5)
    token = make_token(user_id=42, thread_id=7, issued=issued)
    assert parse_address(_address(token)) == addresses.ReplyAddress(42, 7, issued)


@pytest.mark.parametrize("change", [str.lower, str.upper, str.title])
def test_the_address_survives_a_change_of_case(change):
    token = make_token(user_id=1234, thread_id=98765)
    assert token == token.lower() and token.isalnum()
    found = parse_address(change(_address(token)))
    assert (found.user_id, found.thread_id) == (1234, 98765)


def test_the_local_part_stays_within_64_characters_even_for_the_largest_ids():
    largest = 2**63 - 1
    token = make_token(user_id=largest, thread_id=largest, issued=datetime.date(2199, 12, 31))
    local = _address(token).split("@")[0]
    assert len(local) <= 64
    assert parse_address(_address(token)).user_id == largest
    assert len(make_token(user_id=5, thread_id=12)) <= 24  # today's ids: short


def test_an_altered_token_is_forged():
    token = make_token(user_id=5, thread_id=12)
    middle = len(token) // 2
    altered = token[:middle] + ("a" if token[middle] != "a" else "b") + token[middle + 1 :]
    with pytest.raises(ForgedToken):
        parse_address(_address(altered))


def test_another_persons_id_cannot_be_written_into_a_token():
    # Same MAC, another user id: the payload no longer matches its signature.
    mine = make_token(user_id=5, thread_id=12, issued=datetime.date(2026, 1, 5))
    theirs = make_token(user_id=6, thread_id=12, issued=datetime.date(2026, 1, 5))

    def raw(token):
        return base64.b32decode(token.upper() + "=" * (-len(token) % 8))

    spliced = raw(theirs)[:-10] + raw(mine)[-10:]
    token = base64.b32encode(spliced).decode().rstrip("=").lower()
    with pytest.raises(ForgedToken):
        parse_address(_address(token))


def test_a_token_made_with_another_secret_key_is_forged(settings):
    settings.SECRET_KEY = "een-andere-sleutel-" * 4
    token = make_token(user_id=5, thread_id=12)
    settings.SECRET_KEY = "de-sleutel-van-deze-site-" * 4
    with pytest.raises(ForgedToken):
        parse_address(_address(token))
    # After a key rotation, addresses in mail already sent keep working.
    settings.SECRET_KEY_FALLBACKS = ["een-andere-sleutel-" * 4]
    assert parse_address(_address(token)).user_id == 5


@pytest.mark.parametrize(
    "address",
    [
        "antwoord@reactie.kennisplein.test",  # no token
        "info+aaaaaaaaaaaaaaaaaaaaaaaa@reactie.kennisplein.test",  # another local part
        "antwoord+aia5qezyaojhznaprm6qhmy@elders.test",  # another domain
        "antwoord+niet!base32@reactie.kennisplein.test",
        "antwoord+" + "a" * 60 + "@reactie.kennisplein.test",
        "",
    ],
)
def test_addresses_that_are_not_ours_are_unknown(address):
    with pytest.raises(UnknownAddress):
        parse_address(address)


def test_the_address_expires_after_the_configured_days(settings):
    settings.INBOUND_EMAIL_TOKEN_DAYS = 60
    today = datetime.date(2026, 3, 6)
    fresh = addresses.ReplyAddress(1, 1, today - datetime.timedelta(days=60))
    stale = addresses.ReplyAddress(1, 1, today - datetime.timedelta(days=61))
    assert not fresh.expired(today)
    assert stale.expired(today)
    settings.INBOUND_EMAIL_TOKEN_DAYS = 90
    assert not stale.expired(today)


def test_no_reply_address_when_inbound_mail_is_not_configured(settings, member, thread):
    settings.INBOUND_EMAIL_DOMAIN = ""
    assert addresses.reply_address(user=member, thread=thread) is None
    with pytest.raises(UnknownAddress):
        parse_address(_address(make_token(user_id=member.pk, thread_id=thread.pk)))


def test_a_local_part_that_leaves_no_room_for_the_token_is_a_configuration_error(settings):
    settings.INBOUND_EMAIL_LOCAL_PART = "antwoord-op-een-bericht-van-kennisplein"
    assert "inbound.E001" in {message.id for message in run_checks()}
    settings.INBOUND_EMAIL_LOCAL_PART = "antwoord"
    assert "inbound.E001" not in {message.id for message in run_checks()}
