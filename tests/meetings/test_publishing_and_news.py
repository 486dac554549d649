"""The public Presentaties page, news (platform and groups) with its RSS feed, and who is told."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from cooperation.meetings import services
from cooperation.meetings.models import NewsItem
from cooperation.models import Group
from notifications.models import Notification
from tests.meetings.conftest import publish_all


def test_presentaties_page_filters_by_group_and_year_and_pages(
    client, make_group, make_meeting, steering_secretary
):
    groups = [
        make_group(Group.Visibility.PUBLIC, name=f"Stuurgroep {name}", owner=steering_secretary)
        for name in ("Noord", "Zuid")
    ]
    from tests.cooperation.conftest import upload
    from tests.cooperation.samples import pdf

    for number in range(23):
        group = groups[number % 2]
        meeting = make_meeting(group, title=f"Sessie {number:02d}", days=-30 - number * 20)
        services.presentation_upload(
            meeting=meeting,
            by=steering_secretary,
            uploaded=upload(f"s{number}.pdf", pdf(f"Sessie {number}"), "application/pdf"),
        )
        services.meeting_publish(
            meeting=meeting, by=steering_secretary, presentations=True, minutes=False,
            recording=False,
        )  # fmt: skip
    first = client.get(reverse("meetings:published"))
    assert first.context["page"].paginator.count == 23
    assert len(first.context["page"]) == 20
    titles = [p.meeting.title for p in first.context["page"]]
    assert titles[0] == "Sessie 00"  # newest first
    assert "pagina=2" in first.content.decode()
    north = client.get(reverse("meetings:published"), {"groep": groups[0].pk})
    assert north.context["page"].paginator.count == 12
    year = timezone.now().year - 1
    by_year = client.get(reverse("meetings:published"), {"jaar": year})
    assert by_year.context["page"].paginator.count >= 1
    assert all(p.meeting.starts_at.year == year for p in by_year.context["page"])
    assert [g.name for g in first.context["groups"]] == ["Stuurgroep Noord", "Stuurgroep Zuid"]


def test_publishing_tells_the_members_once(full_meeting, steering_secretary, member):
    publish_all(full_meeting, steering_secretary)
    publish_all(full_meeting, steering_secretary)  # changing what is published: no new notice
    kinds = list(
        Notification.objects.filter(recipient=member).values_list("event__kind", flat=True)
    )
    assert kinds.count("meeting") == 3  # two meetings scheduled, one publication
    from notifications.selectors import notifications_for

    lines = [n.event for n in notifications_for(member)]
    assert any(getattr(event.target, "meeting", None) == full_meeting for event in lines)


def test_group_moderator_writes_and_publishes_news(
    client, committee, full_meeting, steering_secretary, member, outsider
):
    publish_all(full_meeting, steering_secretary)
    client.force_login(steering_secretary)
    url = reverse("meetings:news_create", args=[committee.slug])
    response = client.post(url, {"title": "", "body_source": "Mijn tekst"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "Geef het nieuwsbericht een titel." in body and "Mijn tekst" in body
    client.post(
        url,
        {
            "title": "Verslag stuurgroep",
            "summary": "Kort verslag",
            "body_source": "De **presentatie** staat online.",
            "meetings": [full_meeting.pk],
            "publish": "1",
        },
    )
    item = NewsItem.objects.get(title="Verslag stuurgroep")
    assert item.is_published and "<strong>presentatie</strong>" in item.body_html
    assert Notification.objects.filter(recipient=member, event__kind="news").exists()
    # Everyone reads it; an outsider follows the link to the public page, not the group's.
    client.force_login(outsider)
    page = client.get(item.get_absolute_url()).content.decode()
    assert "<strong>presentatie</strong>" in page
    assert reverse("meetings:public_detail", args=[full_meeting.pk]) in page
    assert full_meeting.get_absolute_url() not in page
    group_page = client.get(reverse("meetings:group_news", args=[committee.slug]))
    assert "Verslag stuurgroep" in group_page.content.decode()
    # A member (not a moderator) cannot write news.
    client.force_login(member)
    assert client.get(url).status_code == 403


def test_drafts_are_only_for_their_editors(client, committee, steering_secretary, member):
    item = services.news_save(by=steering_secretary, group=committee, title="Geheim concept")
    client.force_login(member)
    assert client.get(item.get_absolute_url()).status_code == 404
    assert "Geheim concept" not in client.get(reverse("meetings:news")).content.decode()
    assert "Geheim concept" not in client.get(reverse("meetings:news_feed")).content.decode()
    client.force_login(steering_secretary)
    assert client.get(item.get_absolute_url()).status_code == 200
    assert (
        "Geheim concept"
        in client.get(reverse("meetings:group_news", args=[committee.slug])).content.decode()
    )


def test_news_page_and_rss_list_published_items_newest_first(client, committee, editor):
    older = services.news_save(by=editor, group=None, title="Ouder bericht", summary="Eerst")
    services.news_publish(item=older, by=editor)
    NewsItem.objects.filter(pk=older.pk).update(published_at=timezone.now() - timedelta(days=2))
    newer = services.news_save(by=editor, group=committee, title="Nieuwer bericht")
    services.news_publish(item=newer, by=editor)
    page = client.get(reverse("meetings:news"))
    assert [i.title for i in page.context["page"]] == ["Nieuwer bericht", "Ouder bericht"]
    assert 'type="application/rss+xml"' in page.content.decode()
    feed = client.get(reverse("meetings:news_feed"))
    assert feed["Content-Type"].startswith("application/rss+xml")
    body = feed.content.decode()
    assert body.index("Nieuwer bericht") < body.index("Ouder bericht")
    assert "<description>Eerst</description>" in body


def test_news_of_a_secret_group_does_not_name_it_to_outsiders(
    client, make_group, steering_secretary, outsider
):
    secret = make_group(
        Group.Visibility.SECRET, name="Stuurgroep Zwijgzaam", owner=steering_secretary
    )
    item = services.news_save(by=steering_secretary, group=secret, title="Openbaar bericht")
    services.news_publish(item=item, by=steering_secretary)
    client.force_login(outsider)
    for url in (reverse("meetings:news"), item.get_absolute_url()):
        body = client.get(url).content.decode()
        assert "Openbaar bericht" in body and "Zwijgzaam" not in body and secret.slug not in body
    assert client.get(reverse("meetings:group_news", args=[secret.slug])).status_code == 404


def test_platform_editors_write_news_in_the_wagtail_admin(client, editor):
    client.force_login(editor)
    response = client.post(
        "/admin/news/new/",
        {
            "title": "Redactiebericht",
            "slug": "",
            "summary": "Uit de redactie",
            "body_source": "Met *nadruk*",
            "published_at": timezone.localtime().strftime("%Y-%m-%d %H:%M"),
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    item = NewsItem.objects.get(title="Redactiebericht")
    assert item.group is None and item.slug == "redactiebericht" and item.author == editor
    assert "<em>nadruk</em>" in item.body_html
    assert "Redactiebericht" in client.get(reverse("meetings:news")).content.decode()


@pytest.mark.parametrize("path", ["/presentaties/", "/nieuws/"])
def test_site_navigation_links_to_presentaties_and_news(client, path, db):
    body = client.get(path).content.decode()
    assert 'href="/presentaties/"' in body and 'href="/nieuws/"' in body
