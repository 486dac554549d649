"""The notification kinds of meetings and news, registered from MeetingsConfig.ready."""

from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cooperation.meetings import permissions
from cooperation.meetings.models import Publication
from notifications.kinds import DAILY, Kind, register_kind


def _describe_meeting(event) -> str:
    target = event.target
    if isinstance(target, Publication):
        return _("The material of “%(title)s” has been published") % {"title": target.title}
    return _("Meeting “%(title)s” on %(date)s") % {
        "title": target.title,
        # In the reader's zone (accounts/timezones.py): date_format prints what it is given, and
        # the database gives UTC.
        "date": formats.date_format(timezone.localtime(target.starts_at), "DATETIME_FORMAT"),
    }


def _meeting_url(target) -> str:
    meeting = target.meeting if isinstance(target, Publication) else target
    return meeting.get_absolute_url()


def _describe_news(event) -> str:
    return _("News from %(group)s: “%(title)s”") % {
        "group": event.target.group,
        "title": event.target.title,
    }


def register() -> None:
    register_kind(
        Kind(
            key="meeting",
            label=gettext_lazy("Meetings of my groups (scheduled, material published)"),
            may_see=permissions.may_see_meeting_notice,
            describe=_describe_meeting,
            url=_meeting_url,
            default_email=DAILY,
        )
    )
    register_kind(
        Kind(
            key="news",
            label=gettext_lazy("News of my groups"),
            may_see=permissions.can_view_news,
            describe=_describe_news,
            url=lambda item: item.get_absolute_url(),
            default_email=DAILY,
        )
    )
