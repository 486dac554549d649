"""Day one for real users (issue 20), in a real Chromium: a destructive click asks first or can be
undone, the meeting page is for reading and the secretary edits on tabs, the recording and its
captions download visibly, a document is named readably and renamed by a member, the network
report is in the editors' menu, and whoever waits for a seat sees their place."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect

from cooperation import services as group_services
from cooperation.meetings import services as meetings
from cooperation.models import Group, Membership
from learning import services as learning
from learning.demo import CAPTIONS, _index, _tone_wav
from learning.models import Audience, Registration, WebinarPage
from tests.cooperation.conftest import add_member, upload
from tests.cooperation.samples import pdf
from tests.factories import UserFactory
from tests.meetings.conftest import VTT, wav

pytestmark = pytest.mark.django_db(transaction=True)


def _log_in(page, live_server, user):
    """A forced log-in's session, handed to the browser: these tests are not about logging in."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.clear_cookies()
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}]
    )


@pytest.fixture
def people(db):
    return {
        "wies": UserFactory(email="werkgroep@bibliotheek.test", display_name="Wies Werkgroep"),
        "lies": UserFactory(email="lid@bibliotheek.test", display_name="Lies Lid"),
    }


@pytest.fixture
def werkgroep(people):
    group = group_services.group_create(
        owner=people["wies"], name="Werkgroep Leesbevordering", visibility=Group.Visibility.MEMBERS
    )
    add_member(group, people["lies"])
    return group


def test_removing_a_member_asks_first_and_cancel_keeps_them(
    page, live_server, home_page, people, werkgroep
):
    _log_in(page, live_server, people["wies"])
    page.goto(f"/cooperatie/{werkgroep.slug}/leden/")
    row = page.get_by_role("row", name="Lies Lid")
    row.get_by_role("link", name="Verwijderen").click()
    expect(page.get_by_role("heading", name="Lies Lid uit Werkgroep Leesbevordering verwijderen?"))
    page.get_by_role("link", name="Annuleren").click()
    expect(page.get_by_role("row", name="Lies Lid")).to_be_visible()
    assert Membership.objects.filter(group=werkgroep, user=people["lies"]).exists()

    page.get_by_role("row", name="Lies Lid").get_by_role("link", name="Verwijderen").click()
    page.get_by_role("button", name="Uit de groep verwijderen").click()
    expect(page.get_by_text("Lies Lid is geen lid meer.")).to_be_visible()
    expect(page.get_by_role("row", name="Lies Lid")).to_have_count(0)


def _webinar(home_page, **fields) -> WebinarPage:
    start = fields.pop("start", timezone.now() + timedelta(days=3))
    return _index(home_page).add_child(
        instance=WebinarPage(start=start, end=start + timedelta(hours=1), **fields)
    )


def test_a_cancelled_registration_is_undone_and_a_waiting_place_is_shown(
    page, live_server, home_page, people
):
    webinar = _webinar(home_page, title="Voorlezen met prenten", slug="voorlezen", capacity=1)
    learning.registration_create(webinar=webinar, user=people["wies"])
    learning.registration_create(webinar=webinar, user=UserFactory())
    learning.registration_create(webinar=webinar, user=people["lies"])  # 2nd in line

    _log_in(page, live_server, people["lies"])
    page.goto(webinar.url)
    expect(page.get_by_text("Je staat op plaats 2 van de wachtlijst.")).to_be_visible()
    page.goto("/leren/mijn/")
    expect(page.get_by_text("Op plaats 2 van de wachtlijst")).to_be_visible()

    _log_in(page, live_server, people["wies"])
    page.goto(webinar.url)
    page.get_by_role("button", name="Mijn inschrijving annuleren").click()
    expect(page.get_by_text("Inschrijving geannuleerd.")).to_be_visible()
    page.get_by_role("button", name="Ongedaan maken").click()
    # The seat went to the first in line meanwhile: Wies is first in line now, ahead of Lies.
    expect(page.get_by_text("Je staat weer op de wachtlijst, op plaats 1.")).to_be_visible()
    assert Registration.objects.get(user=people["wies"]).status == "waiting"


@pytest.fixture
def committee_meeting(people, werkgroep):
    secretary = people["wies"]
    start = timezone.now() - timedelta(days=3)
    meeting = meetings.meeting_create(
        group=werkgroep, by=secretary, title="Overleg maart", starts_at=start,
        ends_at=start + timedelta(hours=2), agenda_source="1. Jaarplan",
    )  # fmt: skip
    meetings.presentation_upload(
        meeting=meeting, by=secretary, title="Sheets jaarplan",
        uploaded=upload("sheets.pdf", pdf("Jaarplan"), "application/pdf"),
    )  # fmt: skip
    meetings.recording_set(meeting=meeting, by=secretary, uploaded=upload("o.wav", wav(1.0)))
    meetings.captions_set(meeting=meeting, by=secretary, uploaded=upload("o.vtt", VTT))
    meetings.minutes_save(
        meeting=meeting, by=secretary, minutes_source="Het jaarplan is besproken."
    )
    return meeting


def test_members_read_the_meeting_and_the_secretary_reaches_each_form_on_its_tab(
    page, live_server, home_page, people, committee_meeting
):
    meeting = committee_meeting
    _log_in(page, live_server, people["lies"])
    page.goto(meeting.get_absolute_url())
    expect(page.get_by_text("Het jaarplan is besproken.")).to_be_visible()
    expect(page.get_by_role("link", name="Sheets jaarplan")).to_be_visible()
    expect(page.locator("video.meeting-recording")).to_be_visible()
    expect(page.locator("main form")).to_have_count(0)
    expect(page.get_by_role("link", name="Bewerken")).to_have_count(0)

    _log_in(page, live_server, people["wies"])
    page.goto(meeting.get_absolute_url())
    expect(page.locator("main form")).to_have_count(0)  # reading here too
    page.get_by_role("link", name="Bewerken").click()
    tabs = page.get_by_role("navigation", name="De vergadering bewerken")
    buttons = {
        "Gegevens en agenda": ["Opslaan"],
        "Deelnemers": ["Aanwezigheid opslaan"],
        "Notulen, besluiten en acties": [
            "Notulen opslaan",
            "Besluit vastleggen",
            "Actie toevoegen",
        ],
        "Presentaties en opname": ["Presentatie toevoegen", "Uploaden"],
        "Publicatie": ["Publicatie opslaan"],
    }
    for tab, names in buttons.items():
        tabs.get_by_role("link", name=tab).click()
        expect(tabs.get_by_role("link", name=tab)).to_have_attribute("aria-current", "page")
        for name in names:
            expect(page.get_by_role("button", name=name, exact=True)).to_be_visible()

    tabs.get_by_role("link", name="Notulen, besluiten en acties").click()
    page.get_by_role("textbox", name="Besluit").fill("Het jaarplan wordt aangenomen.")
    page.get_by_role("button", name="Besluit vastleggen").click()
    expect(page.get_by_text("Het besluit is vastgelegd.")).to_be_visible()
    expect(tabs.get_by_role("link", name="Notulen, besluiten en acties")).to_have_attribute(
        "aria-current", "page"
    )
    page.get_by_role("link", name="Klaar: terug naar de vergadering").click()
    expect(page.get_by_text("Het jaarplan wordt aangenomen.")).to_be_visible()


def test_recording_and_captions_download_visibly_for_whoever_may_watch(
    page, live_server, home_page, people
):
    webinar = WebinarPage(
        title="Opname voor leden", slug="opname-leden",
        start=timezone.now() - timedelta(days=2), end=timezone.now() - timedelta(days=2, hours=-1),
        audience=Audience.MEMBERS, recording_audience=Audience.MEMBERS,
    )  # fmt: skip
    webinar.recording.save("demo.wav", ContentFile(_tone_wav()), save=False)
    webinar.captions.save("demo.vtt", ContentFile(CAPTIONS.encode()), save=False)
    webinar = _index(home_page).add_child(instance=webinar)

    _log_in(page, live_server, people["lies"])
    page.goto(webinar.url)
    recording = page.get_by_role("link", name="Opname downloaden")
    expect(recording.locator("..")).to_contain_text("KB")  # its size beside it
    with page.expect_download() as download:
        recording.click()
    assert download.value.path().stat().st_size == webinar.recording.size
    with page.expect_download() as download:
        page.get_by_role("link", name="Ondertiteling downloaden (WebVTT)").click()
    assert download.value.path().read_text().startswith("WEBVTT")

    page.context.clear_cookies()  # an anonymous visitor may not watch: no links, no file
    page.goto(webinar.url)
    expect(page.get_by_role("link", name="Opname downloaden")).to_have_count(0)
    assert page.request.get(f"/leren/webinar/{webinar.pk}/opname/").status == 404


def test_a_member_renames_an_uploaded_document_without_technical_columns(
    page, live_server, home_page, people, werkgroep
):
    document = group_services.document_upload(
        group=werkgroep, by=people["wies"],
        uploaded=upload("jaarplan_2027-concept.pdf", pdf("Jaarplan"), "application/pdf"),
    )  # fmt: skip
    _log_in(page, live_server, people["lies"])
    page.goto(f"/cooperatie/{werkgroep.slug}/")
    page.get_by_role("link", name="Jaarplan 2027 concept", exact=True).click()
    expect(page.get_by_role("columnheader", name="SHA-256-controlesom")).to_have_count(0)
    expect(page.get_by_text(document.current_version.sha256)).to_be_hidden()
    page.get_by_role("link", name="Titel of beschrijving wijzigen").click()
    page.get_by_role("textbox", name="Titel", exact=True).fill("Jaarplan 2027")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Jaarplan 2027")


def test_the_editor_finds_the_network_report_in_the_admin_menu(
    page, live_server, home_page, editor
):
    _log_in(page, live_server, editor)
    page.goto("/admin/")
    page.get_by_role("button", name="Rapporten").click()
    page.get_by_role("link", name="Netwerkrapport").click()
    expect(page.get_by_role("heading", name="Netwerkrapport")).to_be_visible()
