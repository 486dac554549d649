from django import template

from cooperation import selectors

register = template.Library()


@register.inclusion_tag("cooperation/includes/my_groups.html", takes_context=True)
def my_groups(context):
    user = context["request"].user
    return {"user": user, "groups": selectors.groups_of(user)}


@register.filter
def role_label(role: str) -> str:
    from cooperation.models import Membership

    return Membership.Role(role).label if role in Membership.Role.values else ""
