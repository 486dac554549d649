"""Starting threads and replying through the pages a member uses, and what happens with bad input:
a clear message beside the field and nothing lost from the form."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from cooperation.discussions import services
from cooperation.discussions.models import Attachment, Post, Thread
from cooperation.models import Document, Group
from tests.cooperation.conftest import upload


def threads_url(group):
    return reverse("discussions:threads", kwargs={"slug": group.slug})


def new_thread_url(group):
    return reverse("discussions:thread_create", kwargs={"slug": group.slug})


def test_a_member_starts_a_thread_and_follows_it(logged_in, group, member):
    client = logged_in(member)
    response = client.post(
        new_thread_url(group),
        {"title": "Leesclubs voor jongeren", "body": "Wie heeft **ervaring** met leesclubs?"},
    )
    thread = Thread.objects.get(title="Leesclubs voor jongeren")
    assert response.status_code == 302 and response.url == thread.get_absolute_url()
    page = client.get(response.url).content.decode()
    assert "<strong>ervaring</strong>" in page
    assert "Stop following this thread" in page or "Deze draad niet meer volgen" in page
    assert thread.subscriptions.filter(user=member).exists()
    listing = client.get(threads_url(group)).content.decode()
    assert "Leesclubs voor jongeren" in listing


def test_the_group_page_links_to_its_discussions_for_readers_only(
    client, logged_in, group, member, outsider
):
    link = threads_url(group)
    assert link in logged_in(member).get(group.get_absolute_url()).content.decode()
    client.force_login(outsider)
    assert link not in client.get(group.get_absolute_url()).content.decode()


def test_a_reply_appears_in_the_thread(logged_in, thread, member):
    client = logged_in(member)
    response = client.post(thread.get_absolute_url(), {"body": "Ik doe mee!"})
    post = Post.objects.get(body_source="Ik doe mee!")
    assert response.status_code == 302
    assert response.url == post.get_absolute_url()
    assert "Ik doe mee!" in client.get(thread.get_absolute_url()).content.decode()
    thread.refresh_from_db()
    assert thread.last_post_at == post.created_at


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("   \n  ", "leeg"),
        ("a" * 50_001, "50.000"),
    ],
)
def test_an_empty_or_too_long_reply_is_refused_and_the_text_stays(
    logged_in, thread, member, body, message
):
    response = logged_in(member).post(thread.get_absolute_url(), {"body": body})
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert Post.objects.filter(thread=thread).count() == 1
    if body.strip():
        assert body in page  # everything typed is still in the box


def test_a_long_post_under_the_limit_is_accepted(logged_in, thread, member):
    body = "woord " * 8000  # 48,000 characters
    response = logged_in(member).post(thread.get_absolute_url(), {"body": body})
    assert response.status_code == 302


def test_a_reply_to_a_locked_thread_is_refused_and_the_text_stays(
    logged_in, thread, member, moderator
):
    client = logged_in(member)
    page = client.get(thread.get_absolute_url()).content.decode()
    assert 'id="reageren"' in page
    services.thread_lock(thread=thread, by=moderator)  # meanwhile, in another browser
    response = client.post(thread.get_absolute_url(), {"body": "Nog één ding over de planning"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "gesloten" in page  # "Deze draad is gesloten: ..."
    assert "Nog één ding over de planning" in page
    assert Post.objects.filter(thread=thread).count() == 1


def test_a_mention_of_a_non_member_is_refused_naming_them(logged_in, thread, member, outsider):
    body = "Wat vind jij, @Bo Buitenstaander? En @Wies Werkgroep?"
    response = logged_in(member).post(thread.get_absolute_url(), {"body": body})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Bo Buitenstaander is geen lid van deze groep" in page
    assert "Wies Werkgroep is geen lid" not in page
    assert "Wat vind jij, @Bo Buitenstaander? En @Wies Werkgroep?" in page
    assert Post.objects.filter(thread=thread).count() == 1


def test_an_empty_title_is_refused_and_the_body_stays(logged_in, group, member):
    response = logged_in(member).post(new_thread_url(group), {"title": " ", "body": "Inhoud"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Geef de draad een titel." in page
    assert "Inhoud</textarea>" in page
    assert not Thread.objects.exists()


def test_a_non_member_cannot_reply_or_start_a_thread(client, public_group, outsider, member):
    thread = services.thread_create(group=public_group, author=member, title="Open", body="Hoi")
    client.force_login(outsider)
    assert client.get(thread.get_absolute_url()).status_code == 200  # public: may read
    assert client.post(thread.get_absolute_url(), {"body": "Ik ook"}).status_code == 403
    assert client.post(new_thread_url(public_group), {"title": "x", "body": "y"}).status_code == 403
    assert Post.objects.filter(thread=thread).count() == 1


def test_anonymous_readers_of_a_public_group_are_asked_to_log_in_to_reply(
    client, public_group, member
):
    thread = services.thread_create(group=public_group, author=member, title="Open", body="Hoi")
    page = client.get(thread.get_absolute_url()).content.decode()
    assert "Hoi" in page and 'id="reageren"' not in page
    response = client.post(thread.get_absolute_url(), {"body": "anoniem"})
    assert response.status_code == 302 and "/account/login/" in response.url


def test_editing_marks_the_post_and_keeps_the_history_for_moderators(
    logged_in, client, thread, member, moderator
):
    post = services.post_reply(thread=thread, author=member, body="Eerste versie")
    edit_url = reverse(
        "discussions:post_edit",
        kwargs={"slug": thread.group.slug, "pk": thread.pk, "post_id": post.pk},
    )
    client = logged_in(member)
    assert client.post(edit_url, {"body": "Tweede versie"}).status_code == 302
    page = client.get(thread.get_absolute_url()).content.decode()
    assert "Tweede versie" in page and "Eerste versie" not in page
    assert "bewerkt" in page
    history_url = reverse(
        "discussions:post_history",
        kwargs={"slug": thread.group.slug, "pk": thread.pk, "post_id": post.pk},
    )
    assert client.get(history_url).status_code == 403  # the author is no moderator
    client.force_login(moderator)
    history = client.get(history_url).content.decode()
    assert "Eerste versie" in history and "Tweede versie" in history


def test_only_the_author_and_moderators_edit_a_post(logged_in, thread, member, group_owner):
    post = services.post_reply(thread=thread, author=member, body="Van Lies")
    kwargs = {"slug": thread.group.slug, "pk": thread.pk, "post_id": post.pk}
    from tests.cooperation.conftest import add_member
    from tests.factories import UserFactory

    colleague = UserFactory(display_name="Cas Collega")
    add_member(thread.group, colleague)
    client = logged_in(colleague)
    response = client.post(reverse("discussions:post_edit", kwargs=kwargs), {"body": "Gekaapt"})
    assert response.status_code == 403
    response = client.post(reverse("discussions:post_delete", kwargs=kwargs))
    assert response.status_code == 403
    post.refresh_from_db()
    assert post.body_source == "Van Lies" and post.deleted_at is None
    client.force_login(group_owner)  # the owner moderates
    response = client.post(reverse("discussions:post_edit", kwargs=kwargs), {"body": "Ok"})
    assert response.status_code == 302


def test_a_deleted_post_shows_as_deleted_and_its_text_only_to_moderators(
    logged_in, thread, member, moderator
):
    post = services.post_reply(thread=thread, author=member, body="Geheime typfout")
    kwargs = {"slug": thread.group.slug, "pk": thread.pk, "post_id": post.pk}
    client = logged_in(member)
    assert client.post(reverse("discussions:post_delete", kwargs=kwargs)).status_code == 302
    page = client.get(thread.get_absolute_url()).content.decode()
    assert "Dit bericht is verwijderd." in page
    assert "Geheime typfout" not in page
    client.force_login(moderator)
    assert "Geheime typfout" not in client.get(thread.get_absolute_url()).content.decode()
    history = client.get(reverse("discussions:post_history", kwargs=kwargs)).content.decode()
    assert "Geheime typfout" in history


def test_moderators_pin_and_lock_and_members_cannot(logged_in, make_thread, member, moderator):
    older = make_thread(title="Oudere draad")
    newer = make_thread(title="Nieuwere draad")
    pin = reverse(
        "discussions:thread_moderate",
        kwargs={"slug": older.group.slug, "pk": older.pk, "action": "vastzetten"},
    )
    client = logged_in(member)
    assert client.post(pin).status_code == 403
    client.force_login(moderator)
    assert client.post(pin).status_code == 302
    titles = [t.title for t in client.get(threads_url(older.group)).context["page"].object_list]
    assert titles == ["Oudere draad", "Nieuwere draad"]  # pinned first
    lock = reverse(
        "discussions:thread_moderate",
        kwargs={"slug": newer.group.slug, "pk": newer.pk, "action": "sluiten"},
    )
    assert client.post(lock).status_code == 302
    newer.refresh_from_db()
    assert newer.locked
    client.force_login(member)
    assert 'id="reageren"' not in client.get(newer.get_absolute_url()).content.decode()


def test_the_thread_author_marks_a_reply_as_the_answer(logged_in, thread, member, group_owner):
    reply = services.post_reply(thread=thread, author=member, body="Zo doe je het.")
    url = reverse("discussions:answer", kwargs={"slug": thread.group.slug, "pk": thread.pk})
    assert logged_in(member).post(url, {"post": reply.pk}).status_code == 403  # not the author
    client = logged_in(group_owner)
    assert client.post(url, {"post": reply.pk}).status_code == 302
    thread.refresh_from_db()
    assert thread.answer == reply
    page = client.get(thread.get_absolute_url()).content.decode()
    assert "post--answer" in page and "Naar het antwoord" in page


def test_quote_prefills_the_reply_with_the_quoted_text(logged_in, thread, member):
    reply = services.post_reply(thread=thread, author=member, body="Regel een\nRegel twee")
    page = logged_in(member).get(f"{thread.get_absolute_url()}?citeer={reply.pk}")
    body = page.context["form"]["body"].value()
    assert body.startswith("Lies Lid schreef:\n> Regel een\n> Regel twee")


def test_long_threads_are_paginated_and_a_reply_leads_to_the_last_page(logged_in, thread, member):
    for number in range(60):
        services.post_reply(thread=thread, author=member, body=f"Reactie {number}")
    client = logged_in(member)
    first = client.get(thread.get_absolute_url())
    assert len(first.context["posts"]) == 50
    response = client.post(thread.get_absolute_url(), {"body": "De laatste"})
    assert "?page=2#post-" in response.url
    assert "De laatste" in client.get(response.url).content.decode()


def test_attach_a_library_document_and_upload_a_new_one(logged_in, group, member, group_owner):
    from cooperation import services as library

    document = library.document_upload(
        group=group, uploaded=upload("plan.txt", b"Het plan\n", "text/plain"), by=group_owner
    )
    client = logged_in(member)
    response = client.post(
        new_thread_url(group),
        {
            "title": "Met bijlagen",
            "body": "Zie bijlagen",
            "documents": [document.pk],
            "files": [upload("verslag.txt", b"Verslag van de dag\n", "text/plain")],
        },
    )
    assert response.status_code == 302
    thread = Thread.objects.get(title="Met bijlagen")
    attached = {a.document.title for a in Attachment.objects.filter(post__thread=thread)}
    assert attached == {"Plan", "Verslag"}
    new = Document.objects.get(title="Verslag")
    assert new.group == group and new.current_version.number == 1  # in the group's library
    page = client.get(thread.get_absolute_url()).content.decode()
    assert new.get_absolute_url() in page and document.get_absolute_url() in page


def test_a_refused_upload_stores_nothing_and_keeps_the_text(logged_in, group, member):
    response = logged_in(member).post(
        new_thread_url(group),
        {
            "title": "Met programma",
            "body": "Mijn tekst blijft",
            "files": [
                upload("goed.txt", b"Gewone tekst\n", "text/plain"),
                upload("virus.exe", b"MZ\x90\x00" + b"\x00" * 100),
            ],
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "virus.exe" in page and "Mijn tekst blijft" in page
    assert not Thread.objects.exists() and not Document.objects.exists()


def test_another_groups_document_cannot_be_attached(logged_in, group, member, make_group):
    from cooperation import services as library

    other = make_group(Group.Visibility.SECRET, name="Geheime groep")
    secret = library.document_upload(
        group=other,
        uploaded=upload("geheim.txt", b"Geheim\n", "text/plain"),
        by=other.memberships.get().user,
    )
    # Through the form (an id typed into the request) and through the service directly.
    logged_in(member).post(
        new_thread_url(group), {"title": "Poging", "body": "Kijk", "documents": [secret.pk]}
    )
    assert not Attachment.objects.exists()
    with pytest.raises(ValidationError):
        services.thread_create(
            group=group, author=member, title="Poging", body="Kijk", documents=[secret]
        )
    assert not Attachment.objects.exists()


def test_a_posts_link_counts_its_place_in_the_thread_once(
    thread, member, django_assert_num_queries
):
    """An activity list may link the same post twice; the page it is on is counted once."""
    post = services.post_reply(thread=thread, author=member, body="Eén keer tellen")
    post = type(post).objects.select_related("thread__group").get(pk=post.pk)
    with django_assert_num_queries(1):
        first = post.get_absolute_url()
        assert post.get_absolute_url() == first
    assert first.endswith(f"#post-{post.pk}")
