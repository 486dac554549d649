"""A platform where attackers wrote XSS payloads into every field people write and others read:
display names and organisations, document titles, descriptions and file names, group names and
descriptions, meeting titles, agendas and decisions, thread titles, chat messages, questions and
answers (through the services a person's action calls, so the text is stored as it would be).

One reader, "Lies Lezer", is a member where the attackers are and reads it all."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from django.core.files.base import ContentFile
from django.utils import timezone

from accounts.forms import ProfileForm
from accounts.models import User
from cooperation import services as cooperation
from cooperation.discussions import services as discussions
from cooperation.meetings import services as meetings
from cooperation.models import Group, Membership
from learning.models import Audience, Registration, WebinarPage
from live import services as live
from tests.cooperation.conftest import upload
from tests.factories import UserFactory

TEXT = b"Een gewoon tekstbestand.\n"


def typed(payload: str) -> str:
    """What a form lets through: Django's fields refuse NUL characters (and PostgreSQL stores
    none), so the payloads that carry one are typed without it."""
    return payload.replace("\x00", "")


def chunks(payloads: list[str], size: int) -> list[str]:
    """The payloads joined into texts of at most `size` characters, none cut in two."""
    out, current = [], ""
    for payload in payloads:
        payload = payload[:size]
        if current and len(current) + 1 + len(payload) > size:
            out.append(current)
            current = ""
        current = f"{current} {payload}" if current else payload
    return out + ([current] if current else [])


@dataclass
class Hostile:
    payloads: list[str]
    reader: User = None
    owner: User = None
    attackers: list = field(default_factory=list)
    library: Group = None  # documents and meetings
    members: Group = None  # the attackers, their thread and their chat
    groups: list = field(default_factory=list)  # named by the attackers
    documents: list = field(default_factory=list)
    meetings: list = field(default_factory=list)
    agenda_meeting: object = None
    thread: object = None
    webinar: WebinarPage = None
    chatters: list = field(default_factory=list)  # who wrote in the webinar's room


def _attackers(payloads: list[str]) -> list[User]:
    """One attacker per payload, whose name and organisation are that payload, as the profile
    form cleans them."""
    people = []
    for number, payload in enumerate(payloads):
        form = ProfileForm(
            data={"display_name": payload[:150], "organisation": payload[:200],
                  "preferred_language": "nl"},
            instance=User(),
        )  # fmt: skip
        if not form.is_valid():  # a name of control characters only: refused, as it should be
            continue
        people.append(
            User(
                email=f"aanvaller{number}@bibliotheek.test",
                display_name=form.cleaned_data["display_name"],
                organisation=form.cleaned_data["organisation"],
                password="!",  # no password: they never log in here
            )
        )
    return User.objects.bulk_create(people)


def build(home_page, payloads: list[str], *, chatters: int = 40) -> Hostile:
    from learning.demo import _index

    payloads = [typed(payload) for payload in payloads]
    world = Hostile(payloads=payloads)
    world.reader = UserFactory(email="lezer@bibliotheek.test", display_name="Lies Lezer")
    world.owner = UserFactory(email="eigenaar@bibliotheek.test", display_name="Olga Eigenaar")
    world.attackers = _attackers(payloads)
    editor = UserFactory(display_name="Rik Redactie", is_staff=True, is_superuser=True)

    # The library: documents whose titles, descriptions and file names are payloads.
    world.library = cooperation.group_create(
        owner=world.owner, name="Werkgroep Bibliotheek", visibility=Group.Visibility.MEMBERS
    )
    Membership.objects.create(group=world.library, user=world.reader)
    for text in chunks(payloads, 255):
        world.documents.append(
            cooperation.document_upload(
                group=world.library,
                uploaded=upload(f"{text[:200]}.txt", TEXT, "text/plain"),
                title=text,
                description=text,
                by=world.owner,
            )
        )
    # Meetings: titles, an agenda (Markdown) and decisions.
    start = timezone.now() + timedelta(days=3)
    for text in chunks(payloads[::3], 200):  # a third of the corpus: each costs a meeting
        world.meetings.append(
            meetings.meeting_create(group=world.library, by=world.owner, title=text,
                                    starts_at=start, ends_at=start + timedelta(hours=1))
        )  # fmt: skip
    world.agenda_meeting = meetings.meeting_create(
        group=world.library, by=world.owner, title="Vergadering met agenda",
        starts_at=start, ends_at=start + timedelta(hours=1),
        agenda_source="\n\n".join(payloads), place=payloads[0][:200],
    )  # fmt: skip
    for text in chunks(payloads, 4000):
        meetings.decision_add(meeting=world.agenda_meeting, by=world.owner, text=text)
        meetings.action_item_add(meeting=world.agenda_meeting, by=world.owner, text=text)
    meetings.presentation_upload(
        meeting=world.agenda_meeting, by=world.owner, title=payloads[1],
        uploaded=upload(f"{payloads[1][:100]}.txt", TEXT, "text/plain"),
    )  # fmt: skip
    meetings.meeting_publish(meeting=world.agenda_meeting, by=world.owner, presentations=True,
                             minutes=False, recording=False)  # fmt: skip

    # Groups named by attackers, open to everyone: a third of the corpus in their names, all of
    # it in their descriptions.
    names = chunks(payloads[::3], 200)
    share = -(-len(payloads) // len(names))
    for number, name in enumerate(names):
        description = "\n".join(payloads[number * share : (number + 1) * share])
        world.groups.append(
            cooperation.group_create(
                owner=world.attackers[0], name=name, description=description,
                visibility=Group.Visibility.PUBLIC, join_policy=Group.JoinPolicy.OPEN,
            )
        )  # fmt: skip

    # The attackers' own group, with the reader in it: members list, a thread, the group's chat.
    world.members = cooperation.group_create(
        owner=world.owner, name="Werkgroep Leden", visibility=Group.Visibility.MEMBERS
    )
    Membership.objects.bulk_create(
        [Membership(group=world.members, user=person) for person in world.attackers]
        + [Membership(group=world.members, user=world.reader)]
    )
    for text in chunks(payloads, 200)[:3]:
        discussions.thread_create(
            group=world.members, author=world.attackers[0], title=text, body=text
        )
    world.thread = discussions.thread_create(
        group=world.members, author=world.attackers[1], title="Draad", body="Begin"
    )
    for person in world.attackers[:8]:
        discussions.post_reply(thread=world.thread, author=person, body="Eens.")
    room = live.room_get_or_create(kind="group", target_pk=str(world.members.pk))
    for person, payload in zip(world.attackers[-chatters:], payloads[-chatters:], strict=False):
        live.message_post(room=room, user=person, body=payload)

    # A webinar during its session: chat, questions and a host's answers; afterwards its page
    # shows them with the recording (see `webinar_after`).
    now = timezone.now()
    world.webinar = _index(home_page).add_child(
        instance=WebinarPage(
            title="Webinar over veiligheid", slug="webinar-veiligheid",
            start=now - timedelta(minutes=5), end=now + timedelta(hours=1),
            audience=Audience.EVERYONE, recording_audience=Audience.EVERYONE,
            live_url="https://meet.example.org/veilig",
        )
    )  # fmt: skip
    world.webinar.recording.save("opname.mp4", ContentFile(b"\x00\x00\x00\x18ftypmp42"))
    world.webinar.save_revision().publish()
    Registration.objects.bulk_create(
        [Registration(webinar=world.webinar, user=person, status=Registration.Status.REGISTERED)
         for person in [*world.attackers[:chatters], world.reader]]
    )  # fmt: skip
    room = live.room_get_or_create(kind="webinar", target_pk=str(world.webinar.pk))
    world.chatters = world.attackers[:chatters]
    for person, payload in zip(world.chatters, payloads, strict=False):
        live.message_post(room=room, user=person, body=payload)
        question = live.question_ask(room=room, user=person, body=payload)
        live.question_answer(room=room, actor=editor, question_id=question.pk, answer=payload)
    return world


def webinar_after(world: Hostile) -> None:
    """Moves the webinar into the past: its page then shows the chat and the answered questions
    beside the recording."""
    now = timezone.now()
    WebinarPage.objects.filter(pk=world.webinar.pk).update(
        start=now - timedelta(days=1, hours=1), end=now - timedelta(days=1)
    )
