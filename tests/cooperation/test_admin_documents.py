"""Group files are Wagtail documents, so the Wagtail admin is one more door to them. Every door of
the admin's documents shows or allows a group file only to those who may reach it on the site
(cooperation/permissions.py), and nobody replaces a group file's bytes in place: a new file is
always a new version, uploaded through the group.

The table: an editor of Wagtail's Editors group who is not a member of a secret group, an editor
who is a member, and a superuser (platform staff), against every door."""

import pytest
from django.contrib.auth.models import Group as PermissionGroup
from django.core.files.uploadedfile import SimpleUploadedFile

from cooperation import services
from cooperation.models import Group
from tests.cooperation.conftest import add_member, upload
from tests.factories import UserFactory

MARKER = "zzgeheimdossier"
# What is typed into the search boxes: another word of the title, so that the page's echo of the
# query is not mistaken for a hit.
FIND = "zzbegrotingspost"
ORIGINAL = b"De begroting van het geheime dossier."


@pytest.fixture
def secret_file(make_group, group_owner, django_capture_on_commit_callbacks):
    group = make_group(Group.Visibility.SECRET, name="Geheime stuurgroep")
    with django_capture_on_commit_callbacks(execute=True):
        document = services.document_upload(
            group=group,
            uploaded=upload("begroting.txt", ORIGINAL),
            by=group_owner,
            title=f"Begroting {MARKER} {FIND}",
        )
    return group, document.current_version.file


def _editor(**fields):
    person = UserFactory(is_staff=False, **fields)
    person.groups.add(PermissionGroup.objects.get(name="Editors"))
    return person


@pytest.fixture
def people(secret_file):
    group, _ = secret_file
    member = _editor(display_name="Mia Lid")
    add_member(group, member)
    return {
        "outsider_editor": _editor(display_name="Otto Buiten"),
        "member_editor": member,
        "superuser": UserFactory(is_staff=True, is_superuser=True),
    }


def _title_shown(response) -> bool:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return MARKER.encode() in body


# Doors that list or find documents: the group file's title is there or not.
LISTINGS = {
    "listing": lambda f: "/admin/documents/",
    "listing search": lambda f: f"/admin/documents/?q={FIND}",
    "listing results": lambda f: f"/admin/documents/results/?q={FIND}",
    "chooser": lambda f: "/admin/documents/chooser/",
    "chooser search": lambda f: f"/admin/documents/chooser/results/?q={FIND}",
    "admin API listing": lambda f: "/admin/api/main/documents/?fields=title",
    "admin API search": lambda f: f"/admin/api/main/documents/?search={FIND}&fields=title",
    "bulk delete page": lambda f: f"/admin/bulk/portal/portaldocument/delete/?id={f.pk}",
    "bulk tags page": lambda f: f"/admin/bulk/portal/portaldocument/add_tags/?id={f.pk}",
    "bulk collection page": lambda f: (
        f"/admin/bulk/portal/portaldocument/add_to_collection/?id={f.pk}"
    ),
}

# Doors for one document: open (200 with its title) or refused (403/404 without it).
SINGLE = {
    "edit page": lambda f: f"/admin/documents/edit/{f.pk}/",
    "usage": lambda f: f"/admin/documents/usage/{f.pk}/",
    "chosen": lambda f: f"/admin/documents/chooser/chosen/{f.pk}/",
    "admin API detail": lambda f: f"/admin/api/main/documents/{f.pk}/",
    "serve": lambda f: f"/documenten/{f.pk}/{f.filename}",
}

SEES = {"outsider_editor": False, "member_editor": True, "superuser": True}


@pytest.mark.parametrize("door", LISTINGS)
@pytest.mark.parametrize("person", SEES)
def test_admin_lists_a_group_file_only_to_who_may_reach_it(
    client, secret_file, people, person, door
):
    _, stored = secret_file
    client.force_login(people[person])
    response = client.get(LISTINGS[door](stored))
    assert response.status_code == 200, door
    assert _title_shown(response) is SEES[person], f"{person} at {door}"


@pytest.mark.parametrize("door", SINGLE)
@pytest.mark.parametrize("person", SEES)
def test_admin_opens_a_group_file_only_to_who_may_reach_it(
    client, secret_file, people, person, door
):
    _, stored = secret_file
    client.force_login(people[person])
    response = client.get(SINGLE[door](stored))
    if SEES[person]:
        assert response.status_code == 200, f"{person} at {door}"
        if door == "serve":
            assert b"".join(response.streaming_content) == ORIGINAL
        else:
            assert _title_shown(response), f"{person} at {door}"
    else:
        # Wagtail answers a refusal in the admin with a redirect to the dashboard.
        assert response.status_code in (403, 404) or response["Location"] == "/admin/"
        assert not _title_shown(response), f"{person} at {door}"


def _stored_bytes(stored) -> bytes:
    stored.refresh_from_db()
    with stored.file.open("rb") as handle:
        return handle.read()


@pytest.mark.parametrize("person", SEES)
def test_nobody_replaces_a_group_files_bytes_in_the_admin(client, secret_file, people, person):
    _, stored = secret_file
    name_before = stored.file.name
    client.force_login(people[person])
    response = client.post(
        f"/admin/documents/edit/{stored.pk}/",
        {
            "title": "Vervangen",
            "collection": stored.collection_id,
            "file": SimpleUploadedFile("begroting.txt", b"Andere cijfers, zonder versie."),
            "tags": "",
            "description": "",
        },
    )
    assert response.status_code in (200, 403, 404) or response["Location"] == "/admin/"
    assert _stored_bytes(stored) == ORIGINAL
    assert stored.file.name == name_before
    assert stored.title == f"Begroting {MARKER} {FIND}"
    if SEES[person]:
        # The form says why, in Dutch, and where a new file goes instead.
        assert "nieuwe versie" in response.content.decode()


@pytest.mark.parametrize("person", SEES)
def test_nobody_deletes_a_group_file_in_the_admin(client, secret_file, people, person):
    """A group file leaves through the library's trash, never by deleting one of its versions;
    someone who may not see it also does not learn that it exists."""
    _, stored = secret_file
    client.force_login(people[person])
    page = client.get(f"/admin/documents/delete/{stored.pk}/")
    response = client.post(f"/admin/documents/delete/{stored.pk}/")
    bulk = client.post(f"/admin/bulk/portal/portaldocument/delete/?id={stored.pk}")
    assert page.status_code in (403, 404) or page["Location"] == "/admin/"
    assert response.status_code in (403, 404) or response["Location"] == "/admin/"
    assert bulk.status_code in (200, 302)
    assert type(stored).objects.filter(pk=stored.pk).exists()
    assert not _title_shown(page)


def test_editing_a_group_files_title_in_the_admin_is_allowed_to_a_member_editor(
    client, secret_file, people
):
    _, stored = secret_file
    client.force_login(people["member_editor"])
    response = client.post(
        f"/admin/documents/edit/{stored.pk}/",
        {"title": f"Begroting 2027 {MARKER}", "collection": stored.collection_id, "tags": ""},
    )
    assert response.status_code == 302
    stored.refresh_from_db()
    assert stored.title == f"Begroting 2027 {MARKER}"
    assert _stored_bytes(stored) == ORIGINAL


def test_other_documents_keep_wagtails_own_rules(client, people):
    """Webinar slides and other editors' documents are not group files: editors see, replace and
    delete them as Wagtail lets them."""
    from wagtail.documents import get_document_model

    slides = get_document_model().objects.create(
        title="Dia's zzwebinar", file=SimpleUploadedFile("dias.txt", b"dia een")
    )
    client.force_login(people["outsider_editor"])
    assert b"zzwebinar" in client.get("/admin/documents/").content
    response = client.post(
        f"/admin/documents/edit/{slides.pk}/",
        {
            "title": "Dia's zzwebinar",
            "collection": slides.collection_id,
            "file": SimpleUploadedFile("dias.txt", b"dia twee"),
            "tags": "",
        },
    )
    assert response.status_code == 302
    assert _stored_bytes(slides) == b"dia twee"
    assert client.post(f"/admin/documents/delete/{slides.pk}/").status_code == 302
    assert not get_document_model().objects.filter(pk=slides.pk).exists()


@pytest.mark.parametrize("visibility", Group.Visibility.values)
@pytest.mark.parametrize("trashed", [False, True])
def test_the_admins_list_of_hidden_files_says_what_the_download_check_says(
    make_group, group_owner, outsider, visibility, trashed
):
    """files_hidden_from (the admin's lists) and can_download (every door) are one rule."""
    from cooperation import permissions
    from cooperation.models import Membership

    group = make_group(visibility, name=f"Groep {visibility}")
    document = services.document_upload(
        group=group, uploaded=upload("notitie.txt", b"tekst"), by=group_owner
    )
    people = {
        "outsider": outsider,
        "member": add_member(group, UserFactory()).user,
        "moderator": add_member(group, UserFactory(), Membership.Role.MODERATOR).user,
        "owner": group_owner,
        "staff": UserFactory(is_staff=True),
    }
    if trashed:
        services.document_trash(document=document, by=group_owner)
    document.refresh_from_db()
    stored = document.current_version.file
    for name, person in people.items():
        hidden = permissions.files_hidden_from(person).filter(file_id=stored.pk).exists()
        assert hidden is not permissions.can_download(person, document), name
        assert permissions.can_reach_file(person, stored) is not hidden, name
