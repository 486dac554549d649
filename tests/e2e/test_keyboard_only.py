"""Without a mouse, with Tab, Shift+Tab, Enter, Space, Escape and typing only: a librarian
registers for a webinar, chats and asks a question in a live webinar, and a group owner uploads a
document through the browser's file chooser. On the way, every element that takes the focus shows
it (an outline or a ring), the focus moves forward through the page as it reads, the skip link
leads to the content, and the account menu, the search suggestions and the editor's @mention
list close with Escape."""

import pytest
from playwright.sync_api import expect

from cooperation.models import Document
from learning.models import Registration
from live.models import Message, Question
from tests.cooperation import samples
from tests.e2e.a11y_site import BO, BRAM, GROUP, WIES, build_site, open_as

pytestmark = pytest.mark.django_db(transaction=True)

# What a person sees of the focused element: is there a visible indicator, and does the focus go
# forward (later in the page, and not back up the screen) from the element focused before?
FOCUSED = """() => {
    const element = document.activeElement;
    const style = getComputedStyle(element);
    const box = element.getBoundingClientRect();
    const top = box.top + scrollY;
    const previous = window.kpPreviousFocus;
    const forward = !previous || !previous.isConnected || Boolean(
        previous.compareDocumentPosition(element) & Node.DOCUMENT_POSITION_FOLLOWING);
    const upwards = window.kpPreviousTop !== undefined && top < window.kpPreviousTop - 40;
    window.kpPreviousFocus = element;
    window.kpPreviousTop = top;
    return {
        name: `${element.tagName.toLowerCase()} "${(element.textContent || element.name ||
               element.id).trim().slice(0, 40)}"`,
        indicator: (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0)
                   || (style.boxShadow !== "none" && style.boxShadow !== ""),
        forward, upwards, onScreen: box.width > 0 && box.height > 0,
    };
}"""


def tab_to(page, target, *, backwards=False, most=60) -> list[str]:
    """Presses Tab (or Shift+Tab) until `target` has the focus; every element on the way must show
    its focus and, going forward, follow the one before. Returns the names of the stops."""
    page.evaluate("() => { delete window.kpPreviousFocus; delete window.kpPreviousTop; }")
    stops = []
    for _ in range(most):
        page.keyboard.press("Shift+Tab" if backwards else "Tab")
        focused = page.evaluate(FOCUSED)
        stops.append(focused["name"])
        assert focused["onScreen"], f"the focus is on something unseen: {stops}"
        assert focused["indicator"], f"no visible focus on {focused['name']}: {stops}"
        if not backwards:
            assert focused["forward"] and not focused["upwards"], f"focus jumped back: {stops}"
        if target.evaluate("element => element === document.activeElement"):
            return stops
    raise AssertionError(f"{target} never got the focus: {stops}")


def skip_to_content(page) -> None:
    """The first Tab of a page reaches the skip link, visibly; Enter puts the focus in <main>."""
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    expect(skip).to_be_focused()
    assert page.evaluate(FOCUSED)["indicator"]
    assert skip.bounding_box()["y"] >= 0  # shown on the screen once focused
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()


def test_register_chat_ask_and_upload_with_the_keyboard_only(
    browser, asgi_server, settings, tmp_path
):
    settings.COOPERATION_UPLOAD_STAGING_DIR = tmp_path / "staging"
    visits = {visit.name: visit for visit in build_site()}
    people = {email: open_as(browser, asgi_server, email) for email in (BO, BRAM, WIES)}
    try:
        _search_suggestions_close_with_escape(people[BO][0])
        _register_for_a_webinar(people[BO][0])
        _chat_and_ask_in_a_live_webinar(people[BRAM][0])
        _account_menu_opens_and_closes_with_escape(people[BRAM][0])
        _mention_list_closes_with_escape(people[BRAM][0], visits["thread with replies"].url)
        _upload_a_document(people[WIES][0])
    finally:
        for page, _errors in people.values():
            page.context.close()
    assert [errors for _page, errors in people.values() if errors] == []


def _search_suggestions_close_with_escape(page):
    page.goto("/")
    box = page.get_by_role("combobox", name="Zoeken op Kennisplein")
    tab_to(page, box)
    page.keyboard.type("voorle")
    suggestions = page.get_by_role("listbox", name="Suggesties")
    expect(suggestions).to_be_visible()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Escape")
    expect(suggestions).to_be_hidden()
    expect(box).to_be_focused()
    expect(box).to_have_value("voorle")


def _register_for_a_webinar(page):
    page.goto("/leerplatform/digitaal-hulploket/")
    skip_to_content(page)
    tab_to(page, page.get_by_role("button", name="Inschrijven"))
    page.keyboard.press("Enter")
    expect(page.get_by_text("Je bent ingeschreven.").first).to_be_visible()
    assert Registration.objects.filter(
        user__email=BO, webinar__slug="digitaal-hulploket", status=Registration.Status.REGISTERED
    ).exists()


def _chat_and_ask_in_a_live_webinar(page):
    page.goto("/leerplatform/nu-live-vragenuur/")
    message = page.get_by_label("Je bericht")
    expect(message).to_be_visible()  # once the room's socket is connected
    skip_to_content(page)
    tab_to(page, message)
    page.keyboard.type("Goedemiddag vanuit Gent!")
    page.keyboard.press("Enter")  # sends; Shift+Enter would start a new line
    expect(page.locator(".live-message", has_text="Goedemiddag vanuit Gent!")).to_be_visible()
    expect(message).to_have_value("")

    question = page.get_by_label("Stel een vraag")
    tab_to(page, question)
    page.keyboard.type("Komt de opname op het Leerplatform?")
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Vragen", exact=True)).to_be_focused()
    page.keyboard.press("Space")
    expect(
        page.locator(".live-question", has_text="Komt de opname op het Leerplatform?")
    ).to_be_visible()
    assert Message.objects.filter(author__email=BRAM, body="Goedemiddag vanuit Gent!").exists()
    assert Question.objects.filter(
        author__email=BRAM, body="Komt de opname op het Leerplatform?"
    ).exists()


def _account_menu_opens_and_closes_with_escape(page):
    # Back up the page with Shift+Tab, from the question box to the header's account menu.
    menu = page.locator("details.menu")
    tab_to(page, menu.locator("summary"), backwards=True)
    page.keyboard.press("Enter")
    expect(menu.get_by_role("link", name="Mijn profiel")).to_be_visible()
    page.keyboard.press("Tab")
    expect(menu.get_by_role("link", name="Mijn profiel")).to_be_focused()
    page.keyboard.press("Escape")
    expect(menu.get_by_role("link", name="Mijn profiel")).to_be_hidden()
    expect(menu.locator("summary")).to_be_focused()


def _mention_list_closes_with_escape(page, thread_url):
    page.goto(thread_url)
    skip_to_content(page)
    reply = page.get_by_label("Je bericht")
    tab_to(page, reply, most=100)
    page.keyboard.type("Dank je, @wi")
    mentions = page.get_by_role("option", name="Wies Werkgroep")
    expect(mentions).to_be_visible()
    page.keyboard.press("Escape")
    expect(mentions).to_be_hidden()
    expect(reply).to_be_focused()
    expect(reply).to_have_value("Dank je, @wi")


def _upload_a_document(page):
    # Playwright turns Chromium's file-chooser interception on and off with messages it does not
    # wait for, as the first listener comes and the last goes; so expect_file_chooser alone can
    # miss the chooser (5 tries in 20, with a bare page). A listener held from before the page
    # loads keeps the interception on.
    page.on("filechooser", lambda chooser: None)
    page.goto(f"/cooperatie/{GROUP}/")
    skip_to_content(page)
    tab_to(page, page.get_by_role("link", name="Bestanden uploaden"))
    page.keyboard.press("Enter")
    chooser_input = page.get_by_label("Bestanden")
    expect(chooser_input).to_be_visible()
    skip_to_content(page)
    tab_to(page, chooser_input)
    with page.expect_file_chooser() as chooser:
        page.keyboard.press("Space")  # opens the browser's own file chooser
    chooser.value.set_files(
        [
            {
                "name": "jaarverslag-leesbevordering.pdf",
                "mimeType": "application/pdf",
                "buffer": samples.pdf("Jaarverslag"),
            }
        ]
    )
    expect(page.locator("[data-upload-list] li", has_text="jaarverslag")).to_be_visible()
    tab_to(page, page.get_by_role("button", name="Uploaden", exact=True))
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"/cooperatie/{GROUP}/")
    expect(page.get_by_role("link", name="Jaarverslag leesbevordering", exact=True)).to_be_visible()
    assert Document.objects.filter(group__slug=GROUP, title="Jaarverslag leesbevordering").exists()
