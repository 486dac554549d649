import io

import pytest
from allauth.account.models import EmailAddress
from django.apps import apps
from django.core.management import call_command

from accounts.models import User
from portal.demo import DEMO_ACCOUNTS, DEMO_PASSWORD

pytestmark = pytest.mark.django_db


def _row_counts() -> dict[str, int]:
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


def test_seed_demo_twice_changes_nothing():
    call_command("seed_demo", stdout=io.StringIO())
    before = _row_counts()
    output = io.StringIO()
    call_command("seed_demo", stdout=output)
    assert _row_counts() == before
    for email, *_ in DEMO_ACCOUNTS:
        assert email in output.getvalue()
    assert DEMO_PASSWORD in output.getvalue()


def test_demo_accounts_are_verified_and_can_log_in(client):
    call_command("seed_demo", stdout=io.StringIO())
    for email, *_ in DEMO_ACCOUNTS:
        assert EmailAddress.objects.get(email=email).verified
        response = client.post("/account/login/", {"login": email, "password": DEMO_PASSWORD})
        assert response.status_code == 302, email
        client.post("/account/logout/")


def test_only_the_editor_reaches_the_wagtail_admin(client):
    call_command("seed_demo", stdout=io.StringIO())
    client.force_login(User.objects.get(email="beheer@kennisplein.test"))
    assert client.get("/admin/").status_code == 200
    client.force_login(User.objects.get(email="bibliothecaris@kennisplein.test"))
    assert client.get("/admin/").status_code == 302


def test_migrations_create_no_accounts():
    assert not User.objects.exists()


def test_a_groups_demo_chat_is_about_its_work_and_a_webinars_has_questions():
    from live.models import Message, Question

    call_command("seed_demo", stdout=io.StringIO())
    group_chat = Message.objects.filter(room__kind="group")
    assert group_chat.exists()
    assert not group_chat.filter(body__icontains="webinar").exists()
    assert not Question.objects.filter(room__kind="group").exists()
    assert Question.objects.filter(room__kind="webinar").exists()


def test_the_demos_recordings_come_with_their_slides(client):
    from learning.models import WebinarPage

    call_command("seed_demo", stdout=io.StringIO())
    recorded = WebinarPage.objects.exclude(recording="")
    assert recorded.exists()
    client.force_login(User.objects.get(email="bibliothecaris@kennisplein.test"))
    for webinar in recorded:
        assert webinar.slides is not None
        page = client.get(webinar.url).content.decode()
        assert f'href="{webinar.slides.url}"' in page
        slides = client.get(webinar.slides.url)
        assert slides.status_code == 200
        assert b"".join(slides.streaming_content).startswith(b"%PDF-")
