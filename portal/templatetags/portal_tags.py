"""Small helpers for templates of every app."""

from django import template

register = template.Library()


@register.filter
def stored_size(field) -> int | None:
    """The size of a stored file (a FileField's value), or None when it is missing from the
    storage: a download link then goes without its size instead of the page failing."""
    try:
        return field.size if field else None
    except (OSError, ValueError):
        return None
