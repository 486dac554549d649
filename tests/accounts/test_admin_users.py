"""Editors manage people in the Wagtail admin, with the fields our user model has."""

import pytest

from accounts.models import User

pytestmark = pytest.mark.django_db


def test_editor_creates_a_person_in_the_admin(client, editor):
    client.force_login(editor)
    assert client.get("/admin/users/new/").status_code == 200
    response = client.post(
        "/admin/users/new/",
        {
            "email": "nieuw@bibliotheek.test",
            "display_name": "Nina Nieuw",
            "organisation": "Bibliotheek Mechelen",
            "preferred_language": "nl",
            "password1": "een-goed-wachtwoord-31",
            "password2": "een-goed-wachtwoord-31",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    person = User.objects.get(email="nieuw@bibliotheek.test")
    assert (person.display_name, person.organisation) == ("Nina Nieuw", "Bibliotheek Mechelen")


def test_editor_edits_and_deactivates_a_person(client, editor, librarian):
    client.force_login(editor)
    url = f"/admin/users/edit/{librarian.pk}/"
    page = client.get(url)
    assert page.status_code == 200
    assert "Bram Bibliothecaris" in page.content.decode()
    response = client.post(
        url,
        {
            "email": librarian.email,
            "display_name": "Bram B.",
            "organisation": "Bibliotheek Gent",
            "preferred_language": "en",
            "is_active": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    librarian.refresh_from_db()
    assert (librarian.display_name, librarian.preferred_language, librarian.is_active) == (
        "Bram B.",
        "en",
        False,
    )


def test_a_librarian_cannot_open_the_user_admin(client, librarian):
    client.force_login(librarian)
    response = client.get("/admin/users/")
    assert response.status_code == 302
    assert response.url.startswith("/account/login/")
