"""The bell in the header and the activity lists of a group's page and the home page. They only
call selectors; the rules of who sees what are the kinds' (their apps' permission modules)."""

from django import template

from notifications import selectors

register = template.Library()

BELL_CAP = 99


@register.inclusion_tag("notifications/includes/bell.html", takes_context=True)
def notification_bell(context):
    """For logged-in people only (base.html asks): anonymous visitors pay nothing for it."""
    request = context["request"]
    return {
        "count": selectors.unread_count(request.user, cap=BELL_CAP),
        "cap": BELL_CAP,
        "current": request.path == "/meldingen/",
    }


@register.inclusion_tag("notifications/includes/activity.html")
def group_activity(group, user, limit=10):
    events = selectors.group_activity(group, user, limit=limit)
    return {"lines": selectors.as_lines(events), "scope": "group"}


@register.inclusion_tag("notifications/includes/activity.html", takes_context=True)
def activity_in_my_groups(context, limit=10):
    user = context["request"].user
    events = selectors.activity_for(user, limit=limit) if user.is_authenticated else []
    return {"lines": selectors.as_lines(events), "scope": "mine"}
