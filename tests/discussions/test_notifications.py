"""Who is told about mentions, replies and new threads, and that nobody is told about what they may
not read."""

import pytest

from cooperation import services as group_services
from cooperation.discussions import services
from cooperation.discussions.models import Subscription
from notifications.kinds import get_kind
from notifications.models import Event, Notification
from notifications.selectors import (
    activity_for,
    as_lines,
    group_activity,
    notification_lines,
    notifications_for,
)
from tests.factories import UserFactory


def told(event_kind):
    return set(
        Notification.objects.filter(event__kind=event_kind).values_list(
            "recipient__display_name", flat=True
        )
    )


def test_a_mentioned_member_is_told_at_once_by_e_mail(thread, member, moderator):
    post = services.post_reply(thread=thread, author=member, body="@Mo Moderator, kijk je even?")
    assert told("mention") == {"Mo Moderator"}
    notification = Notification.objects.get(event__kind="mention")
    assert notification.email == Notification.Email.PENDING  # mailed right after the commit
    kind = get_kind("mention")
    assert kind.describe(notification.event) == "Lies Lid noemde je in “Voorleesweek”"
    assert kind.url(post) == post.get_absolute_url()
    assert kind.url(post).endswith(f"#post-{post.pk}")


def test_followers_of_a_thread_are_told_of_replies_and_its_author_follows_it(
    thread, member, moderator, group_owner
):
    services.subscribe(user=moderator, thread=thread)
    services.post_reply(thread=thread, author=member, body="Een reactie")
    assert told("reply") == {"Wies Werkgroep", "Mo Moderator"}  # the author, and who follows


def test_a_mention_is_not_also_told_as_a_reply(thread, member, group_owner):
    services.post_reply(thread=thread, author=member, body="Klopt dat, @Wies Werkgroep?")
    assert told("mention") == {"Wies Werkgroep"}
    assert told("reply") == set()


def test_followers_of_a_group_hear_of_new_threads_in_the_daily_digest(
    group, member, moderator, make_thread
):
    services.subscribe(user=member, group=group)
    thread = make_thread(title="Nieuwe collectie")
    assert told("thread") == {"Lies Lid"}
    notification = Notification.objects.get(event__kind="thread")
    assert notification.email == Notification.Email.DIGEST
    assert notifications_for(member)[0].event.target == thread


def test_the_events_make_the_groups_activity_stream(thread, member, group):
    services.post_reply(thread=thread, author=member, body="Een reactie")
    kinds = list(Event.objects.filter(group=group).values_list("kind", flat=True))
    assert sorted(kinds) == ["reply", "thread"]


def test_a_mention_stays_out_of_the_activity_streams_and_reaches_only_the_mentioned(
    client, home_page, thread, member, moderator, group_owner
):
    """“Lies noemde je in …” is said to Mo alone; everyone else in the group, Lies included,
    reads the post in the streams once, as her reply."""
    services.post_reply(thread=thread, author=member, body="@Mo Moderator, kijk je even?")

    for person in (member, group_owner, moderator):
        lines = [line.text for line in as_lines(activity_for(person))]
        assert lines.count("Lies Lid reageerde in “Voorleesweek”") == 1
        assert not any("noemde je" in line for line in lines)
        group_lines = [line.text for line in as_lines(group_activity(thread.group, person))]
        assert not any("noemde je" in line for line in group_lines)
        client.force_login(person)
        assert "noemde je" not in client.get("/").content.decode()
    assert [line.text for line in notification_lines(notifications_for(moderator))] == [
        "Lies Lid noemde je in “Voorleesweek”"
    ]


def test_someone_who_left_is_no_longer_told_and_loses_earlier_notifications(
    thread, member, moderator
):
    services.subscribe(user=member, thread=thread)
    services.post_reply(thread=thread, author=moderator, body="Eerste")
    assert len(notifications_for(member)) == 1
    group_services.membership_leave(group=thread.group, user=member)
    services.post_reply(thread=thread, author=moderator, body="Tweede")
    assert Notification.objects.filter(recipient=member).count() == 1  # not told of the second
    assert notifications_for(member) == []  # and the first is no longer shown


def test_a_deleted_post_is_no_longer_shown_in_notifications(thread, member, moderator):
    post = services.post_reply(thread=thread, author=member, body="@Mo Moderator kijk")
    assert len(notifications_for(moderator)) == 1
    services.post_delete(post=post, by=member)
    assert notifications_for(moderator) == []


def test_mentions_added_by_an_edit_are_told_once(thread, member, moderator, group_owner):
    post = services.post_reply(thread=thread, author=member, body="Hoi @Mo Moderator")
    services.post_edit(post=post, by=member, body="Hoi @Mo Moderator en @Wies Werkgroep")
    services.post_edit(post=post, by=member, body="Hallo @Mo Moderator en @Wies Werkgroep")
    mentions = Notification.objects.filter(event__kind="mention")
    assert sorted(mentions.values_list("recipient__display_name", flat=True)) == [
        "Mo Moderator",
        "Wies Werkgroep",
    ]


def test_following_needs_read_access(thread, outsider):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.subscribe(user=outsider, thread=thread)
    with pytest.raises(PermissionDenied):
        services.subscribe(user=outsider, group=thread.group)
    assert not Subscription.objects.filter(user=outsider).exists()


def test_a_person_follows_and_unfollows_through_the_pages(logged_in, thread, member):
    client = logged_in(member)
    from django.urls import reverse

    kwargs = {"slug": thread.group.slug, "pk": thread.pk}
    client.post(reverse("discussions:thread_follow", kwargs=kwargs), {"follow": "1"})
    assert Subscription.objects.filter(user=member, thread=thread).exists()
    client.post(reverse("discussions:thread_follow", kwargs=kwargs), {"follow": "0"})
    assert not Subscription.objects.filter(user=member, thread=thread).exists()
    url = reverse("discussions:group_follow", kwargs={"slug": thread.group.slug})
    client.post(url, {"follow": "1"})
    assert Subscription.objects.filter(user=member, group=thread.group).exists()


def test_a_closed_account_is_not_told(thread, member):
    gone = UserFactory(display_name="Gerrit Gestopt", is_active=False)
    from tests.cooperation.conftest import add_member

    add_member(thread.group, gone)
    services.subscribe(user=gone, thread=thread)
    services.post_reply(thread=thread, author=member, body="Hallo")
    assert "Gerrit Gestopt" not in told("reply")
