"""Actions that cannot be taken back ask first: the link on the page opens a question that names
the person or thing, and only its button (a POST) acts. Without JavaScript too."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from api import services as api_services
from api.models import AccessToken
from cooperation import services
from cooperation.meetings import services as meetings
from cooperation.models import Document, JoinRequest, Membership
from learning.models import CalendarFeed
from tests.cooperation.conftest import add_member, upload
from tests.cooperation.samples import pdf
from tests.factories import UserFactory


@pytest.fixture
def lies(db):
    return UserFactory(email="lid@bibliotheek.test", display_name="Lies Lid")


@pytest.fixture
def story(working_group, group_owner, lies):
    """Werkgroep Leesbevordering (owner Wies), with Lies as member, a document of hers, a request
    to join from Ruben, and a meeting with a presentation."""
    add_member(working_group, lies)
    document = services.document_upload(
        group=working_group, by=lies, uploaded=upload("jaarplan.pdf", pdf("Jaarplan")),
        title="Jaarplan 2027",
    )  # fmt: skip
    ruben = UserFactory(email="ruben@bibliotheek.test", display_name="Ruben Raadgever")
    request = services.membership_request(group=working_group, user=ruben)
    start = timezone.now() + timedelta(days=7)
    meeting = meetings.meeting_create(
        group=working_group, by=group_owner, title="Overleg mei", starts_at=start,
        ends_at=start + timedelta(hours=1),
    )  # fmt: skip
    meetings.presentation_add(meeting=meeting, by=group_owner, document=document)
    return {
        "group": working_group,
        "membership": Membership.objects.get(group=working_group, user=lies),
        "document": document,
        "request": request,
        "meeting": meeting,
    }


def _url(name, story, **kwargs):
    return reverse(name, kwargs={"slug": story["group"].slug, **kwargs})


# (who asks, address, words the question must hold, what must still be there after the GET)
CASES = {
    "remove a member": (
        "owner",
        lambda s: _url("cooperation:member_remove", s, pk=s["membership"].pk),
        "Lies Lid uit Werkgroep Leesbevordering verwijderen?",
        lambda s: Membership.objects.filter(pk=s["membership"].pk).exists(),
    ),
    "hand over ownership": (
        "owner",
        lambda s: _url("cooperation:transfer", s, pk=s["membership"].pk),
        "Het eigenaarschap van Werkgroep Leesbevordering overdragen aan Lies Lid?",
        lambda s: Membership.objects.get(pk=s["membership"].pk).role == Membership.Role.MEMBER,
    ),
    "decline a request": (
        "owner",
        lambda s: _url("cooperation:join_request_answer", s, pk=s["request"].pk, answer="decline"),
        "Het verzoek van Ruben Raadgever om lid te worden afwijzen?",
        lambda s: JoinRequest.objects.filter(pk=s["request"].pk).exists(),
    ),
    "leave the group": (
        "lies",
        lambda s: _url("cooperation:leave", s),
        "Werkgroep Leesbevordering verlaten?",
        lambda s: Membership.objects.filter(pk=s["membership"].pk).exists(),
    ),
    "trash a document": (
        "lies",
        lambda s: _url("cooperation:trash_add", s, pk=s["document"].pk),
        "“Jaarplan 2027” naar de prullenbak verplaatsen?",
        lambda s: Document.objects.get(pk=s["document"].pk).trashed_at is None,
    ),
    "delete a meeting": (
        "owner",
        lambda s: reverse("meetings:delete", args=[s["group"].slug, s["meeting"].pk]),
        "De vergadering “Overleg mei” verwijderen?",
        lambda s: type(s["meeting"]).objects.filter(pk=s["meeting"].pk).exists(),
    ),
    "take a presentation off a meeting": (
        "owner",
        lambda s: reverse(
            "meetings:presentation_remove",
            args=[s["group"].slug, s["meeting"].pk, s["document"].pk],
        ),
        "“Jaarplan 2027” van deze vergadering halen?",
        lambda s: s["meeting"].presentations.filter(pk=s["document"].pk).exists(),
    ),
}


@pytest.mark.parametrize("case", CASES)
def test_a_destructive_link_opens_a_question_that_names_what_will_happen(
    case, client, story, group_owner, lies
):
    who, url, question, still_there = CASES[case]
    client.force_login(group_owner if who == "owner" else lies)
    response = client.get(url(story))
    assert response.status_code == 200
    body = response.content.decode()
    assert f"<h1>{question}</h1>" in body
    assert 'method="post"' in body and "Annuleren" in body
    assert still_there(story), "a GET must change nothing"

    client.post(url(story))
    assert not still_there(story), "the confirmation's button does it"


def test_the_pages_link_to_the_question_instead_of_posting_at_once(
    client, story, group_owner, lies
):
    client.force_login(group_owner)
    members = client.get(_url("cooperation:members", story)).content.decode()
    remove = _url("cooperation:member_remove", story, pk=story["membership"].pk)
    assert f'<a href="{remove}">Verwijderen</a>' in members
    assert f'action="{remove}"' not in members
    decline = _url("cooperation:join_request_answer", story, pk=story["request"].pk,
                   answer="decline")  # fmt: skip
    assert f'action="{decline}"' not in members

    client.force_login(lies)
    group_page = client.get(story["group"].get_absolute_url()).content.decode()
    assert f'action="{_url("cooperation:leave", story)}"' not in group_page
    document_page = client.get(story["document"].get_absolute_url()).content.decode()
    assert f'action="{_url("cooperation:trash_add", story, pk=story["document"].pk)}"' not in (
        document_page
    )


def test_someone_who_may_not_act_does_not_get_the_question(client, story, lies, outsider):
    client.force_login(lies)  # a member, not the owner
    url = _url("cooperation:member_remove", story, pk=story["membership"].pk)
    assert client.get(url).status_code == 403
    client.force_login(outsider)
    assert client.get(_url("cooperation:leave", story)).status_code == 403


def test_revoking_an_api_key_and_renewing_the_calendar_address_ask_first(client, librarian):
    token, _raw = api_services.token_create(user=librarian, name="Koppeling OPAC", scope="read")
    feed = CalendarFeed.objects.create(user=librarian)
    client.force_login(librarian)

    revoke = reverse("api:token_revoke", args=[token.pk])
    assert "De sleutel “Koppeling OPAC” intrekken?" in client.get(revoke).content.decode()
    assert AccessToken.objects.get(pk=token.pk).revoked_at is None
    assert f'href="{revoke}"' in client.get(reverse("api:tokens")).content.decode()

    renew = reverse("learning:feed_revoke")
    assert "Een nieuw agenda-adres maken?" in client.get(renew).content.decode()
    assert CalendarFeed.objects.get(user=librarian).token == feed.token
    client.post(renew)
    assert CalendarFeed.objects.get(user=librarian).token != feed.token
