"""Who may do what, asserted through the HTTP views: role × visibility × action → answer.

OK      the action works (page shown, file served, change made)
LOGIN   an anonymous person is sent to the log-in page
DENIED  403: the person knows the group but may not do this
HIDDEN  404: the group is secret to this person, so even its existence is not revealed
NO      the page is shown but without the documents
"""

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.urls import reverse

from cooperation import services
from cooperation.models import Document, Group, Invitation, JoinRequest, Membership
from tests.cooperation.conftest import add_member, upload
from tests.factories import UserFactory

OK, LOGIN, DENIED, HIDDEN, NO = "OK", "LOGIN", "DENIED", "HIDDEN", "NO"
PUBLIC, MEMBERS, SECRET = Group.Visibility.PUBLIC, Group.Visibility.MEMBERS, Group.Visibility.SECRET
VISIBILITIES = [PUBLIC, MEMBERS, SECRET]

# fmt: off
MATRIX = {
    #                  public   members  secret
    "see the group": {
        "anonymous":  (OK,      OK,      HIDDEN),
        "non-member": (OK,      OK,      HIDDEN),
        "invited":    (OK,      OK,      HIDDEN),
        "requested":  (OK,      OK,      HIDDEN),
        "member":     (OK,      OK,      OK),
        "moderator":  (OK,      OK,      OK),
        "owner":      (OK,      OK,      OK),
        "staff":      (OK,      OK,      OK),
    },
    "list documents": {
        "anonymous":  (OK,      NO,      NO),
        "non-member": (OK,      NO,      NO),
        "invited":    (OK,      NO,      NO),
        "requested":  (OK,      NO,      NO),
        "member":     (OK,      OK,      OK),
        "moderator":  (OK,      OK,      OK),
        "owner":      (OK,      OK,      OK),
        "staff":      (OK,      OK,      OK),
    },
    "download": {
        "anonymous":  (OK,      LOGIN,   HIDDEN),
        "non-member": (OK,      DENIED,  HIDDEN),
        "invited":    (OK,      DENIED,  HIDDEN),
        "requested":  (OK,      DENIED,  HIDDEN),
        "member":     (OK,      OK,      OK),
        "moderator":  (OK,      OK,      OK),
        "owner":      (OK,      OK,      OK),
        "staff":      (OK,      OK,      OK),
    },
    "upload": {
        "anonymous":  (LOGIN,   LOGIN,   HIDDEN),
        "non-member": (DENIED,  DENIED,  HIDDEN),
        "invited":    (DENIED,  DENIED,  HIDDEN),
        "requested":  (DENIED,  DENIED,  HIDDEN),
        "member":     (OK,      OK,      OK),
        "moderator":  (OK,      OK,      OK),
        "owner":      (OK,      OK,      OK),
        "staff":      (OK,      OK,      OK),
    },
    "new version": {
        "anonymous":  (LOGIN,   LOGIN,   HIDDEN),
        "non-member": (DENIED,  DENIED,  HIDDEN),
        "invited":    (DENIED,  DENIED,  HIDDEN),
        "requested":  (DENIED,  DENIED,  HIDDEN),
        "member":     (OK,      OK,      OK),
        "moderator":  (OK,      OK,      OK),
        "owner":      (OK,      OK,      OK),
        "staff":      (OK,      OK,      OK),
    },
    # of a document someone else (the owner) uploaded
    "delete": {
        "anonymous":  (LOGIN,   LOGIN,   HIDDEN),
        "non-member": (DENIED,  DENIED,  HIDDEN),
        "invited":    (DENIED,  DENIED,  HIDDEN),
        "requested":  (DENIED,  DENIED,  HIDDEN),
        "member":     (DENIED,  DENIED,  DENIED),
        "moderator":  (OK,      OK,      OK),
        "owner":      (OK,      OK,      OK),
        "staff":      (OK,      OK,      OK),
    },
    "restore from the trash": {
        "anonymous":  (LOGIN,   LOGIN,   HIDDEN),
        "non-member": (DENIED,  DENIED,  HIDDEN),
        "invited":    (DENIED,  DENIED,  HIDDEN),
        "requested":  (DENIED,  DENIED,  HIDDEN),
        "member":     (DENIED,  DENIED,  DENIED),
        "moderator":  (OK,      OK,      OK),
        "owner":      (OK,      OK,      OK),
        "staff":      (OK,      OK,      OK),
    },
    "manage members": {
        "anonymous":  (LOGIN,   LOGIN,   HIDDEN),
        "non-member": (DENIED,  DENIED,  HIDDEN),
        "invited":    (DENIED,  DENIED,  HIDDEN),
        "requested":  (DENIED,  DENIED,  HIDDEN),
        "member":     (DENIED,  DENIED,  DENIED),
        "moderator":  (DENIED,  DENIED,  DENIED),
        "owner":      (OK,      OK,      OK),
        "staff":      (OK,      OK,      OK),
    },
}
# fmt: on

CELLS = [
    pytest.param(action, role, visibility, expected, id=f"{action}-{role}-{visibility}")
    for action, rows in MATRIX.items()
    for role, answers in rows.items()
    for visibility, expected in zip(VISIBILITIES, answers, strict=True)
]


def person_in(role: str, group: Group):
    if role == "anonymous":
        return None
    if role == "staff":
        return UserFactory(is_staff=True, is_superuser=True)
    user = UserFactory()
    if role == "invited":
        Invitation.objects.create(group=group, email=user.email)
    elif role == "requested":
        JoinRequest.objects.create(group=group, user=user)
    elif role in {"member", "moderator", "owner"}:
        add_member(group, user, role)
    return user


def outcome(response) -> str:
    if response.status_code == 404:
        return HIDDEN
    if response.status_code == 403:
        return DENIED
    if response.status_code == 302 and response["Location"].startswith(reverse(settings.LOGIN_URL)):
        return LOGIN
    assert response.status_code in {200, 302}, response.status_code
    return OK


def see_group(client, group, document):
    return outcome(client.get(group.get_absolute_url()))


def list_documents(client, group, document):
    response = client.get(group.get_absolute_url())
    if response.status_code == 404:
        return NO
    return OK if document.get_absolute_url() in response.content.decode() else NO


def download(client, group, document):
    response = client.get(document.current_version.get_download_url())
    result = outcome(response)
    if result == OK:
        assert b"".join(response.streaming_content) == b"Agenda van de vergadering"
    return result


def upload_file(client, group, document):
    before = Document.objects.filter(group=group).count()
    response = client.post(
        reverse("cooperation:upload", kwargs={"slug": group.slug}),
        {"files": [upload("notities.txt", b"Nieuwe notities")]},
    )
    result = outcome(response)
    assert (Document.objects.filter(group=group).count() == before + 1) == (result == OK)
    return result


def new_version(client, group, document):
    response = client.post(
        reverse("cooperation:version_add", kwargs={"slug": group.slug, "pk": document.pk}),
        {"file": upload("agenda.txt", b"Agenda, tweede versie")},
    )
    result = outcome(response)
    assert (document.versions.count() == 2) == (result == OK)
    return result


def delete(client, group, document):
    response = client.post(
        reverse("cooperation:trash_add", kwargs={"slug": group.slug, "pk": document.pk})
    )
    result = outcome(response)
    document.refresh_from_db()
    assert (document.trashed_at is not None) == (result == OK)
    return result


def restore(client, group, document):
    services.document_trash(document=document, by=document.created_by)
    response = client.post(
        reverse("cooperation:document_restore", kwargs={"slug": group.slug, "pk": document.pk})
    )
    result = outcome(response)
    document.refresh_from_db()
    assert (document.trashed_at is None) == (result == OK)
    return result


def manage_members(client, group, document):
    target = add_member(group, UserFactory())
    response = client.post(
        reverse("cooperation:member_role", kwargs={"slug": group.slug, "pk": target.pk}),
        {"role": Membership.Role.MODERATOR},
    )
    result = outcome(response)
    target.refresh_from_db()
    assert (target.role == Membership.Role.MODERATOR) == (result == OK)
    return result


ACTIONS = {
    "see the group": see_group,
    "list documents": list_documents,
    "download": download,
    "upload": upload_file,
    "new version": new_version,
    "delete": delete,
    "restore from the trash": restore,
    "manage members": manage_members,
}


@pytest.mark.parametrize(("action", "role", "visibility", "expected"), CELLS)
def test_permission_matrix(client, make_group, group_owner, action, role, visibility, expected):
    group = make_group(visibility)
    document = services.document_upload(
        group=group, uploaded=upload("agenda.txt", b"Agenda van de vergadering"), by=group_owner
    )
    person = person_in(role, group)
    if person is not None:
        client.force_login(person)
    assert ACTIONS[action](client, group, document) == expected


def test_every_action_of_the_matrix_has_a_request():
    assert set(MATRIX) == set(ACTIONS)


def test_copied_download_link_stops_working_after_leaving_the_group(client, make_group, librarian):
    group = make_group(MEMBERS)
    add_member(group, librarian)
    document = services.document_upload(
        group=group, uploaded=upload("verslag.txt", b"Vertrouwelijk"), by=librarian
    )
    url = document.current_version.get_download_url()
    client.force_login(librarian)
    assert client.get(url).status_code == 200
    services.membership_leave(group=group, user=librarian)
    assert client.get(url).status_code == 403


def test_file_of_a_private_group_is_not_served_by_the_wagtail_document_url(
    client, make_group, group_owner, outsider
):
    group = make_group(SECRET)
    document = services.document_upload(
        group=group, uploaded=upload("geheim.txt", b"Geheim plan"), by=group_owner
    )
    stored = document.current_version.file
    client.force_login(outsider)
    assert client.get(stored.url).status_code == 404
    client.force_login(group_owner)
    assert client.get(stored.url).status_code == 200


def test_unverified_address_does_not_take_up_an_invitation(client, make_group):
    group = make_group(SECRET)
    stranger = UserFactory(verified=False)
    EmailAddress.objects.create(user=stranger, email=stranger.email, verified=False, primary=True)
    invitation = Invitation.objects.create(group=group, email=stranger.email)
    client.force_login(stranger)
    client.post(reverse("cooperation:invitation", kwargs={"token": invitation.token}))
    assert not group.memberships.filter(user=stranger).exists()


def test_member_of_one_group_cannot_reach_another_groups_document_through_their_own_group(
    client, make_group, group_owner, librarian
):
    mine = make_group(MEMBERS, name="Mijn werkgroep", owner=librarian)
    theirs = make_group(SECRET, name="Andere groep")
    document = services.document_upload(
        group=theirs, uploaded=upload("geheim.txt", b"Geheim"), by=group_owner
    )
    client.force_login(librarian)
    base = f"/cooperatie/{mine.slug}/documenten/{document.pk}/"
    assert client.get(base).status_code == 404
    assert client.post(base + "verwijderen/").status_code == 404
    assert client.post(base + "versies/1/terugzetten/").status_code == 404
    assert client.post(base + "versie/", {"file": upload("x.txt", b"x")}).status_code == 404
    assert client.get(document.current_version.get_download_url()).status_code == 404
    document.refresh_from_db()
    assert document.trashed_at is None
    assert document.versions.count() == 1
