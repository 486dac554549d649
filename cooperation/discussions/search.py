"""A group's discussions in the unified search (search/sources.py): the title and the text of the
posts, for those who may read the group's threads."""

from django.utils.translation import gettext_lazy as _

from cooperation.discussions import permissions
from search.sources import Hit, Source, lazy_model, register


def _thread(obj, request, query="") -> Hit:
    return Hit(
        kind="thread",
        kind_label=str(_("Discussion")),
        title=obj.title,
        url=obj.get_absolute_url(),
        where=obj.group.name,
        date=obj.last_post_at,
        text=obj.search_text(),
        obj=obj,
    )


register(
    Source(
        kind="thread",
        label=_("Discussions"),
        model=lazy_model("discussions.Thread"),
        visible=permissions.threads_visible_to,
        present=_thread,
        date_field="created_at",
        group_field="group_id",
        select_related=("group",),
        order=80,
    )
)
