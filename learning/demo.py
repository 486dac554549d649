"""Demo content of the Leerplatform (step of `manage.py seed_demo`; idempotent).

Recordings are generated here (a few seconds of WAV tone and a WebVTT file): no downloads."""

import io
import math
import struct
import wave
from datetime import timedelta

from django.core.files.base import ContentFile
from django.utils import timezone
from wagtail.documents import get_document_model

from accounts.models import Organisation, User
from learning.models import (
    Audience,
    CalendarState,
    Chapter,
    Registration,
    Series,
    Speaker,
    WebinarIndexPage,
    WebinarPage,
    WebinarSpeaker,
)
from live.demo import demo_room_history
from portal.models import HomePage
from portal.pdf import pdf

INTRODUCTION = (
    "<p>Webinars voor bibliotheekmedewerkers: schrijf je in, doe live mee en kijk opnames "
    "terug.</p>"
)
SPEAKERS = [
    ("Anouk Jansen", "Bibliotheek Rotterdam", "Specialist digitale inclusie."),
    ("Pieter Claes", "Cultuurconnect", "Werkt aan de catalogus van de Vlaamse bibliotheken."),
    ("Fatima El Amrani", "Bibliotheek Utrecht", "Leesbevordering en jeugdwerk."),
]
# (slug, title, days from now, capacity, audience, topics, speakers, recording audience or None)
WEBINARS = [
    (
        "digitaal-hulploket",
        "Het digitale hulploket inrichten",
        3,
        40,
        Audience.EVERYONE,
        ["digitale inclusie"],
        [0],
        None,
    ),
    (
        "voorlezen-peuters",
        "Voorlezen aan peuters",
        10,
        2,
        Audience.MEMBERS,
        ["leesbevordering"],
        [2],
        None,
    ),
    (
        "catalogus-tips",
        "Tien tips voor de catalogus",
        24,
        None,
        Audience.MEMBERS,
        ["collectie"],
        [1, 0],
        None,
    ),
    (
        "ai-in-de-bibliotheek",
        "AI in de bibliotheek",
        -14,
        100,
        Audience.EVERYONE,
        ["digitale inclusie", "innovatie"],
        [0, 1],
        Audience.EVERYONE,
    ),
    (
        "leesclubs-online",
        "Leesclubs online begeleiden",
        -30,
        50,
        Audience.MEMBERS,
        ["leesbevordering"],
        [2],
        Audience.MEMBERS,
    ),
]
CAPTIONS = """WEBVTT

00:00:00.000 --> 00:00:02.000
Welkom bij dit webinar van het Leerplatform.

00:00:02.000 --> 00:00:04.000
In dit fragment hoor je een toon: de demo-opname.
"""


def _tone_wav(seconds: float = 4.0, rate: int = 8000) -> bytes:
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(
            b"".join(
                struct.pack("<h", int(8000 * math.sin(2 * math.pi * 440 * i / rate)))
                for i in range(int(seconds * rate))
            )
        )
    return buffer.getvalue()


def _index(home: HomePage) -> WebinarIndexPage:
    index = WebinarIndexPage.objects.child_of(home).first()
    if index:
        return index
    # seed_demo's first step made a placeholder StandardPage at /leerplatform/; this replaces it.
    for placeholder in home.get_children().filter(slug="leerplatform"):
        placeholder.delete()
    index = home.add_child(
        instance=WebinarIndexPage(
            title="Leerplatform", slug="leerplatform", introduction=INTRODUCTION
        )
    )
    index.save_revision().publish()
    return index


def _organisations() -> None:
    for user in User.objects.exclude(organisation="").filter(library__isnull=True):
        library, _created = Organisation.objects.get_or_create(name=user.organisation)
        user.library = library
        user.save(update_fields=["library"])
    User.objects.filter(email="bibliothecaris@kennisplein.test").update(is_library_coordinator=True)


def demo_learning() -> None:
    home = HomePage.objects.first()
    if home is None:
        return
    index = _index(home)
    _organisations()
    if WebinarPage.objects.exists():
        return
    series, _created = Series.objects.get_or_create(
        slug="bibliotheek-van-morgen",
        defaults={
            "title": "De bibliotheek van morgen",
            "description": "Een reeks over vernieuwing in de openbare bibliotheek.",
        },
    )
    speakers = [
        Speaker.objects.get_or_create(name=name, defaults={"organisation": org, "bio": bio})[0]
        for name, org, bio in SPEAKERS
    ]
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    people = {user.email: user for user in User.objects.all()}
    for slug, title, days, capacity, audience, topics, speaker_ids, recording_audience in WEBINARS:
        start = now + timedelta(days=days, hours=14 - now.hour)
        webinar = WebinarPage(
            title=title,
            slug=slug,
            summary=f"{title}: praktijkvoorbeelden en vragen uit het netwerk.",
            body=f"<p>In dit webinar gaan we in op <b>{title.lower()}</b>.</p>",
            series=series if days != 24 else None,
            start=start,
            end=start + timedelta(hours=1),
            capacity=capacity,
            audience=audience,
            live_url="https://meet.example.org/kennisplein-" + slug,
            recording_audience=recording_audience or Audience.MEMBERS,
        )
        if recording_audience:
            webinar.recording.save(f"{slug}.wav", ContentFile(_tone_wav()), save=False)
            webinar.captions.save(f"{slug}.vtt", ContentFile(CAPTIONS.encode()), save=False)
            # Watched later "with the slides".
            webinar.slides = get_document_model().objects.create(
                title=f"Dia's: {title}", file=ContentFile(pdf(title), name=f"{slug}-dias.pdf")
            )
        index.add_child(instance=webinar)
        webinar.topics.add(*topics)
        for position, speaker_id in enumerate(speaker_ids):
            WebinarSpeaker.objects.create(
                page=webinar, speaker=speakers[speaker_id], sort_order=position
            )
        if recording_audience:
            Chapter.objects.create(
                page=webinar, sort_order=0, starts_at=timedelta(0), title="Welkom"
            )
            Chapter.objects.create(
                page=webinar, sort_order=1, starts_at=timedelta(seconds=2), title="De demo-toon"
            )
        webinar.save_revision().publish()
        for email in (
            "bibliothecaris@kennisplein.test",
            "werkgroep@kennisplein.test",
            "stuurgroep@kennisplein.test",
        ):
            user = people.get(email)
            if user is None:
                continue
            # Rows as the services would have left them, without sending demo e-mails.
            taken = webinar.registrations.filter(status=Registration.Status.REGISTERED).count()
            full = capacity is not None and taken >= capacity
            Registration.objects.create(
                webinar=webinar,
                user=user,
                status=Registration.Status.WAITING if full else Registration.Status.REGISTERED,
                attended=days < 0 and email != "stuurgroep@kennisplein.test",
                queued_at=now - timedelta(days=20 if days < 0 else 1),
            )


LIVE_SLUG = "nu-live-vragenuur"
LIVE_PEOPLE = ("bibliothecaris@kennisplein.test", "werkgroep@kennisplein.test")


def demo_live_webinar() -> None:
    """A webinar that is live whenever the demo is seeded (`make run`): its start moves to a few
    minutes before now on every run, so a newcomer can try the chat and Q&A at once with two
    demo accounts in two browsers."""
    index = WebinarIndexPage.objects.first()
    if index is None:
        return
    start = timezone.now().replace(second=0, microsecond=0) - timedelta(minutes=5)
    webinar = WebinarPage.objects.filter(slug=LIVE_SLUG).first()
    if webinar is None:
        webinar = index.add_child(
            instance=WebinarPage(
                title="Vragenuur: de bibliotheek als ontmoetingsplek",
                slug=LIVE_SLUG,
                summary="Een open vragenuur, nu live: stel je vraag in de chat.",
                body="<p>Een open vragenuur met collega's uit het hele netwerk.</p>",
                start=start,
                end=start + timedelta(hours=1),
                audience=Audience.MEMBERS,
                live_url="https://meet.example.org/kennisplein-vragenuur",
            )
        )
        webinar.save_revision().publish()
    # Moved without publishing: a publish would mail every registrant a new time.
    times = {"start": start, "end": start + timedelta(hours=1)}
    WebinarPage.objects.filter(pk=webinar.pk).update(**times)
    CalendarState.objects.update_or_create(webinar=webinar, defaults=times)
    people = list(User.objects.filter(email__in=LIVE_PEOPLE).order_by("email"))
    for user in people:
        Registration.objects.get_or_create(
            webinar=webinar, user=user, defaults={"status": Registration.Status.REGISTERED}
        )
    demo_room_history("webinar", webinar.pk, people)
