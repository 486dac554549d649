"""What is left of a reply once the quoted message and the signature are taken out, for the ways
common mail programs quote (plain text and HTML)."""

import pytest

from inbound.html import html_to_text
from inbound.replies import strip_reply, unflow

REPLY = "Goed idee.\nIk neem de affiches mee."

QUOTED_TEXTS = {
    "gmail, English": "On Mon, 5 Jan 2026 at 10:12, Kennisplein <noreply@kennisplein.test> wrote:",
    "gmail, English, wrapped": (
        "On Mon, 5 Jan 2026 at 10:12, Kennisplein <\nnoreply@kennisplein.test> wrote:"
    ),
    "gmail, Dutch": "Op ma 5 jan 2026 om 10:12 schreef Kennisplein <noreply@kennisplein.test>:",
    "gmail, Dutch, wrapped": (
        "Op ma 5 jan 2026 om 10:12 schreef Kennisplein <\nnoreply@kennisplein.test>:"
    ),
    "apple mail, English": "On 5 Jan 2026, at 10:12, Kennisplein <noreply@kennisplein.test> wrote:",
    "apple mail, Dutch": (
        "Op 5 jan 2026 om 10:12 heeft Kennisplein <noreply@kennisplein.test> het volgende "
        "geschreven:"
    ),
    "thunderbird, English": "On 05/01/2026 10:12, Kennisplein wrote:",
    "thunderbird, Dutch": "Op 05-01-2026 om 10:12 schreef Kennisplein:",
    "outlook, original message": (
        "-----Original Message-----\nFrom: Kennisplein <noreply@kennisplein.test>\n"
        "Sent: Monday, January 5, 2026 10:12 AM"
    ),
    "outlook, Dutch original message": (
        "-----Oorspronkelijk bericht-----\nVan: Kennisplein <noreply@kennisplein.test>\n"
        "Verzonden: maandag 5 januari 2026 10:12"
    ),
    "outlook, From/Sent block": (
        "From: Kennisplein <noreply@kennisplein.test>\nSent: Monday, January 5, 2026 10:12 AM\n"
        "To: Lies Lid\nSubject: Voorleesweek"
    ),
    "outlook, Dutch Van/Verzonden block": (
        "Van: Kennisplein <noreply@kennisplein.test>\nVerzonden: maandag 5 januari 2026 10:12\n"
        "Aan: Lies Lid\nOnderwerp: Voorleesweek"
    ),
    "outlook, rule": "________________________________\nFrom: Kennisplein\nDate: 5 January",
    "german": "Am 05.01.2026 um 10:12 schrieb Kennisplein <noreply@kennisplein.test>:",
}


@pytest.mark.parametrize("header", QUOTED_TEXTS.values(), ids=QUOTED_TEXTS.keys())
def test_the_quoted_message_is_left_out(header):
    text = f"{REPLY}\n\n{header}\n\n> Wies Werkgroep reageerde in “Voorleesweek”\n> Lees verder"
    assert strip_reply(text) == REPLY


SIGNATURES = {
    "dash dash space": "-- \nLies Lid\nBibliotheek Gent",
    "iphone, Dutch": "Verzonden vanaf mijn iPhone",
    "iphone, English": "Sent from my iPhone",
    "android, Dutch": "Verstuurd vanaf mijn Samsung Galaxy-smartphone.",
    "outlook mobile": "Get Outlook for iOS",
    "outlook mobile, Dutch": "Outlook voor Android downloaden",
    "windows mail, Dutch": "Verzonden vanuit Mail voor Windows",
}


@pytest.mark.parametrize("signature", SIGNATURES.values(), ids=SIGNATURES.keys())
def test_signatures_are_left_out(signature):
    assert strip_reply(f"{REPLY}\n\n{signature}\n") == REPLY


def test_quoted_lines_between_answers_are_left_out_and_the_answers_kept():
    text = "> Wie boekt de zaal?\nDat doe ik.\n\n> En de koffie?\nOok."
    assert strip_reply(text) == "Dat doe ik.\n\nOok."


def test_a_reply_that_only_quotes_is_empty():
    assert strip_reply("\n\nOn Mon, 5 Jan 2026, Kennisplein wrote:\n> Hallo\n") == ""


def test_ordinary_lines_that_resemble_headers_are_kept():
    text = "Van: mij krijg je de lijst morgen.\nOp de vergadering schreef ik het al op."
    assert strip_reply(text) == text


def test_flowed_lines_are_joined():
    flowed = "Dit is een lange zin die de mail- \nclient heeft afgebroken.\n-- \nLies"
    assert unflow(flowed) == "Dit is een lange zin die de mail- client heeft afgebroken.\n-- \nLies"
    assert unflow("een \nwoord", delsp=True) == "eenwoord"


# --- HTML ---------------------------------------------------------------------------------------


def test_html_becomes_text_without_blockquotes_and_gmail_quotes():
    html = (
        '<div dir="ltr">Prima plan!<br>Tot <b>vrijdag</b>.</div>'
        '<div class="gmail_quote"><div class="gmail_attr">Op ma 5 jan schreef X:</div>'
        "<blockquote>geheim citaat</blockquote></div>"
    )
    assert html_to_text(html) == "Prima plan!\nTot vrijdag."


def test_html_after_outlooks_marker_is_the_quoted_message():
    html = (
        "<p>Ik kom.</p><div id=appendonsend></div><hr>"
        "<div id=divRplyFwdMsg><b>Van:</b> Kennisplein</div><div>citaat</div>"
    )
    assert html_to_text(html) == "Ik kom."


def test_html_scripts_styles_and_links():
    html = (
        "<html><head><title>t</title><style>p{}</style></head><body>"
        "<script>alert(1)</script><p>Zie <a href='https://example.org/a'>de pagina</a> en "
        "<a href='javascript:alert(1)'>dit</a>.</p><ul><li>een</li><li>twee</li></ul></body></html>"
    )
    assert html_to_text(html) == "Zie de pagina (https://example.org/a) en dit.\n\n- een\n- twee"


def test_unclosed_paragraphs_inside_a_blockquote_do_not_leak_the_quote():
    html = "<p>Antwoord</p><blockquote><p>een<p>twee<div>drie</div></blockquote><p>na"
    assert html_to_text(html) == "Antwoord\n\nna"
