"""The bell in the header, the notifications page, and following or marking notifications."""

import re

from django.urls import reverse

from notifications.models import Notification
from tests.cooperation.conftest import add_member


def _bell(html: str) -> str:
    match = re.search(r'<a class="bell"[^>]*>(.*?)</a>', html, re.S)
    assert match, "no bell in the header"
    return re.sub(r"<[^>]+>", "", match.group(1)).split()


def test_the_bell_counts_what_is_new_and_the_page_lists_it(
    client, working_group, group_owner, librarian, upload_document, home_page
):
    add_member(working_group, librarian)
    upload_document(working_group, group_owner, "Agenda september")
    upload_document(working_group, group_owner, "Notulen augustus")
    client.force_login(librarian)

    assert _bell(client.get("/").content.decode()) == ["Meldingen", "2", "ongelezen"]
    page = client.get(reverse("notifications:list")).content.decode()
    assert "Wies Werkgroep heeft “Notulen augustus” toegevoegd aan Werkgroep Leesbevordering" in (
        page
    )
    assert page.index("Notulen augustus") < page.index("Agenda september")  # newest first


def test_following_a_notification_marks_it_read_and_leads_to_the_document(
    client, working_group, group_owner, librarian, upload_document, home_page
):
    add_member(working_group, librarian)
    document = upload_document(working_group, group_owner)
    notification = Notification.objects.get(recipient=librarian)
    client.force_login(librarian)

    response = client.get(reverse("notifications:open", kwargs={"pk": notification.pk}))

    assert response.status_code == 302 and response.url == document.get_absolute_url()
    notification.refresh_from_db()
    assert notification.read_at is not None
    assert _bell(client.get("/").content.decode()) == ["Meldingen"]


def test_someone_elses_notification_is_not_found_and_stays_unread(
    client, working_group, group_owner, librarian, outsider, upload_document
):
    add_member(working_group, librarian)
    add_member(working_group, outsider)
    upload_document(working_group, group_owner)
    theirs = Notification.objects.get(recipient=outsider)
    client.force_login(librarian)

    response = client.get(reverse("notifications:open", kwargs={"pk": theirs.pk}))

    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_mark_all_read_ignores_other_peoples_ids(
    client, working_group, group_owner, librarian, outsider, upload_document
):
    add_member(working_group, librarian)
    add_member(working_group, outsider)
    upload_document(working_group, group_owner)
    mine = Notification.objects.get(recipient=librarian)
    theirs = Notification.objects.get(recipient=outsider)
    client.force_login(librarian)

    response = client.post(reverse("notifications:mark_all_read"), {"id": [mine.pk, theirs.pk]})

    assert response.status_code == 302
    assert Notification.objects.get(pk=mine.pk).read_at is not None
    assert Notification.objects.get(pk=theirs.pk).read_at is None
    page = client.get(response.url).content.decode()
    assert "Alle meldingen zijn als gelezen gemarkeerd." in page


def test_mark_all_read_leaves_what_arrived_after_the_page_was_shown(
    client, working_group, group_owner, librarian, upload_document
):
    add_member(working_group, librarian)
    upload_document(working_group, group_owner, "Eerste")
    client.force_login(librarian)
    shown = re.findall(r'name="id" value="(\d+)"', client.get("/meldingen/").content.decode())
    upload_document(working_group, group_owner, "Later binnengekomen")

    client.post(reverse("notifications:mark_all_read"), {"id": shown})

    unread = Notification.objects.filter(recipient=librarian, read_at__isnull=True)
    assert [n.event.target.title for n in unread] == ["Later binnengekomen"]


def test_mark_all_read_is_a_post(client, librarian):
    client.force_login(librarian)
    assert client.get(reverse("notifications:mark_all_read")).status_code == 405


def test_anonymous_visitors_get_no_bell_and_are_asked_to_log_in(client, home_page):
    assert 'class="bell"' not in client.get("/").content.decode()
    response = client.get(reverse("notifications:list"))
    assert response.status_code == 302 and "/account/login/" in response.url
    response = client.get(reverse("notifications:open", kwargs={"pk": 1}))
    assert response.status_code == 302 and "/account/login/" in response.url


def test_the_bell_costs_one_query_when_nothing_is_new(
    client, home_page, librarian, django_assert_num_queries
):
    from django.template import Context, Template
    from django.test import RequestFactory

    request = RequestFactory().get("/")
    request.user = librarian
    template = Template("{% load notification_tags %}{% notification_bell %}")
    with django_assert_num_queries(1):
        html = template.render(Context({"request": request}))
    assert "bell__count" not in html


def test_the_bell_stays_cheap_with_many_notifications(
    working_group, group_owner, librarian, upload_document, django_assert_max_num_queries
):
    from notifications.selectors import unread_count

    add_member(working_group, librarian)
    for number in range(12):
        upload_document(working_group, group_owner, f"Document {number}")
    librarian.refresh_from_db()  # a fresh request: nothing cached on the person

    with django_assert_max_num_queries(4):
        assert unread_count(librarian) == 12
