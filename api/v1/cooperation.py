"""The Coöperatieplatform over the API: groups, their documents (with downloads), meetings and
what groups have published of them."""

from typing import Literal

from ninja import Query, Router, Schema
from ninja.pagination import paginate

from api import selectors
from api.v1.common import Id, Slug, responses, visible
from api.v1.errors import not_found
from api.v1.pagination import PagePagination
from api.v1.schemas import DocumentOut, GroupOut, MeetingDetail, MeetingOut, PublicationOut
from cooperation import downloads

router = Router(tags=["Coöperatieplatform"])


@router.get("/groups", response=responses(list[GroupOut]), summary="Groups you may know of")
@paginate(PagePagination, prepare=selectors.remember_group_roles)
def group_list(request):
    return selectors.groups_for(request.user)


@router.get("/groups/{slug:slug}", response=responses(GroupOut), summary="A group")
def group_detail(request, slug: str):
    with visible():
        return selectors.group_for(request.user, slug)


class DocumentFilters(Schema):
    folder: Id | None = None


@router.get(
    "/groups/{slug:slug}/documents",
    response=responses(list[DocumentOut]),
    summary="Documents of a group's library",
)
@paginate(PagePagination)
def group_documents(request, slug: str, filters: Query[DocumentFilters]):
    """403 for a group you may know of but not read inside."""
    with visible():
        return selectors.documents_of_group(request.user, slug, folder_id=filters.folder)


@router.get("/documents/{int:document_id}", response=responses(DocumentOut), summary="A document")
def document_detail(request, document_id: Id):
    with visible():
        return selectors.document_for(request.user, document_id)


@router.get(
    "/documents/{int:document_id}/download",
    response=responses(None),
    summary="The file of a document's current version",
    openapi_extra={
        "responses": {
            200: {
                "description": "The file, with its own type (PDF, DOCX, …).",
                "content": {"*/*": {"schema": {"type": "string", "format": "binary"}}},
            }
        }
    },
)
def document_download(request, document_id: Id):
    with visible():
        document = selectors.document_for(request.user, document_id)
    if document.current_version is None:
        raise not_found()
    return downloads.file_response(request, document.current_version, inline=False)


class MeetingFilters(Schema):
    group: Slug | None = None
    when: Literal["upcoming", "past"] | None = None


@router.get(
    "/meetings", response=responses(list[MeetingOut]), summary="Meetings of groups you may read"
)
@paginate(PagePagination)
def meeting_list(request, filters: Query[MeetingFilters]):
    return selectors.meetings_for(request.user, group=filters.group, when=filters.when)


@router.get("/meetings/{int:meeting_id}", response=responses(MeetingDetail), summary="A meeting")
def meeting_detail(request, meeting_id: Id):
    with visible():
        return selectors.meeting_for(request.user, meeting_id)


@router.get(
    "/publications",
    response=responses(list[PublicationOut]),
    summary="What groups have published of their meetings",
)
@paginate(PagePagination, prepare=selectors.remember_group_roles)
def publication_list(request):
    return selectors.publications_for(request.user)


@router.get(
    "/publications/{int:meeting_id}",
    response=responses(PublicationOut),
    summary="What a group has published of one meeting",
)
def publication_detail(request, meeting_id: Id):
    with visible():
        return selectors.publication_for(request.user, meeting_id)
