"""Editors delete an account from the Wagtail admin's user list, with a confirmation page; the
deletion is audited. Who may not delete people in the admin cannot use it."""

import pytest
from django.contrib.auth.models import Permission
from django.core import mail
from django.urls import reverse
from wagtail.models import ModelLogEntry

from privacy import services
from privacy.models import FormerAccount
from tests.factories import UserFactory
from tests.privacy.conftest import PIEN_NAME

pytestmark = pytest.mark.django_db


def _url(person) -> str:
    return reverse("privacy_admin_erase", args=[person.pk])


def _refused(response) -> bool:
    """Wagtail's admin answers a refused permission with a redirect to its dashboard and a
    message, for people who may use the admin."""
    return response.status_code == 302 and response.url == "/admin/"


def test_an_editor_deletes_an_account_from_the_user_list(
    client, editor, pien, story, django_capture_on_commit_callbacks
):
    client.force_login(editor)
    listing = client.get("/admin/users/").content.decode()
    assert _url(pien) in listing
    page = client.get(_url(pien)).content.decode()
    assert PIEN_NAME in page and "pien@bibliotheek.test" in page
    assert "De inschrijving voor “Webinar over lezen” wordt geannuleerd." in page
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url(pien), follow=True)
    assert response.redirect_chain[-1][0] == "/admin/users/"
    assert f"Het account van {PIEN_NAME} is verwijderd." in response.content.decode()
    pien.refresh_from_db()
    assert pien.former_account.kind == FormerAccount.Kind.ERASED
    assert not pien.is_active
    entry = ModelLogEntry.objects.get(action=services.ERASE_ACTION, object_id=str(pien.pk))
    assert (entry.user_id, entry.data) == (editor.pk, {"by_self": False})
    [last] = [m for m in mail.outbox if m.to == ["pien@bibliotheek.test"]]
    assert "Een redacteur van Kennisplein heeft je account verwijderd" in last.body
    # Done once: the account is nobody's to delete again.
    assert _url(pien) not in client.get("/admin/users/").content.decode()
    assert _refused(client.get(_url(pien)))


@pytest.fixture
def admin_user_without_delete_right(db):
    """Works in the admin (e.g. on webinars) but may not delete people."""
    person = UserFactory(display_name="Ada Admin", is_staff=True)
    person.user_permissions.add(Permission.objects.get(codename="access_admin"))
    return person


def test_who_may_not_delete_people_cannot_use_it(
    client, admin_user_without_delete_right, pien, librarian
):
    client.force_login(admin_user_without_delete_right)
    assert _url(pien) not in client.get("/admin/users/").content.decode()
    assert _refused(client.get(_url(pien)))
    assert _refused(client.post(_url(pien)))
    client.force_login(librarian)
    response = client.post(_url(pien))
    assert response.status_code == 302 and response.url.startswith("/account/login/")
    client.logout()
    assert client.post(_url(pien)).status_code == 302
    pien.refresh_from_db()
    assert pien.is_active and not FormerAccount.objects.exists()


def test_an_editor_cannot_delete_themself_here_nor_a_superuser_without_being_one(
    client, editor, pien
):
    client.force_login(editor)
    assert _refused(client.post(_url(editor)))
    deleter = UserFactory(is_staff=True)
    deleter.user_permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="delete_user"),
    )
    client.force_login(deleter)
    assert _refused(client.post(_url(editor)))
    assert client.get(_url(pien)).status_code == 200
    editor.refresh_from_db()
    assert editor.is_active
