"""The platform as a person meets it, for the accessibility, keyboard and mobile tests.

The content is the demo of `make run` (webinars before, during and after, groups of each
visibility with documents, threads with replies, live rooms with chat and questions) plus a folder,
more documents and a recording's FAQ and transcript. Pages are served by daphne (the asgi_server
fixture), so that live rooms connect as they do in production. Each visit names a page, who looks
at it and what must be on it for the page to be in the state it claims to be in."""

import io
import threading
from dataclasses import dataclass
from datetime import timedelta

from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.core.management import call_command
from django.db import connections
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import User
from cooperation import services as cooperation
from cooperation.discussions.models import Thread
from cooperation.meetings.models import Meeting
from cooperation.models import Document, Group
from learning.models import WebinarPage
from live.demo import demo_room_history
from live.models import Message
from tests.cooperation import samples
from tests.cooperation.conftest import upload

WCAG_AA = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations", "incomplete"],  # passes summarised: a smaller, faster answer
}

BRAM = "bibliothecaris@kennisplein.test"  # librarian: registered for the webinars, in two groups
WIES = "werkgroep@kennisplein.test"  # owner of the public working group
BO = "buitenstaander@kennisplein.test"  # in no group, registered for nothing
BEA = "beheer@kennisplein.test"  # platform editor: the network report
STIJN = "stuurgroep@kennisplein.test"  # secretary of the steering committee
GROUP = "werkgroep-leesbevordering"
COMMITTEE = "stuurgroep-bibliotheeknetwerk"


@dataclass(frozen=True)
class Visit:
    name: str
    person: str | None  # e-mail address of who looks; None: anonymous
    url: str
    shows: tuple[str, ...] = ()  # CSS selectors of what must be visible: the page's state


def build_site() -> list[Visit]:
    """Builds the content (in a thread of its own: the live rooms' broadcasts use async_to_sync,
    which may not run beside Playwright's event loop) and returns the visits of the pages."""
    result = {}

    def build():
        try:
            result["visits"] = _build()
        except BaseException as error:  # handed to the test's own thread
            result["error"] = error
        finally:
            connections.close_all()  # this thread's own connection

    thread = threading.Thread(target=build)
    thread.start()
    thread.join()
    if "error" in result:
        raise result["error"]
    return result["visits"]


def _build() -> list[Visit]:
    call_command("seed_demo", stdout=io.StringIO())
    wies = User.objects.get(email=WIES)
    group = Group.objects.get(slug=GROUP)
    folder = cooperation.folder_create(group=group, name="Draaiboeken en evaluaties", by=wies)
    cooperation.folder_create(group=group, name="Foto's", by=wies)
    cooperation.document_upload(
        group=group,
        uploaded=upload("evaluatie-voorleesweek.pdf", samples.pdf("Evaluatie"), "application/pdf"),
        title="Evaluatie voorleesweek 2026",
        tags=["voorleesweek", "evaluatie"],
        folder=folder,
        by=wies,
    )
    cooperation.document_upload(
        group=group,
        uploaded=upload("leesclubs-in-de-wijk.docx", samples.docx("Leesclubs in de wijk")),
        title="Leesclubs in de wijk: een aanpak voor de voorleesweek",
        by=wies,
    )
    # A recording whose room was busy during the webinar: its FAQ and transcript are shown.
    past = WebinarPage.objects.get(slug="ai-in-de-bibliotheek")
    demo_room_history("webinar", past.pk, list(User.objects.filter(email__in=[BRAM, WIES])))
    # The demo's chat was written a while ago, not within the flood limit's last ten seconds.
    Message.objects.update(created=timezone.now() - timedelta(minutes=15))
    document = Document.objects.get(group=group, title="Draaiboek voorleesweek")
    thread = Thread.objects.get(group=group, title="Ideeën voor de voorleesweek 2027")
    meeting = Meeting.objects.filter(group__slug=COMMITTEE, action_items__isnull=False).first()
    group_url = f"/cooperatie/{GROUP}/"
    chat = ".live-compose"  # shown once the room's socket is connected
    return [
        Visit("home", None, "/", (".portals",)),
        Visit("home, logged in", BRAM, "/", (".portals", ".menu summary")),
        Visit("Leerplatform", None, "/leerplatform/", (".webinar-card",)),
        Visit("Leerplatform, logged in", BRAM, "/leerplatform/", (".webinar-card",)),
        Visit(
            "webinar before: registration open",
            BO,
            "/leerplatform/digitaal-hulploket/",
            ('form[action$="/inschrijven/"] button', ".speakers"),
        ),
        Visit(
            "webinar live: room, chat and questions",
            BRAM,
            "/leerplatform/nu-live-vragenuur/",
            ('a[href$="/deelnemen/"]', ".live-message", ".live-question", chat, ".live-ask"),
        ),
        Visit(
            "webinar after: recording, FAQ, transcript",
            BRAM,
            past.url,
            ("#recording video", ".chapters", ".webinar-faq", ".webinar-transcript"),
        ),
        Visit("my webinars", BRAM, "/leren/mijn/"),
        Visit("library report", BRAM, "/leren/bibliotheek/", (".report td",)),
        Visit("network report", BEA, "/leren/netwerk/", (".report td",)),
        Visit("groups", WIES, "/cooperatie/", (".group-card",)),
        Visit(
            "group space with library",
            WIES,
            group_url,
            (".library-folder", ".library-table td a", ".activity-list", chat),
        ),
        Visit("library folder", WIES, f"{group_url}map/{folder.pk}/", (".library-table .tag",)),
        Visit("document", WIES, document.get_absolute_url(), (".versions-table td",)),
        Visit("members", WIES, f"{group_url}leden/", (".members-table td",)),
        Visit("upload", WIES, f"{group_url}uploaden/", ('input[type="file"]',)),
        Visit("meeting", STIJN, meeting.get_absolute_url(), (".action-table td",)),
        Visit(
            "meeting, editing its minutes",
            STIJN,
            reverse("meetings:manage", args=[COMMITTEE, meeting.pk, "notulen"]),
            ('nav.meeting-tabs a[aria-current="page"]', "main form textarea"),
        ),
        Visit(
            "confirmation before leaving a group",
            WIES,
            f"{group_url}verlaten/",
            (".confirmation button",),
        ),
        Visit(
            "decision register",
            STIJN,
            f"/cooperatie/{COMMITTEE}/besluitenlijst/",
            (".action-table td",),
        ),
        Visit(
            "thread with replies",
            BRAM,
            thread.get_absolute_url(),
            (".post + .post", 'textarea[data-editor="markdown"]'),
        ),
        Visit(
            "search with facets",
            BRAM,
            "/zoeken/?q=voorleesweek",
            (".search-facets a", ".search-hit__snippet mark"),
        ),
        Visit("account settings", BRAM, "/account/profiel/", ("main form",)),
        Visit("notification settings", BRAM, "/account/meldingen/", ('main input[type="radio"]',)),
        Visit("log-in", None, "/account/login/", ('input[type="password"]',)),
    ]


def open_as(browser, base_url: str, email: str | None, **context_options):
    """A browser page of its own for one person (logged in by session cookie), and the list that
    collects the page's script errors."""
    context = browser.new_context(base_url=base_url, locale="nl-BE", **context_options)
    if email:
        client = Client()
        client.force_login(User.objects.get(email=email))
        cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
        context.add_cookies(
            [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": base_url}]
        )
    page = context.new_page()
    page.set_default_timeout(10_000)
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    return page, errors


def show(page, visit: Visit) -> None:
    """Opens the visit's page and waits until it shows what it must."""
    page.goto(visit.url)
    for selector in visit.shows:
        expect(page.locator(selector).first, f"{visit.name}: {selector}").to_be_visible()


def axe_findings(page, options=WCAG_AA) -> list[str]:
    """What axe-core finds, and what it measured but leaves to a person: text whose contrast it
    computed too low yet called "incomplete" (it does so for text of exactly the background's
    colour, which might be hidden on purpose: the header's English button was white on white),
    and ARIA references to ids that are not on the page; and ids used twice."""
    response = Axe().run(page, options=options).response
    found = [
        f"{rule['id']}: {rule['help']}: {[node['target'] for node in rule['nodes']]}"
        for rule in response["violations"]
    ]
    for rule in response["incomplete"]:
        nodes = [node["target"] for node in rule["nodes"] if _measured_failure(rule["id"], node)]
        if nodes:
            found.append(f"{rule['id']} (measured, left for review): {rule['help']}: {nodes}")
    if duplicates := page.evaluate(DUPLICATE_IDS):
        found.append(f"ids used more than once: {duplicates}")
    return found


# Ids used twice on a page: a label, aria-describedby or skip link then finds the first one only
# (axe no longer checks this since WCAG 2.2 dropped 4.1.1, but the label association still breaks).
DUPLICATE_IDS = """() => {
    const seen = new Map();
    for (const element of document.querySelectorAll("[id]")) {
        seen.set(element.id, (seen.get(element.id) || 0) + 1);
    }
    return [...seen].filter(([id, count]) => count > 1).map(([id]) => id);
}"""


def _measured_failure(rule: str, node: dict) -> bool:
    if rule == "aria-valid-attr-value":
        return True
    if rule != "color-contrast":
        return False
    for check in node["any"]:
        data = check.get("data") or {}
        ratio, expected = data.get("contrastRatio"), data.get("expectedContrastRatio")
        if ratio and expected and ratio < float(expected.removesuffix(":1")):
            return True
    return False
