"""Editorial pages in the unified search (search/sources.py)."""

from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

from portal.models import StandardPage
from search.sources import Hit, Source, lazy_model, register


def _page(obj, request, query="") -> Hit:
    specific = obj.specific
    return Hit(
        kind="page",
        kind_label=str(_("Page")),
        title=obj.title,
        url=obj.get_url(request) or "",
        where=str(_("Kennisplein")),
        date=obj.first_published_at,
        text=" ".join(
            filter(
                None,
                [
                    obj.search_description,
                    strip_tags(getattr(specific, "introduction", "") or ""),
                    strip_tags(getattr(specific, "body", "") or ""),
                ],
            )
        ),
        obj=obj,
    )


def _pages_visible(user):
    # Wagtail's own rules for editorial pages: published, and no view restriction on the way.
    return StandardPage.objects.live().public()


register(
    Source(
        kind="page",
        label=_("Pages"),
        model=lazy_model("portal.StandardPage"),
        visible=_pages_visible,
        present=_page,
        date_field="first_published_at",
        materialise="ids",
        ids_field="path",
        ids_from="path",
        suggest=False,
        order=70,
    )
)
