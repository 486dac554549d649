"""Content of every type in every visibility, for the search tests. The factories of the learning
and cooperation tests are reused (imported), not copied."""

import pytest

from cooperation import services
from cooperation.models import Group
from learning.models import Audience
from tests.cooperation.conftest import (  # noqa: F401 (fixtures)
    _staging_folder,
    add_member,
    group_owner,
    make_group,
    upload,
)
from tests.cooperation.samples import pdf
from tests.factories import UserFactory
from tests.learning.conftest import make_webinar, webinar_index  # noqa: F401 (fixtures)


@pytest.fixture
def member(db):
    """A librarian who is a member of the members-only group, of one secret group and of the
    webinars' audience group."""
    return UserFactory(email="lid@bibliotheek.test", display_name="Lies Lid")


@pytest.fixture
def make_document(group_owner, django_capture_on_commit_callbacks):  # noqa: F811
    """Uploads a real PDF and runs what follows the commit (text extraction, then reindex)."""

    def make(group, *, title, text="", description=""):
        with django_capture_on_commit_callbacks(execute=True):
            return services.document_upload(
                group=group,
                uploaded=upload(f"{title}.pdf", pdf(text or title), "application/pdf"),
                by=group_owner,
                title=title,
                description=description,
            )

    return make


def vtt(cues) -> str:
    def stamp(seconds):
        return f"{int(seconds) // 3600:02d}:{int(seconds) % 3600 // 60:02d}:{seconds % 60:06.3f}"

    return "WEBVTT\n\n" + "\n\n".join(
        f"{stamp(start)} --> {stamp(start + 4)}\n{text}" for start, text in cues
    )


@pytest.fixture
def make_recorded_webinar(make_webinar, group_owner, django_capture_on_commit_callbacks):  # noqa: F811
    """A past webinar whose room was used during the session; then its recording (and captions)
    is published, as an editor does after the session."""
    from datetime import timedelta

    from django.core.files.base import ContentFile

    from live.models import Message, Question, Room

    def make(
        *,
        title,
        audience=Audience.EVERYONE,
        audience_group=None,
        recording_audience=Audience.MEMBERS,
        recording_group=None,
        captions=(),
        chat=(),
        hidden_chat=(),
        answered=(),
        unanswered=(),
        with_recording=True,
    ):
        webinar = make_webinar(
            title=title,
            starts_in=-timedelta(days=3),
            audience=audience,
            audience_group=audience_group,
            recording_audience=recording_audience,
            recording_group=recording_group,
            publish=False,
        )
        room = Room.objects.create(kind="webinar", target_pk=str(webinar.pk), state="closed")
        for body in chat:
            Message.objects.create(room=room, author=group_owner, body=body, body_html=body)
        for body in hidden_chat:
            Message.objects.create(
                room=room, author=group_owner, body=body, body_html=body, hidden=True
            )
        for body, answer in answered:
            Question.objects.create(
                room=room, author=group_owner, body=body, answer=answer, answered=True
            )
        for body in unanswered:
            Question.objects.create(room=room, author=group_owner, body=body)
        if with_recording:
            webinar.recording.save("opname.wav", ContentFile(b"RIFF0000WAVE"), save=False)
        if captions:
            webinar.captions.save("opname.vtt", ContentFile(vtt(captions).encode()), save=False)
        with django_capture_on_commit_callbacks(execute=True):
            webinar.save_revision().publish()
        return webinar

    return make


@pytest.fixture
def world(
    make_group,  # noqa: F811
    make_webinar,  # noqa: F811
    make_document,
    make_recorded_webinar,
    member,
    group_owner,  # noqa: F811
    home_page,
):
    """Each hidden item carries one word no visible item has; `seen_by` says who may see it."""
    public = make_group(Group.Visibility.PUBLIC, name="Werkgroep Openbaar")
    members_only = make_group(Group.Visibility.MEMBERS, name="Werkgroep Ledenkring")
    secret_joined = make_group(Group.Visibility.SECRET, name="Stuurgroep Fluistertoren")
    secret_other = make_group(Group.Visibility.SECRET, name="Stuurgroep Zwijgzaam")
    add_member(members_only, member)
    add_member(secret_joined, member)
    audience = make_group(Group.Visibility.MEMBERS, name="Webinargroep")
    add_member(audience, member)

    make_document(public, title="Jaarplan openbaar", text="Kwartaalcijfers uitleenbalie")
    make_document(members_only, title="Notulen", text="Vertrouwelijk ledenkringdossier")
    make_document(secret_joined, title="Agenda", text="Strategie fluisterplan")
    make_document(secret_other, title="Begroting", text="Geheim zwijgzaamheidsbudget")
    trashed = make_document(public, title="Oud", text="Weggegooide prullenbaktekst")
    services.document_trash(document=trashed, by=group_owner)

    make_webinar(title="Open webinar leesplezier", audience=Audience.EVERYONE)
    make_webinar(title="Ledenwebinar inlogkennis", audience=Audience.MEMBERS)
    make_webinar(
        title="Groepswebinar kringkennis", audience=Audience.GROUP, audience_group=audience
    )
    make_webinar(
        title="Conceptwebinar kladversie", audience=Audience.EVERYONE, publish=False, live=False
    )

    # What was said with recordings: found by those who may watch the recording, nobody else.
    make_recorded_webinar(
        title="Opname voor leden",
        recording_audience=Audience.MEMBERS,
        captions=[(0, "Welkom"), (83, "Het ondertitelwoord valt hier")],
        chat=["Een chatbericht met kletspraatje"],
        hidden_chat=["Verborgen scheldwoordbericht"],
        answered=[("Is er een vraagwoordje?", "Ja, een antwoordwoordje")],
        unanswered=["Een onbeantwoordvraagje"],
    )
    make_recorded_webinar(
        title="Opname voor de groep",
        recording_audience=Audience.GROUP,
        recording_group=audience,
        captions=[(5, "Een groepsopnamewoord")],
        chat=["Groepschatwoord"],
    )
    make_recorded_webinar(  # the webinar itself is for the group only
        title="Groepswebinar met opname",
        audience=Audience.GROUP,
        audience_group=audience,
        recording_audience=Audience.EVERYONE,
        captions=[(5, "Een kringopnamewoord")],
    )
    make_recorded_webinar(
        title="Sessie zonder opname",
        recording_audience=Audience.EVERYONE,
        chat=["Zonderopnamewoord in de chat"],
        with_recording=False,
    )

    from wagtail.models import PageViewRestriction

    from portal.models import StandardPage

    page = home_page.add_child(instance=StandardPage(title="Over ons", body="<p>Redactietekst</p>"))
    page.save_revision().publish()
    restricted = home_page.add_child(
        instance=StandardPage(title="Intern", body="<p>Afgeschermdtekst</p>")
    )
    restricted.save_revision().publish()
    PageViewRestriction.objects.create(page=restricted, restriction_type="login")
    home_page.add_child(
        instance=StandardPage(title="Concept", body="<p>Ontwerptekst</p>", live=False)
    )
    return {"public": public, "members_only": members_only, "secret": secret_joined}
