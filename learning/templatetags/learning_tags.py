from django import template

from learning import selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def next_webinars(context, limit: int = 3):
    """The next webinars the visitor may see, for the home page."""
    return selectors.webinars_next(user=context["request"].user, limit=limit)
