"""Who may see and do what with meetings, publications and news: the one place these rules are
written, built on cooperation/permissions.py. Views, file downloads, the calendar feed, search
sources and notification kinds all ask this module.

- A meeting (agenda, participants, minutes, decisions, action items, files) is for the readers
  of its group: everyone for a public group, members (and platform staff) otherwise.
- Group moderators and owners (the secretary) schedule and edit meetings, keep the minutes and
  the decision register, and decide what of a meeting is published.
- What a group has published (presentations, approved minutes, the recording) is for everyone,
  also when the group is secret: publishing is the group's own decision. The public pages then
  show the published item only: a secret group's name, slug and other meetings stay hidden from
  whoever may not see the group (`can_see_group`).
- News: a published item is for everyone (the group's name under the same rule); drafts only for
  those who may edit them. Group news is written by the group's moderators, platform news by
  platform staff (the Wagtail admin).
"""

from django.db.models import QuerySet
from django.utils import timezone

from cooperation import permissions as group_rules
from cooperation.meetings.models import Meeting, NewsItem, Publication
from cooperation.models import Document, Group

# --- Querysets ----------------------------------------------------------------------------------


def meetings_visible_to(user) -> QuerySet[Meeting]:
    """Meetings whose inside the person may read: those of the groups they may read."""
    return Meeting.objects.filter(group__in=group_rules.groups_readable_by(user).values("pk"))


def publications_visible_to(user) -> QuerySet[Publication]:
    """What groups have published of their meetings: for everyone."""
    return Publication.objects.filter(published_at__isnull=False)


def news_visible_to(user) -> QuerySet[NewsItem]:
    """Published news (platform and groups): for everyone. Drafts are listed for their editors by
    the group's news page, never here."""
    return NewsItem.objects.filter(published_at__lte=timezone.now())


# --- Checks on one object -----------------------------------------------------------------------


def can_view_meeting(user, meeting: Meeting) -> bool:
    return group_rules.can_view_group(user, meeting.group)


def can_manage_meetings(user, group: Group) -> bool:
    """Schedule meetings, keep minutes, decisions and action items, publish."""
    return group_rules.can_moderate(user, group)


def can_manage_meeting(user, meeting: Meeting) -> bool:
    return can_manage_meetings(user, meeting.group)


def can_complete_action_item(user, item) -> bool:
    """The meeting's managers, and the person the action is for."""
    if item.owner_id is not None and item.owner_id == user.pk:
        return can_view_meeting(user, item.meeting)
    return can_manage_meeting(user, item.meeting)


def _publication(meeting: Meeting) -> Publication | None:
    try:
        publication = meeting.publication
    except Publication.DoesNotExist:
        return None
    return publication if publication.is_published else None


def can_view_publication(user, meeting: Meeting) -> bool:
    """The public page of a meeting: anything published of it."""
    return _publication(meeting) is not None


def can_view_minutes(user, meeting: Meeting) -> bool:
    if can_view_meeting(user, meeting):
        return True
    publication = _publication(meeting)
    return bool(publication and publication.minutes and meeting.minutes_approved)


def can_view_recording(user, meeting: Meeting) -> bool:
    if not meeting.recording:
        return False
    if can_view_meeting(user, meeting):
        return True
    publication = _publication(meeting)
    return bool(publication and publication.recording)


def can_download_presentation(user, meeting: Meeting, document: Document) -> bool:
    """A presentation of the meeting: for the group's readers, and for everyone once the
    meeting's presentations are published. Never from the trash."""
    if document.trashed_at is not None or document.group_id != meeting.group_id:
        return False
    if not meeting.presentations.filter(pk=document.pk).exists():
        return False
    if can_view_meeting(user, meeting):
        return True
    publication = _publication(meeting)
    return bool(publication and publication.presentations)


def can_write_news(user, group: Group | None) -> bool:
    if group is None:
        return group_rules.is_platform_staff(user)
    return group_rules.can_moderate(user, group)


def can_edit_news(user, item: NewsItem) -> bool:
    return can_write_news(user, item.group)


def can_view_news(user, item: NewsItem) -> bool:
    return item.is_published or can_edit_news(user, item)


def may_see_meeting_notice(user, target) -> bool:
    """For the "meeting" notification kind: its target is a meeting (scheduled) or a publication
    (material published); either way the group's members are told."""
    meeting = target.meeting if isinstance(target, Publication) else target
    return can_view_meeting(user, meeting)
