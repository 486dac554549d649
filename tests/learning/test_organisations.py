import importlib

import pytest
from django.apps import apps

from accounts.models import Organisation
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

migration = importlib.import_module("accounts.migrations.0003_organisation_from_text")


def test_typed_organisation_names_become_organisations_without_losing_the_text():
    gent = UserFactory(organisation="Bibliotheek Gent")
    also_gent = UserFactory(organisation="bibliotheek  gent")
    brugge = UserFactory(organisation="Cultuurhuis Brugge")
    nobody = UserFactory(organisation="")
    migration.forwards(apps, None)
    for user in (gent, also_gent, brugge, nobody):
        user.refresh_from_db()
    assert gent.library == also_gent.library
    assert gent.library.name.casefold() == "bibliotheek gent"
    assert brugge.library.name == "Cultuurhuis Brugge"
    assert nobody.library is None
    assert also_gent.organisation == "bibliotheek  gent"
    assert Organisation.objects.count() == 2


def test_editors_manage_organisations_in_the_admin(client, editor):
    client.force_login(editor)
    response = client.post(
        "/admin/snippets/accounts/organisation/add/", {"name": "Bibliotheek Hasselt", "city": ""}
    )
    assert response.status_code == 302
    assert Organisation.objects.filter(name="Bibliotheek Hasselt").exists()


def test_librarians_cannot_manage_organisations(client, librarian):
    client.force_login(librarian)
    response = client.post(
        "/admin/snippets/accounts/organisation/add/", {"name": "Eigen bibliotheek", "city": ""}
    )
    assert response.status_code in (302, 403)
    assert not Organisation.objects.exists()


def test_profile_page_still_saves_the_typed_organisation(client, librarian):
    client.force_login(librarian)
    client.post(
        "/account/profiel/",
        {"display_name": "Bram", "organisation": "Bib Gent", "preferred_language": "nl"},
    )
    librarian.refresh_from_db()
    assert librarian.organisation == "Bib Gent"
