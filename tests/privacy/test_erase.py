"""“Account verwijderen”: after confirming, the person's data goes; what a group still needs stays,
attributed to “voormalig lid”; seats go to the waiting list through the usual cancellation; the
search no longer finds their name; everyone else's data is untouched."""

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.socialaccount.models import SocialAccount
from django.core import mail
from django.test import Client
from django.urls import reverse
from wagtail.models import ModelLogEntry

from accounts.models import User
from cooperation.models import Invitation, JoinRequest, Membership
from learning.models import CalendarFeed, Registration
from live.models import Message, Mute, Question, QuestionVote
from notifications.models import EmailPreference, Notification
from privacy import services
from privacy.models import FormerAccount
from tests.privacy.conftest import OTTO_NAME, PIEN_NAME

pytestmark = pytest.mark.django_db

ERASE = "/account/verwijderen/"


def _search(client, word) -> int:
    response = client.get(reverse("search:search"), {"q": word})
    assert response.status_code == 200
    return response.context["page"].paginator.count


@pytest.fixture
def erased(client, story, pien, otto, password, django_capture_on_commit_callbacks):
    """Pien deletes her account on the page, with her password. Otto's view before is kept."""
    as_otto = Client()
    as_otto.force_login(otto)
    before = {"found": _search(as_otto, "Privé")}
    client.force_login(pien)
    page = client.get(ERASE).content.decode()
    before["page"] = page
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(ERASE, {"password": password, "understood": "on"})
    pien.refresh_from_db()
    return {"response": response, "before": before, "otto_client": as_otto}


def test_told_what_happens_she_is_logged_out_and_can_never_log_in_again(client, erased, password):
    page = erased["before"]["page"]
    assert "Dit gebeurt er:" in page
    assert "De inschrijving voor “Webinar over lezen” wordt geannuleerd." in page
    assert "Vul je wachtwoord in om te bevestigen dat jij het bent." in page
    response = erased["response"]
    assert response.status_code == 200
    assert "Je account is verwijderd" in response.content.decode()
    assert "_auth_user_id" not in client.session
    login = client.post(
        reverse("account_login"), {"login": "pien@bibliotheek.test", "password": password}
    )
    assert "_auth_user_id" not in client.session
    assert login.status_code == 200
    # The account row stays (posts keep an author) but names nobody and cannot log in.
    pien = User.objects.get(former_account__kind=FormerAccount.Kind.ERASED)
    assert pien.display_name == "Voormalig lid"
    assert pien.email.endswith("@kennisplein.invalid")
    assert not pien.is_active and not pien.has_usable_password()
    assert (pien.organisation, pien.library_id) == ("", None)


def test_her_personal_data_is_gone_and_the_deletion_is_audited(erased, pien, story):
    assert not EmailAddress.objects.filter(user=pien).exists()
    assert not SocialAccount.objects.filter(user=pien).exists()
    assert not Authenticator.objects.filter(user=pien).exists()
    assert not Notification.objects.filter(recipient=pien).exists()
    assert not EmailPreference.objects.filter(user=pien).exists()
    assert not CalendarFeed.objects.filter(user=pien).exists()
    assert not Membership.objects.filter(user=pien).exists()
    assert not JoinRequest.objects.filter(user=pien).exists()
    assert not Invitation.objects.filter(email__iexact="pien@bibliotheek.test").exists()
    assert not Mute.objects.filter(user=pien).exists()
    assert not QuestionVote.objects.filter(user=pien).exists()
    assert not Message.objects.filter(author=pien).exists()
    assert not Registration.objects.filter(user=pien).exists()
    # One last e-mail, at the address she had.
    [last] = [m for m in mail.outbox if m.to == ["pien@bibliotheek.test"]]
    assert last.subject == "[Kennisplein] Je account is verwijderd"
    entry = ModelLogEntry.objects.get(action=services.ERASE_ACTION)
    assert (entry.object_id, entry.user_id) == (str(pien.pk), pien.pk)
    assert entry.data == {"by_self": True}
    assert PIEN_NAME not in entry.label


def test_her_posts_stay_as_voormalig_lid_and_her_name_leaves_the_search(erased, story, otto):
    as_otto = erased["otto_client"]
    page = as_otto.get(story.thread.get_absolute_url()).content.decode()
    assert "pientekst opening" in page
    assert "Voormalig lid" in page
    assert PIEN_NAME not in page
    # Otto's reply is his own, untouched but for the mention of her name.
    assert OTTO_NAME in page
    assert "ottoantwoord voor @Voormalig lid" in page
    assert erased["before"]["found"] == 1
    assert _search(as_otto, "Privé") == 0
    assert _search(as_otto, "ottoantwoord") == 1


def test_her_seat_goes_to_the_waiting_list_as_usual(erased, story, otto):
    assert Registration.objects.get(webinar=story.upcoming, user=otto).status == "registered"
    promoted = [m for m in mail.outbox if m.to == [otto.email]]
    assert len(promoted) == 1
    assert "Webinar over lezen" in promoted[0].subject + promoted[0].body


def test_past_attendance_stays_anonymous_for_the_figures(erased, story, pien, otto, library):
    attended = Registration.objects.filter(webinar=story.past, attended=True)
    assert attended.count() == 2
    stand_in = attended.exclude(user=otto).get().user
    assert stand_in.display_name == "Voormalig deelnemer"
    assert stand_in.library == library  # the library's report keeps counting her attendance
    assert stand_in.pk != pien.pk


def test_the_chat_of_the_recording_stays_with_voormalig_deelnemer(erased, story, client):
    page = client.get(story.past.url).content.decode()
    assert "pienchat hallo" in page
    assert "Voormalig deelnemer" in page
    assert PIEN_NAME not in page
    assert "ottochat dag @Voormalig lid" in page
    question = Question.objects.get(pk=story.pien_question.pk)
    assert (question.author.display_name, question.vote_count) == ("Voormalig deelnemer", 1)


def test_otto_keeps_everything_of_his(erased, story, otto):
    otto.refresh_from_db()
    assert (otto.display_name, otto.is_active) == (OTTO_NAME, True)
    assert Membership.objects.filter(user=otto, group=story.group).exists()
    assert Message.objects.get(pk=story.otto_message.pk).author == otto
    assert QuestionVote.objects.filter(user=otto).exists()
    assert EmailAddress.objects.filter(user=otto).exists()


def test_a_wrong_password_deletes_nothing(client, pien):
    client.force_login(pien)
    response = client.post(ERASE, {"password": "fout", "understood": "on"})
    assert "Dat is niet je wachtwoord." in response.content.decode()
    pien.refresh_from_db()
    assert pien.is_active and pien.display_name == PIEN_NAME
    response = client.post(ERASE, {"password": "fout"})
    assert "Vink het vakje aan om te bevestigen dat je het begrijpt." in response.content.decode()


def test_her_other_sessions_end_too(client, pien, password):
    elsewhere = Client()
    elsewhere.force_login(pien)
    assert elsewhere.get("/account/profiel/").status_code == 200
    client.force_login(pien)
    client.post(ERASE, {"password": password, "understood": "on"})
    response = elsewhere.get("/account/profiel/")
    assert response.status_code == 302
    assert response.url.startswith("/account/login/")


def test_an_account_without_password_confirms_with_the_phrase_and_a_mailed_link(
    client, pien, otto, django_capture_on_commit_callbacks
):
    pien.set_unusable_password()
    pien.save()
    client.force_login(pien)
    page = client.get(ERASE).content.decode()
    assert "<strong>verwijder mijn account</strong>" in page
    wrong = client.post(ERASE, {"phrase": "weg ermee", "understood": "on"})
    assert "Typ precies: verwijder mijn account" in wrong.content.decode()
    sent = client.post(ERASE, {"phrase": "Verwijder  mijn account", "understood": "on"})
    assert "We stuurden een link naar pien@bibliotheek.test." in sent.content.decode()
    [message] = mail.outbox
    link = next(line for line in message.body.splitlines() if "/account/verwijderen/" in line)
    path = link[link.index("/account/verwijderen/") :]
    # Opening it deletes nothing yet (mail scanners open links); another person cannot use it.
    assert "Mijn account nu verwijderen" in client.get(path).content.decode()
    pien.refresh_from_db()
    assert pien.is_active
    as_otto = Client()
    as_otto.force_login(otto)
    assert as_otto.post(path).status_code == 400
    assert client.get(path[:-3] + "xyz/").status_code == 400
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(path)
    assert "Je account is verwijderd" in response.content.decode()
    pien.refresh_from_db()
    assert not pien.is_active
    otto.refresh_from_db()
    assert otto.is_active


def test_the_only_owner_hands_the_group_to_the_longest_standing_moderator(
    client, story, group_owner, otto, pien, password
):
    Membership.objects.filter(group=story.group, user=otto).update(role="moderator")
    client.force_login(group_owner)
    page = client.get(ERASE).content.decode()
    assert f"{OTTO_NAME} wordt eigenaar van Werkgroep Privacy." in page
    client.post(ERASE, {"password": password, "understood": "on"})
    assert Membership.objects.get(group=story.group, user=otto).role == "owner"
    assert Membership.objects.get(group=story.group, user=pien).role == "member"
