"""The personal data of meetings and news (privacy/registry.py): participation in meetings,
action items and news items written.

Erasure takes the person off the list of meetings still to come and unassigns their open action
items (the group sees they need a new owner). Past participation stays, attributed to "voormalig
lid", so a meeting's attendance stays complete; news items stay with the group too."""

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cooperation.meetings.models import ActionItem, NewsItem, Participant
from privacy.registry import PersonalData, register


def _participation(user) -> list[dict]:
    return [
        {
            "meeting": participation.meeting.title,
            "group": participation.meeting.group.name,
            "starts_at": participation.meeting.starts_at,
            "attendance": participation.attendance,
        }
        for participation in Participant.objects.filter(user=user)
        .select_related("meeting__group")
        .order_by("meeting__starts_at")
    ]


def _action_items(user) -> list[dict]:
    return [
        {
            "action": item.text,
            "meeting": item.meeting.title,
            "group": item.meeting.group.name,
            "due_date": item.due_date,
            "done_at": item.done_at,
        }
        for item in ActionItem.objects.filter(owner=user)
        .select_related("meeting__group")
        .order_by("created_at")
    ]


def _news(user) -> list[dict]:
    return [
        {
            "title": item.title,
            "group": item.group.name if item.group_id else None,
            "summary": item.summary,
            "text": item.body_source,
            "published_at": item.published_at,
        }
        for item in NewsItem.objects.filter(author=user)
        .select_related("group")
        .order_by("created_at")
    ]


register(
    PersonalData(
        key="meeting_participation",
        label=_("Participation in meetings"),
        what=_("The meetings of your groups you were invited to, and whether you were there."),
        why=_("For the agenda, the invitation and the minutes' list of who was present."),
        kept=lambda: gettext(
            "As long as the group keeps the meeting. When you delete your account you are "
            "taken off meetings still to come; past attendance stays as “former member”."
        ),
        fields={
            "meeting": _("the meeting's title"),
            "group": _("the group that met"),
            "starts_at": _("when it starts"),
            "attendance": _("invited, present or excused"),
        },
        export=_participation,
        erase=lambda user, erasure: Participant.objects.filter(
            user=user, meeting__starts_at__gt=erasure.now
        ).delete(),
        order=50,
    )
)

register(
    PersonalData(
        key="action_items",
        label=_("Action items"),
        what=_("The actions from meetings that were assigned to you, and when they were done."),
        why=_("So that the group knows who does what, and by when."),
        kept=lambda: gettext(
            "As long as the group keeps the meeting. When you delete your account, open actions "
            "lose their owner so the group can give them to someone else."
        ),
        fields={
            "action": _("what was to be done"),
            "meeting": _("the meeting it came from"),
            "group": _("the group"),
            "due_date": _("when it was due"),
            "done_at": _("when it was done"),
        },
        export=_action_items,
        erase=lambda user, erasure: ActionItem.objects.filter(
            owner=user, done_at__isnull=True
        ).update(owner=None),
        order=51,
    )
)

register(
    PersonalData(
        key="news_items",
        label=_("News you wrote"),
        what=_("The news items you wrote for a group or for the platform."),
        why=_("They are the group's news; your name shows who wrote them."),
        kept=lambda: gettext(
            "As long as the group keeps the item. When you delete your account it stays, "
            "attributed to “former member”."
        ),
        fields={
            "title": _("the title"),
            "group": _("the group it is from (empty: the platform's editors)"),
            "summary": _("the summary"),
            "text": _("the text (Markdown)"),
            "published_at": _("when it was published"),
        },
        export=_news,
        order=52,
    )
)
