"""A moderator answers a question in the room's question list, in place and from the keyboard; an
attendee's open page shows it answered without reloading."""

import pytest
from playwright.sync_api import expect

from live.models import Question, Room
from portal.models import StandardPage
from tests.e2e.live_pages import logged_in_page
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_moderator_answers_a_question_and_the_attendee_sees_it_at_once(
    browser, asgi_server, home_page
):
    from tests.live.policies import register

    register()
    target = home_page.add_child(instance=StandardPage(title="Voorleeswebinar", slug="voorlezen"))
    target.save_revision().publish()
    attendee = UserFactory(display_name="Anna Aalst")
    host = UserFactory(display_name="Mo Moderator", is_staff=True)
    room = Room.objects.create(kind="page", target_pk=str(target.pk))
    Question.objects.create(room=room, author=attendee, body="Mag ik de prentenboeken uitlenen?")
    url = f"/live/page/{target.pk}/"

    context_a, page_a, errors_a = logged_in_page(browser, asgi_server, attendee)
    context_m, page_m, errors_m = logged_in_page(browser, asgi_server, host)
    try:
        for page in (page_a, page_m):
            page.goto(url)
            expect(page.get_by_label("Je bericht")).to_be_visible()  # shown once connected
        question_a = page_a.locator(".live-question", has_text="prentenboeken")
        expect(question_a).not_to_contain_text("beantwoord")
        # Attendees get no answer form.
        expect(page_a.get_by_text("Deze vraag beantwoorden")).to_have_count(0)
        page_a.evaluate("window.stillTheSamePage = true")

        # The moderator opens the question's answer form and answers with the keyboard only.
        question_m = page_m.locator(".live-question", has_text="prentenboeken")
        question_m.get_by_text("Deze vraag beantwoorden").focus()
        page_m.keyboard.press("Enter")
        box = question_m.get_by_label("Je antwoord (niet verplicht)")
        expect(box).to_be_visible()
        box.focus()
        page_m.keyboard.type("Ja, tot drie weken.")
        page_m.keyboard.press("Tab")
        expect(question_m.get_by_role("button", name="Beantwoorden")).to_be_focused()
        page_m.keyboard.press("Enter")

        expect(question_a.locator(".live-question__answer")).to_have_text("Ja, tot drie weken.")
        expect(question_a).to_contain_text("beantwoord")
        expect(question_m.locator(".live-question__answer")).to_have_text("Ja, tot drie weken.")
        expect(box).to_be_hidden()  # the form folds away once the server confirmed
        assert page_a.evaluate("window.stillTheSamePage") is True  # no reload
    finally:
        context_a.close()
        context_m.close()
    assert not errors_a and not errors_m, errors_a + errors_m
    answered = Question.objects.get()
    assert answered.answered and answered.answered_by == host


def test_a_failed_answer_shows_the_error_beside_the_form_and_keeps_the_text(
    browser, asgi_server, home_page
):
    from tests.live.policies import register

    register()
    target = home_page.add_child(instance=StandardPage(title="Voorleeswebinar", slug="voorlezen"))
    target.save_revision().publish()
    host = UserFactory(display_name="Mo Moderator", is_staff=True)
    room = Room.objects.create(kind="page", target_pk=str(target.pk))
    question = Question.objects.create(room=room, author=UserFactory(), body="Wie leest er voor?")

    context, page, errors = logged_in_page(browser, asgi_server, host)
    try:
        page.goto(f"/live/page/{target.pk}/")
        expect(page.get_by_label("Je bericht")).to_be_visible()
        page.get_by_text("Deze vraag beantwoorden").click()
        question.delete()  # meanwhile someone removed it
        box = page.get_by_label("Je antwoord (niet verplicht)")
        box.fill("De bibliothecaris.")
        page.get_by_role("button", name="Beantwoorden").click()
        expect(page.locator(".live-answer").get_by_role("alert")).to_have_text(
            "Die vraag bestaat niet (meer)."
        )
        expect(box).to_have_value("De bibliothecaris.")
    finally:
        context.close()
    assert not errors, errors
