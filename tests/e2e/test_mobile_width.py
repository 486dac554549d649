"""At a phone's width (375 CSS px, touch) the pages of issue 10 are usable: nothing scrolls
sideways but a wide table inside its own box, every link of the main navigation and the open
account menu are on the screen, the main controls are tap targets of at least 24 by 24 px, and
no text is cut off. A screenshot of each page goes to var/screenshots/mobile/ for a person to
look at."""

from pathlib import Path

import pytest
from django.conf import settings

from tests.e2e.a11y_site import BRAM, axe_findings, build_site, open_as, show

pytestmark = pytest.mark.django_db(transaction=True)

WIDTH = 375
PHONE = {"viewport": {"width": WIDTH, "height": 667}, "is_mobile": True, "has_touch": True}
SCREENSHOTS = Path(settings.BASE_DIR) / "var" / "screenshots" / "mobile"
TARGET_SIZE = {"runOnly": {"type": "rule", "values": ["target-size"]}}  # WCAG 2.2's 2.5.8

# The main controls: everything in the header, and the page's buttons, fields and menus. Links in
# running text are exempt (WCAG 2.5.8); axe's target-size rule above judges those by spacing.
MAIN_CONTROLS = """() => {
    const controls = document.querySelectorAll(
        ".site-header a, .site-header button, .site-header input, .site-header summary," +
        "main button, main a.button, main input:not([type=hidden]), main select," +
        "main textarea, main summary");
    const small = [];
    for (const control of controls) {
        // A checkbox or radio button is tapped through its label as well.
        const target = ["checkbox", "radio"].includes(control.type) && control.labels.length
            ? control.labels[0] : control;
        const box = target.getBoundingClientRect();
        if (!box.width || target.closest("[hidden], .visually-hidden")) continue;
        if (box.width < 24 || box.height < 24) {
            const name = (control.textContent || control.name || control.id).trim().slice(0, 40);
            small.push(`${control.tagName.toLowerCase()} "${name}" ${Math.round(box.width)}x` +
                       `${Math.round(box.height)}`);
        }
    }
    return small;
}"""

# Text that reaches past the screen's edge, or that a box cuts off (overflow hidden). A wide
# table's cells scroll in their box on purpose (its caption does not); visually hidden text is cut
# off on purpose.
CUT_OFF_TEXT = """() => {
    const cut = [];
    for (const element of document.querySelectorAll("body *")) {
        if (element.closest(".visually-hidden, [hidden], script, style, template")) continue;
        if (element.closest(".table-scroll") && !element.closest("caption")) continue;
        const hasText = [...element.childNodes].some(
            (node) => node.nodeType === Node.TEXT_NODE && node.textContent.trim());
        const box = element.getBoundingClientRect();
        if (!hasText || !box.width) continue;
        const style = getComputedStyle(element);
        const clipped = ["hidden", "clip"].includes(style.overflowX)
            && element.scrollWidth > element.clientWidth + 1;
        if (box.left < -1 || box.right > innerWidth + 1 || clipped) {
            cut.push(`${element.tagName.toLowerCase()}.${element.className} ` +
                     `"${element.textContent.trim().slice(0, 40)}"`);
        }
    }
    return cut;
}"""

# Every link of the main navigation lies on the screen and is what a tap on it reaches.
NAVIGATION_UNREACHABLE = """() => [...document.querySelectorAll(".site-nav a")].filter((link) => {
    const box = link.getBoundingClientRect();
    const onScreen = box.width > 0 && box.left >= 0 && box.right <= innerWidth;
    const hit = onScreen && document.elementFromPoint(box.left + box.width / 2,
                                                      box.top + box.height / 2);
    return !(hit && link.contains(hit));
}).map((link) => link.textContent.trim())"""


def test_pages_are_usable_at_375_px(browser, asgi_server):
    visits = build_site()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    pages, problems = {}, {}
    try:
        for visit in visits:
            if visit.person not in pages:
                pages[visit.person] = open_as(browser, asgi_server, visit.person, **PHONE)
            page, _errors = pages[visit.person]
            show(page, visit)
            found = []
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > WIDTH:
                found.append(f"the page scrolls sideways: {width} px wide")
            if unreachable := page.evaluate(NAVIGATION_UNREACHABLE):
                found.append(f"navigation links not on the screen: {unreachable}")
            if small := page.evaluate(MAIN_CONTROLS):
                found.append(f"controls smaller than 24x24 px: {small}")
            found += axe_findings(page, TARGET_SIZE)
            if cut := page.evaluate(CUT_OFF_TEXT):
                found.append(f"text cut off or off the screen: {cut}")
            page.screenshot(path=SCREENSHOTS / f"{_file_name(visit.name)}.png", full_page=True)
            if found:
                problems[visit.name] = found

        # The account menu opens within the screen and closes again.
        page, _errors = pages[BRAM]
        page.goto("/account/profiel/")
        page.locator(".menu summary").tap()
        menu = page.locator(".menu ul")
        box = menu.bounding_box()
        if box["x"] < 0 or box["x"] + box["width"] > WIDTH:
            problems["open account menu"] = [f"the menu reaches past the screen: {box}"]
        page.screenshot(path=SCREENSHOTS / "open-account-menu.png")
        page.keyboard.press("Escape")
        assert menu.is_hidden()
    finally:
        for page, _errors in pages.values():
            page.context.close()
    assert problems == {}
    assert [errors for _page, errors in pages.values() if errors] == []


def _file_name(name: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in name.lower()).strip("-").replace("--", "-")
