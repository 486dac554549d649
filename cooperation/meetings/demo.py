"""Demo content of meetings and news (seed_demo, after demo_groups): the steering committee's
series of meetings, one published with its presentation, minutes and recording, one not
published, one to come; a group news item about the published session and a platform news item.
Idempotent. Files are made here: a one-page PDF with real text, a few seconds of tone as WAV
(no video encoder is available offline, so the demo recording is audio, which the player plays)
and a WebVTT caption file."""

import io
import math
import struct
import wave
from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accounts.models import User
from cooperation.meetings import services
from cooperation.meetings.models import Meeting, NewsItem
from cooperation.models import Group
from portal.pdf import pdf

GROUP = "stuurgroep-bibliotheeknetwerk"
SECRETARY = "stuurgroep@kennisplein.test"
EDITOR = "beheer@kennisplein.test"

CAPTIONS = """WEBVTT

00:00:00.000 --> 00:00:02.000
Welkom bij de stuurgroep Bibliotheeknetwerk.

00:00:02.000 --> 00:00:04.000
Dit is de demo-opname van de vergadering.
"""


def _tone_wav(seconds: float = 4.0, rate: int = 8000) -> bytes:
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(
            b"".join(
                struct.pack("<h", int(6000 * math.sin(2 * math.pi * 330 * i / rate)))
                for i in range(int(seconds * rate))
            )
        )
    return buffer.getvalue()


def _at(days: int, hour: int):
    moment = timezone.localtime() + timedelta(days=days)
    return moment.replace(hour=hour, minute=0, second=0, microsecond=0)


def _meeting(group, secretary, title, days, agenda) -> tuple[Meeting, bool]:
    existing = Meeting.objects.filter(group=group, title=title).first()
    if existing:
        return existing, False
    meeting = services.meeting_create(
        group=group,
        by=secretary,
        title=title,
        starts_at=_at(days, 14),
        ends_at=_at(days, 16),
        place="Bibliotheek Centrum, zaal 2",
        online_url="https://vergaderen.example.org/stuurgroep",
        agenda_source=agenda,
    )
    return meeting, True


def demo_meetings() -> list[Meeting]:
    group = Group.objects.filter(slug=GROUP).first()
    secretary = User.objects.filter(email=SECRETARY).first()
    if group is None or secretary is None:
        return []
    january, new_january = _meeting(
        group,
        secretary,
        "Stuurgroep: jaarplan en begroting",
        -56,
        "1. Opening\n2. Jaarplan netwerkbibliotheek\n3. Begroting\n4. Rondvraag",
    )
    march, new_march = _meeting(
        group,
        secretary,
        "Stuurgroep: evaluatie leesbevordering",
        -14,
        "1. Opening en notulen vorige vergadering\n2. Evaluatie leesbevordering\n3. Rondvraag",
    )
    may, _new = _meeting(
        group,
        secretary,
        "Stuurgroep: collectieplan",
        21,
        "1. Opening\n2. Notulen\n3. Collectieplan 2027",
    )
    if new_january:
        services.minutes_save(
            meeting=january,
            by=secretary,
            minutes_source=(
                "**Aanwezig:** de stuurgroep voltallig.\n\n"
                "Het jaarplan wordt vastgesteld. De begroting voor het netwerk wordt met "
                "één wijziging goedgekeurd: extra middelen voor leesbevordering."
            ),
        )
        services.decision_add(meeting=january, by=secretary, text="Het jaarplan is vastgesteld.")
        services.decision_add(
            meeting=january, by=secretary, text="De begroting is goedgekeurd met extra middelen."
        )
        services.action_item_add(
            meeting=january,
            by=secretary,
            text="Jaarplan rondsturen aan alle bibliotheken.",
            owner=secretary,
            due_date=_at(-40, 12).date(),
        )
        services.minutes_propose(meeting=january, by=secretary)
        services.minutes_approve(meeting=january, at_meeting=march, by=secretary)
        services.presentation_upload(
            meeting=january,
            by=secretary,
            uploaded=SimpleUploadedFile(
                "jaarplan-presentatie.pdf",
                pdf("Jaarplan netwerkbibliotheek: presentatie aan de stuurgroep"),
                content_type="application/pdf",
            ),
            title="Presentatie jaarplan",
        )
        services.recording_set(
            meeting=january,
            by=secretary,
            uploaded=SimpleUploadedFile("opname-stuurgroep.wav", _tone_wav(), "audio/wav"),
        )
        services.captions_set(
            meeting=january,
            by=secretary,
            uploaded=SimpleUploadedFile("opname.vtt", CAPTIONS.encode(), "text/vtt"),
        )
        services.meeting_publish(
            meeting=january, by=secretary, presentations=True, minutes=True, recording=True
        )
    if new_march:
        services.minutes_save(
            meeting=march,
            by=secretary,
            minutes_source="De evaluatie is besproken; het verslag volgt in de "
            "volgende vergadering.",
        )
        services.minutes_propose(meeting=march, by=secretary)
        services.action_item_add(
            meeting=march,
            by=secretary,
            text="Evaluatierapport leesbevordering afronden.",
            owner=secretary,
            due_date=_at(14, 12).date(),
        )
        services.decision_add(
            meeting=march, by=secretary, text="De evaluatie wordt voor de zomer afgerond."
        )
    _demo_news(group, secretary, january)
    return [january, march, may]


def _demo_news(group, secretary, published_meeting) -> None:
    if not NewsItem.objects.filter(group=group).exists():
        item = services.news_save(
            by=secretary,
            group=group,
            title="Stuurgroep stelt jaarplan vast",
            summary="De stuurgroep heeft het jaarplan en de begroting vastgesteld.",
            body_source=(
                "In de vergadering van de stuurgroep is het jaarplan vastgesteld. De presentatie "
                "en de opname staan op de pagina **Presentaties**."
            ),
            meetings=[published_meeting],
        )
        services.news_publish(item=item, by=secretary)
    editor = User.objects.filter(email=EDITOR).first()
    if editor is not None and not NewsItem.objects.filter(group=None).exists():
        item = services.news_save(
            by=editor,
            group=None,
            title="Welkom op het nieuwe Kennisplein",
            summary="Webinars, werkgroepen en presentaties van stuurgroepen op één plek.",
            body_source="Op Kennisplein vind je webinars, groepen en de presentaties van "
            "stuurgroepen.",
        )
        services.news_publish(item=item, by=editor)
