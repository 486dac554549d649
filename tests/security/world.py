"""A small platform with content in every visibility, for the route walk.

Every piece of content of a visibility carries that visibility's marker word, in titles, texts,
file bytes, links and chat. A person who may not see a visibility must never meet its marker, on
any page, file, feed or socket; a person who may see it must meet it where the content is shown
(so that the walk cannot pass by asking for pages that do not exist)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from django.core.files.base import ContentFile
from django.utils import timezone

from cooperation import services as cooperation
from cooperation.models import Group, Membership
from learning.models import Audience, Registration, WebinarPage
from live import services as live
from tests.cooperation.conftest import upload
from tests.factories import UserFactory

PUBLIC, MEMBERS, SECRET = "public", "members", "secret"
VISIBILITIES = (PUBLIC, MEMBERS, SECRET)
# Single words, so that search tokenises them whole.
MARKERS = {PUBLIC: "zzopenbaar", MEMBERS: "zzledenwerk", SECRET: "zzgeheimwerk"}
# What the walk types into the search box: a second word beside the marker, so that the page's echo
# of the query is not mistaken for a leak, while a hit (title, snippet) shows the marker itself.
SEARCH_WORDS = {PUBLIC: "vindopenbaar", MEMBERS: "vindledenwerk", SECRET: "vindgeheimwerk"}
HIDDEN = {MEMBERS, SECRET}

PERSONAS = ("anonymous", "outsider", "member", "moderator", "staff")
# What each kind of person may see: members and moderators belong to every group; staff are
# platform editors (superusers) and see everything.
MAY_SEE = {
    "anonymous": {PUBLIC},
    "outsider": {PUBLIC},
    "member": {PUBLIC, MEMBERS, SECRET},
    "moderator": {PUBLIC, MEMBERS, SECRET},
    "staff": {PUBLIC, MEMBERS, SECRET},
}


@dataclass
class World:
    people: dict = field(default_factory=dict)
    groups: dict = field(default_factory=dict)
    folders: dict = field(default_factory=dict)
    documents: dict = field(default_factory=dict)
    trashed: dict = field(default_factory=dict)
    webinars: dict = field(default_factory=dict)
    registrations: dict = field(default_factory=dict)
    invitation: object = None
    meetings: dict = field(default_factory=dict)
    presentations: dict = field(default_factory=dict)
    action_items: dict = field(default_factory=dict)
    news: dict = field(default_factory=dict)
    threads: dict = field(default_factory=dict)
    replies: dict = field(default_factory=dict)

    def hidden_markers(self, persona: str) -> list[str]:
        return [MARKERS[v] for v in VISIBILITIES if v not in MAY_SEE[persona]]


def build_world(home_page) -> World:
    from learning.demo import _index

    world = World()
    owner = UserFactory(email="eigenaar@bibliotheek.test", display_name="Olga Eigenaar")
    world.people = {
        "owner": owner,
        "outsider": UserFactory(email="buiten@bibliotheek.test", display_name="Bo Buiten"),
        "member": UserFactory(email="lid@bibliotheek.test", display_name="Lia Lid"),
        "moderator": UserFactory(email="moderator@bibliotheek.test", display_name="Mo Moderator"),
        "staff": UserFactory(
            email="redactie@kennisplein.test",
            display_name="Rik Redactie",
            is_staff=True,
            is_superuser=True,
        ),
    }
    index = _index(home_page)
    start = timezone.now() - timedelta(minutes=10)  # live now: rooms open, live links shown
    for visibility in VISIBILITIES:
        marker = MARKERS[visibility]  # in file names and links
        label = f"{SEARCH_WORDS[visibility]} {marker}"  # in titles and texts
        # A members-only group's name is public by design; only a secret group hides it.
        name = f"Stuurgroep {label}" if visibility == SECRET else f"Werkgroep {visibility}"
        group = cooperation.group_create(
            owner=owner,
            name=name,
            description=f"Over {label}" if visibility == SECRET else "Over de werkgroep",
            visibility=visibility,
            join_policy=Group.JoinPolicy.OPEN if visibility == PUBLIC else Group.JoinPolicy.REQUEST,
        )
        Membership.objects.create(group=group, user=world.people["member"])
        Membership.objects.create(
            group=group, user=world.people["moderator"], role=Membership.Role.MODERATOR
        )
        world.groups[visibility] = group
        world.folders[visibility] = cooperation.folder_create(
            group=group, name=f"Map {label}", by=owner
        )
        world.documents[visibility] = cooperation.document_upload(
            group=group,
            uploaded=upload(f"verslag-{marker}.txt", f"Verslag {label}\n".encode(), "text/plain"),
            title=f"Verslag {label}",
            by=owner,
        )
        trashed = cooperation.document_upload(
            group=group,
            uploaded=upload(f"oud-{marker}.txt", f"Oud {label}\n".encode(), "text/plain"),
            title=f"Oud {label}",
            by=owner,
        )
        world.trashed[visibility] = cooperation.document_trash(document=trashed, by=owner)

        webinar = index.add_child(
            instance=WebinarPage(
                title=f"Webinar {label}",
                slug=f"webinar-{visibility}",
                summary=f"Een webinar over {label}",
                start=start,
                end=start + timedelta(hours=1),
                audience=Audience.EVERYONE if visibility == PUBLIC else Audience.GROUP,
                audience_group=None if visibility == PUBLIC else group,
                live_url=f"https://meet.example.org/{marker}",
                recording_audience=Audience.EVERYONE if visibility == PUBLIC else Audience.GROUP,
                recording_group=None if visibility == PUBLIC else group,
            )
        )
        webinar.recording.save(f"opname-{visibility}.mp4", ContentFile(f"{marker}".encode()))
        webinar.captions.save(
            f"ondertitels-{visibility}.vtt",
            ContentFile(
                f"WEBVTT\n\n00:00:01.000 --> 00:00:04.000\nWe spreken over {label}\n".encode()
            ),
        )
        webinar.save_revision().publish()
        webinar.refresh_from_db()
        world.webinars[visibility] = webinar
        # Registered before the start (registration closes when the webinar begins).
        world.registrations[visibility] = Registration.objects.create(
            webinar=webinar, user=world.people["member"], status=Registration.Status.REGISTERED
        )
        for kind, target in (("group", group), ("webinar", webinar)):
            room = live.room_get_or_create(kind=kind, target_pk=target.pk)
            author = world.people["staff"] if kind == "webinar" else owner
            live.message_post(room=room, user=author, body=f"Chat over {label}")
    for visibility in VISIBILITIES:
        _add_meeting(world, visibility)
        _add_thread(world, visibility)
    world.invitation = cooperation.invitation_send(
        group=world.groups[PUBLIC], email="nieuw@bibliotheek.test", by=owner
    )
    assert Registration.objects.count() == len(VISIBILITIES)
    return world


def _recording_with(label: str) -> bytes:
    """A playable WAV whose RIFF file carries the label in a chunk of its own (players skip it)."""
    from learning.demo import _tone_wav

    wav = _tone_wav(seconds=0.5)
    note = label.encode()
    chunk = b"note" + len(note).to_bytes(4, "little") + note + (b"\0" if len(note) % 2 else b"")
    body = wav[8:] + chunk
    return b"RIFF" + len(body).to_bytes(4, "little") + body


def _add_meeting(world: World, visibility: str) -> None:
    """A meeting with agenda, minutes, a decision, an action, a presentation, a recording with
    captions and a news draft. Only the public group's meeting and news are published: what a
    group publishes is for everyone by its own decision."""
    from cooperation.meetings import services as meetings

    owner, group = world.people["owner"], world.groups[visibility]
    label = f"{SEARCH_WORDS[visibility]} {MARKERS[visibility]}"
    starts = timezone.now() + timedelta(days=7)
    meeting = meetings.meeting_create(
        group=group,
        by=owner,
        title=f"Vergadering {label}",
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        agenda_source=f"Agenda: {label}",
    )
    meetings.minutes_save(meeting=meeting, by=owner, minutes_source=f"Notulen {label}")
    meetings.decision_add(meeting=meeting, by=owner, text=f"Besluit {label}")
    world.action_items[visibility] = meetings.action_item_add(
        meeting=meeting, by=owner, text=f"Actie {label}", owner=world.people["member"]
    )
    world.presentations[visibility] = meetings.presentation_upload(
        meeting=meeting,
        by=owner,
        uploaded=upload(
            f"presentatie-{MARKERS[visibility]}.txt", f"Dia's {label}\n".encode(), "text/plain"
        ),
        title=f"Presentatie {label}",
    )
    meetings.recording_set(
        meeting=meeting,
        by=owner,
        uploaded=upload("opname.wav", _recording_with(label), "audio/wav"),
    )
    meetings.captions_set(
        meeting=meeting,
        by=owner,
        uploaded=upload(
            "opname.vtt",
            f"WEBVTT\n\n00:00:00.000 --> 00:00:00.400\nOver {label}\n".encode(),
            "text/vtt",
        ),
    )
    news = meetings.news_save(
        by=owner, group=group, title=f"Nieuws {label}", body_source=f"Verslag {label}"
    )
    if visibility == PUBLIC:
        meetings.meeting_publish(
            meeting=meeting, by=owner, presentations=True, minutes=False, recording=True
        )
        meetings.news_publish(item=news, by=owner)
    meeting.refresh_from_db()
    world.meetings[visibility] = meeting
    world.news[visibility] = news


def _add_thread(world: World, visibility: str) -> None:
    """A thread with a reply that was edited (so that moderators have a history to read)."""
    from cooperation.discussions import services as discussions

    label = f"{SEARCH_WORDS[visibility]} {MARKERS[visibility]}"
    thread = discussions.thread_create(
        group=world.groups[visibility],
        author=world.people["owner"],
        title=f"Draad {label}",
        body=f"Begin van de draad over {label}",
    )
    reply = discussions.post_reply(
        thread=thread, author=world.people["member"], body=f"Antwoord over {label}"
    )
    discussions.post_edit(post=reply, by=world.people["member"], body=f"Beter antwoord {label}")
    world.threads[visibility] = thread
    world.replies[visibility] = reply
