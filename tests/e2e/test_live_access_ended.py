"""An editor sets a member inactive with the Wagtail admin's bulk action, which updates the row
without any signal, while that member reads the group's room in Chromium: the page says at once
that access has ended, the member can no longer write, and the group's next words do not reach
that screen (live/access.py).

The room and the admin are served by daphne in a thread of this process (asgi_server)."""

import re

import pytest
from playwright.sync_api import expect

from cooperation.models import Group, Membership
from tests.e2e.live_pages import logged_in_page
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _set_inactive_in_the_admin(context, person) -> None:
    """The bulk action's confirmation form, sent as the editor's browser sends it."""
    url = f"/admin/bulk/accounts/user/set_active_state/?id={person.pk}&next=/admin/users/"
    form = context.request.get(url)
    assert form.ok, form.status
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text()).group(1)
    sent = context.request.post(
        url,
        form={"csrfmiddlewaretoken": token, "mark_as_active": "False"},
        headers={"Referer": context.request.get(url).url},
        max_redirects=0,
    )
    assert sent.status == 302, sent.text()[:2000]


def test_a_member_set_inactive_in_the_admin_sees_that_access_ended(browser, asgi_server, home_page):
    owner = UserFactory(display_name="Olga Eigenaar")
    member = UserFactory(display_name="Mo Lid")
    editor = UserFactory(display_name="Ed Redactie", is_staff=True, is_superuser=True)
    group = Group.objects.create(name="Stuurgroep", slug="stuurgroep")
    for person, role in ((owner, Membership.Role.OWNER), (member, Membership.Role.MEMBER)):
        Membership.objects.create(group=group, user=person, role=role)
    url = f"/live/group/{group.pk}/"

    context_o, page_o, errors_o = logged_in_page(browser, asgi_server, owner)
    context_m, page_m, errors_m = logged_in_page(browser, asgi_server, member)
    context_e, _page_e, _errors_e = logged_in_page(browser, asgi_server, editor)
    try:
        for page in (page_o, page_m):
            page.goto(url)
            expect(page.get_by_label("Je bericht")).to_be_visible()  # shown once connected

        _set_inactive_in_the_admin(context_e, member)

        ended = "Je hebt geen toegang meer tot deze ruimte."
        expect(page_m.get_by_role("status").filter(has_text=ended)).to_be_visible()
        expect(page_m.get_by_label("Je bericht")).to_be_hidden()
        box = page_o.get_by_label("Je bericht")
        box.fill("Alleen voor de leden")
        box.press("Enter")
        expect(box).to_have_value("")  # stored and acknowledged
        expect(page_o.locator(".live-messages .live-message__body")).to_have_text(
            ["Alleen voor de leden"]
        )
        page_m.wait_for_timeout(500)
        assert page_m.locator(".live-messages .live-message__body").count() == 0
        assert errors_o == [] and errors_m == []
    finally:
        for context in (context_o, context_m, context_e):
            context.close()
