"""Meetings, published meeting material and news in the unified search (search/sources.py)."""

from django.utils.translation import gettext_lazy as _

from cooperation import permissions as group_permissions
from cooperation.meetings import permissions
from search.sources import Hit, Source, lazy_model, register


def _meeting(obj, request, query="") -> Hit:
    return Hit(
        kind="meeting",
        kind_label=str(_("Meeting")),
        title=obj.title,
        url=obj.get_absolute_url(),
        where=obj.group.name,
        date=obj.starts_at,
        text="\n".join(filter(None, [obj.agenda_text(), obj.minutes_text()])),
        obj=obj,
    )


def _publication(obj, request, query="") -> Hit:
    # The group is named only to those who may know it exists (a secret group may publish).
    group = obj.meeting.group
    user = getattr(request, "user", None)
    named = user is not None and group_permissions.can_see_group(user, group)
    return Hit(
        kind="publication",
        kind_label=str(_("Presentations")),
        title=obj.title,
        url=obj.get_absolute_url(),
        where=group.name if named else str(_("Presentations")),
        date=obj.published_at,
        text=obj.public_text(),
        obj=obj,
    )


def _news(obj, request, query="") -> Hit:
    return Hit(
        kind="news",
        kind_label=str(_("News")),
        title=obj.title,
        url=obj.get_absolute_url(),
        where=str(_("News")),
        date=obj.published_at,
        text="\n".join(filter(None, [obj.summary, obj.body_text()])),
        obj=obj,
    )


def _publications_visible(user):
    # Published material of meetings the person cannot read inside; those they can read are
    # found as meetings (with everything), not twice.
    return permissions.publications_visible_to(user).exclude(
        meeting__in=permissions.meetings_visible_to(user)
    )


register(
    Source(
        kind="meeting",
        label=_("Meetings"),
        model=lazy_model("meetings.Meeting"),
        visible=permissions.meetings_visible_to,
        present=_meeting,
        date_field="starts_at",
        group_field="group_id",
        select_related=("group",),
        order=90,
    )
)
# No group_field for what is published to everyone: a secret group may publish, and the group
# facet would name it.
register(
    Source(
        kind="publication",
        label=_("Presentations"),
        model=lazy_model("meetings.Publication"),
        visible=_publications_visible,
        present=_publication,
        date_field="published_at",
        materialise="ids",
        select_related=("meeting__group",),
        order=100,
    )
)
register(
    Source(
        kind="news",
        label=_("News"),
        model=lazy_model("meetings.NewsItem"),
        visible=permissions.news_visible_to,
        present=_news,
        date_field="published_at",
        order=110,
    )
)
