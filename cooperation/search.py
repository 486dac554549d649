"""The Coöperatieplatform in the unified search (search/sources.py): groups and the documents of
their libraries, with the text of the files."""

from django.utils.translation import gettext_lazy as _

from cooperation import permissions
from cooperation.files import PAGE_BREAK
from search import highlight
from search.sources import Hit, Source, lazy_model, register


def _group(obj, request, query="") -> Hit:
    return Hit(
        kind="group",
        kind_label=str(_("Group")),
        title=obj.name,
        url=obj.get_absolute_url(),
        where=str(obj.get_kind_display()),
        date=obj.created_at,
        text=obj.description,
        obj=obj,
    )


def _document(obj, request, query="") -> Hit:
    version = obj.current_version
    file_text = version.file.extracted_text if version and version.file_id else ""
    before_file = f"{obj.description}\n" if obj.description and file_text else obj.description
    hit = Hit(
        kind="document",
        kind_label=str(_("Document")),
        title=obj.title,
        url=obj.get_absolute_url(),
        where=obj.group.name,
        date=obj.created_at,
        text=before_file + file_text,
        obj=obj,
    )
    # The snippet shows the first match; when that is in the file's text and the file has pages
    # (PDF pages, presentation slides), the hit says which.
    found = highlight.first_match(hit.text, query) if PAGE_BREAK in file_text else None
    if found is not None and found >= len(before_file):
        page = file_text.count(PAGE_BREAK, 0, found - len(before_file)) + 1
        if version.content_type == "application/pdf":
            hit.place = str(_("page %(number)s") % {"number": page})
            hit.place_url = f"{version.get_download_url()}?inline=1#page={page}"
        else:
            hit.place = str(_("slide %(number)s") % {"number": page})
    return hit


register(
    Source(
        kind="group",
        label=_("Groups"),
        model=lazy_model("cooperation.Group"),
        visible=permissions.groups_visible_to,
        present=_group,
        date_field="created_at",
        group_field="id",
        order=40,
    )
)
register(
    Source(
        kind="document",
        label=_("Documents"),
        model=lazy_model("cooperation.Document"),
        visible=permissions.documents_visible_to,
        present=_document,
        date_field="created_at",
        group_field="group_id",
        select_related=("group", "current_version__file"),
        order=50,
    )
)
