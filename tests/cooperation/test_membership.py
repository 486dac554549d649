"""Joining, requests, invitations (also without an account), roles, ownership, leaving."""

import re

from django.core import mail
from django.urls import reverse

from cooperation import services
from cooperation.models import Group, Invitation, JoinRequest, Membership
from tests.cooperation.conftest import add_member

Role = Membership.Role


def test_anyone_logged_in_joins_an_open_public_group_in_one_click(client, make_group, librarian):
    group = make_group(Group.Visibility.PUBLIC, join_policy=Group.JoinPolicy.OPEN)
    client.force_login(librarian)
    client.post(reverse("cooperation:join", kwargs={"slug": group.slug}))
    assert group.memberships.get(user=librarian).role == Role.MEMBER


def test_request_to_join_reaches_the_moderators_and_approval_makes_a_member(
    client, make_group, group_owner, librarian, django_capture_on_commit_callbacks
):
    group = make_group(Group.Visibility.MEMBERS)
    client.force_login(librarian)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("cooperation:join", kwargs={"slug": group.slug}),
            {"message": "Ik werk aan leesbevordering."},
        )
    assert mail.outbox[0].to == [group_owner.email]
    assert "Ik werk aan leesbevordering." in mail.outbox[0].body
    assert not group.memberships.filter(user=librarian).exists()
    assert (
        "Je hebt gevraagd om lid te worden" in client.get(group.get_absolute_url()).content.decode()
    )

    join_request = JoinRequest.objects.get()
    client.force_login(group_owner)
    client.post(
        reverse(
            "cooperation:join_request_answer",
            kwargs={"slug": group.slug, "pk": join_request.pk, "answer": "approve"},
        )
    )
    assert group.memberships.get(user=librarian).role == Role.MEMBER
    assert not JoinRequest.objects.exists()


def test_nobody_can_ask_to_join_a_secret_group_they_cannot_see(client, make_group, outsider):
    group = make_group(Group.Visibility.SECRET)
    client.force_login(outsider)
    response = client.post(reverse("cooperation:join", kwargs={"slug": group.slug}))
    assert response.status_code == 404
    assert not JoinRequest.objects.exists()


def test_invitation_without_an_account_lands_in_the_group_after_sign_up(
    client, make_group, group_owner, django_capture_on_commit_callbacks
):
    group = make_group(Group.Visibility.SECRET, name="Project Catalogus")
    client.force_login(group_owner)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("cooperation:invite", kwargs={"slug": group.slug}),
            {"email": "nieuw@bibliotheek.test"},
        )
    invitation_link = re.search(r"https?://\S+/cooperatie/uitnodiging/\S+/", mail.outbox[-1].body)
    path = re.sub(r"^https?://[^/]+", "", invitation_link.group(0))
    client.logout()
    assert "Project Catalogus" in client.get(path).content.decode()

    client.post(
        reverse("account_signup"),
        {
            "email": "nieuw@bibliotheek.test",
            "display_name": "Nina Nieuw",
            "organisation": "Bibliotheek Gent",
            "password1": "verhalen-voor-iedereen-7",
            "password2": "verhalen-voor-iedereen-7",
        },
    )
    confirm = re.search(r"https?://\S+/account/confirm-email/\S+/", mail.outbox[-1].body).group(0)
    client.post(re.sub(r"^https?://[^/]+", "", confirm))
    membership = group.memberships.get(user__email="nieuw@bibliotheek.test")
    assert membership.role == Role.MEMBER
    assert Invitation.objects.get().accepted_at is not None
    # The invitation link now takes them straight into the group.
    assert client.get(path)["Location"] == group.get_absolute_url()


def test_invited_person_with_an_account_accepts_by_the_link(client, make_group, librarian):
    group = make_group(Group.Visibility.SECRET)
    invitation = Invitation.objects.create(group=group, email=librarian.email)
    client.force_login(librarian)
    response = client.post(reverse("cooperation:invitation", kwargs={"token": invitation.token}))
    assert response["Location"] == group.get_absolute_url()
    assert group.memberships.filter(user=librarian).exists()


def test_invitation_link_does_not_work_for_another_address(client, make_group, outsider):
    group = make_group(Group.Visibility.SECRET)
    invitation = Invitation.objects.create(group=group, email="iemand@bibliotheek.test")
    client.force_login(outsider)
    response = client.post(
        reverse("cooperation:invitation", kwargs={"token": invitation.token}), follow=True
    )
    assert "Deze uitnodiging is naar een ander e-mailadres gestuurd." in response.content.decode()
    assert not group.memberships.filter(user=outsider).exists()


def test_owner_hands_over_ownership_and_stays_as_moderator(
    client, working_group, group_owner, librarian
):
    membership = add_member(working_group, librarian)
    client.force_login(group_owner)
    client.post(
        reverse("cooperation:transfer", kwargs={"slug": working_group.slug, "pk": membership.pk})
    )
    roles = dict(working_group.memberships.values_list("user__email", "role"))
    assert roles == {librarian.email: Role.OWNER, group_owner.email: Role.MODERATOR}


def test_last_owner_can_neither_leave_nor_step_down_so_a_group_never_ends_ownerless(
    client, working_group, group_owner
):
    client.force_login(group_owner)
    own = working_group.memberships.get(user=group_owner)
    response = client.post(
        reverse("cooperation:member_role", kwargs={"slug": working_group.slug, "pk": own.pk}),
        {"role": Role.MEMBER},
        follow=True,
    )
    assert "Een groep heeft altijd een eigenaar" in response.content.decode()
    response = client.post(
        reverse("cooperation:leave", kwargs={"slug": working_group.slug}), follow=True
    )
    assert "Een groep heeft altijd een eigenaar" in response.content.decode()
    assert working_group.memberships.get(user=group_owner).role == Role.OWNER


def test_member_leaves_in_one_click(client, working_group, librarian):
    add_member(working_group, librarian)
    client.force_login(librarian)
    response = client.post(reverse("cooperation:leave", kwargs={"slug": working_group.slug}))
    assert response["Location"] == reverse("cooperation:directory")
    assert not working_group.memberships.filter(user=librarian).exists()


def test_owner_removes_a_member(client, working_group, group_owner, librarian):
    membership = add_member(working_group, librarian)
    client.force_login(group_owner)
    client.post(
        reverse(
            "cooperation:member_remove", kwargs={"slug": working_group.slug, "pk": membership.pk}
        )
    )
    assert not working_group.memberships.filter(user=librarian).exists()


def test_secret_group_shows_in_no_list_for_outsiders(
    client, make_group, outsider, librarian, home_page
):
    secret = make_group(Group.Visibility.SECRET, name="Geheim Project")
    make_group(Group.Visibility.MEMBERS, name="Stuurgroep Netwerk")
    add_member(secret, librarian)
    client.force_login(outsider)
    directory = client.get(reverse("cooperation:directory")).content.decode()
    assert "Stuurgroep Netwerk" in directory
    assert "Geheim Project" not in directory
    assert "Geheim Project" not in client.get("/").content.decode()
    client.logout()
    assert "Geheim Project" not in client.get(reverse("cooperation:directory")).content.decode()
    client.force_login(librarian)
    assert "Geheim Project" in client.get(reverse("cooperation:directory")).content.decode()
    assert "Geheim Project" in client.get("/").content.decode()  # "my groups" on the home page


def test_group_creator_becomes_owner_and_open_joining_needs_a_public_group(client, librarian):
    client.force_login(librarian)
    response = client.post(
        reverse("cooperation:group_create"),
        {"name": "Werkgroep Makers", "kind": "working_group", "description": "",
         "visibility": "members", "join_policy": "open"},
    )  # fmt: skip
    assert "Alleen een openbare groep" in response.content.decode()
    client.post(
        reverse("cooperation:group_create"),
        {"name": "Werkgroep Makers", "kind": "working_group", "description": "",
         "visibility": "public", "join_policy": "open"},
    )  # fmt: skip
    group = Group.objects.get(name="Werkgroep Makers")
    assert group.memberships.get().user == librarian
    assert group.memberships.get().role == Role.OWNER


def test_trash_is_purged_after_thirty_days_with_its_files(
    working_group, group_owner, django_capture_on_commit_callbacks
):
    from datetime import timedelta

    from django.core.files.storage import default_storage
    from django.utils import timezone

    from cooperation.models import Document
    from tests.cooperation.conftest import upload

    old = services.document_upload(
        group=working_group, uploaded=upload("oud.txt", b"oud"), by=group_owner
    )
    recent = services.document_upload(
        group=working_group, uploaded=upload("nieuw.txt", b"nieuw"), by=group_owner
    )
    services.document_trash(document=old, by=group_owner)
    services.document_trash(document=recent, by=group_owner)
    Document.objects.filter(pk=old.pk).update(trashed_at=timezone.now() - timedelta(days=31))
    name = old.current_version.file.file.name
    from django.core.management import call_command

    with django_capture_on_commit_callbacks(execute=True):
        call_command("purge_cooperation_trash")
    assert list(Document.objects.values_list("title", flat=True)) == ["Nieuw"]
    assert not default_storage.exists(name)


def test_platform_staff_manage_groups_in_the_wagtail_admin(client, working_group, editor):
    client.force_login(editor)
    response = client.get("/admin/snippets/cooperation/group/")
    assert response.status_code == 200
    assert working_group.name in response.content.decode()
    edit = client.get(f"/admin/snippets/cooperation/group/edit/{working_group.pk}/")
    assert edit.status_code == 200


def test_directory_at_cooperatie_shows_the_editors_introduction_and_the_groups(
    client, home_page, make_group
):
    make_group(Group.Visibility.PUBLIC, name="Werkgroep Leesbevordering")
    page = client.get("/cooperatie/").content.decode()
    assert "Ruimtes voor werkgroepen en stuurgroepen" in page  # the page seed_demo makes
    assert "Werkgroep Leesbevordering" in page


def test_seed_demo_makes_three_groups_with_each_role_and_versions(db):
    from django.core.management import call_command

    from cooperation.models import Document

    call_command("seed_demo")
    call_command("seed_demo")  # idempotent
    roles = {
        (m.group.visibility, m.user.email.split("@")[0], m.role)
        for m in Membership.objects.select_related("group", "user")
    }
    assert ("public", "werkgroep", Role.OWNER) in roles
    assert ("members", "stuurgroep", Role.OWNER) in roles
    assert ("secret", "bibliothecaris", Role.MEMBER) in roles
    assert not any(email == "buitenstaander" for _v, email, _r in roles)
    # At the library's top level; meetings' demo adds presentations in its "Vergaderingen" folder.
    assert Document.objects.filter(folder=None).count() == 3
    assert Document.objects.filter(versions__number=2).count() == 2


def test_owner_edits_the_group_and_a_member_may_not(client, working_group, group_owner, librarian):
    add_member(working_group, librarian)
    url = reverse("cooperation:group_edit", kwargs={"slug": working_group.slug})
    fields = {"name": "Werkgroep Lezen", "kind": "working_group", "description": "Nieuw",
              "visibility": "secret", "join_policy": "invitation"}  # fmt: skip
    client.force_login(librarian)
    assert client.post(url, fields).status_code == 403
    client.force_login(group_owner)
    client.post(url, fields)
    working_group.refresh_from_db()
    assert (working_group.name, working_group.visibility) == ("Werkgroep Lezen", "secret")


def test_folders_nest_and_documents_are_uploaded_into_them(client, working_group, group_owner):
    from tests.cooperation.conftest import upload

    client.force_login(group_owner)
    client.post(reverse("cooperation:folder_create", kwargs={"slug": working_group.slug}),
                {"name": "Vergaderingen"})  # fmt: skip
    folder = working_group.folders.get()
    client.post(reverse("cooperation:folder_create", kwargs={"slug": working_group.slug}),
                {"name": "2026", "parent": folder.pk})  # fmt: skip
    assert working_group.folders.get(name="2026").parent == folder
    client.post(
        reverse("cooperation:upload", kwargs={"slug": working_group.slug}),
        {"files": [upload("agenda.txt", b"Agenda")], "folder": folder.pk},
    )
    page = client.get(
        reverse("cooperation:folder", kwargs={"slug": working_group.slug, "folder_id": folder.pk})
    ).content.decode()
    assert "Agenda" in page
    assert "2026" in page
    root = client.get(working_group.get_absolute_url()).content.decode()
    # Not in the root folder's table (the page's "recent activity" does name the new upload).
    assert "Agenda" not in root.split('class="library-table"')[1].split("</table>")[0]


def test_directory_counts_all_members_of_a_secret_group_for_its_member(
    client, make_group, librarian, outsider
):
    secret = make_group(Group.Visibility.SECRET, name="Geheim Project")
    add_member(secret, librarian)
    add_member(secret, outsider)
    client.force_login(librarian)
    page = client.get(reverse("cooperation:directory")).content.decode()
    assert "3 leden" in page


def test_wagtail_admin_refuses_to_leave_a_group_without_an_owner(client, working_group, editor):
    owner = working_group.memberships.get()
    url = f"/admin/snippets/cooperation/group/edit/{working_group.pk}/"
    form = {
        "name": working_group.name,
        "slug": working_group.slug,
        "kind": working_group.kind,
        "description": "",
        "visibility": working_group.visibility,
        "join_policy": working_group.join_policy,
        "memberships-TOTAL_FORMS": "1",
        "memberships-INITIAL_FORMS": "1",
        "memberships-MIN_NUM_FORMS": "0",
        "memberships-MAX_NUM_FORMS": "1000",
        "memberships-0-id": str(owner.pk),
        "memberships-0-user": str(owner.user_id),
        "memberships-0-role": Role.MEMBER,
    }
    client.force_login(editor)
    response = client.post(url, form)
    assert response.status_code == 200  # the form again, with the error
    assert "Een groep heeft altijd minstens één eigenaar." in response.content.decode()
    owner.refresh_from_db()
    assert owner.role == Role.OWNER
    client.post(url, {**form, "memberships-0-role": Role.OWNER, "description": "Bijgewerkt"})
    working_group.refresh_from_db()
    assert working_group.description == "Bijgewerkt"
