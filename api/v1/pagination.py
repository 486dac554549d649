"""Lists come in pages: ?page=2&page_size=50 (at most 100), with the total and the addresses of
the next and previous pages."""

from collections.abc import Callable
from typing import Any

from ninja import Field, Schema
from ninja.pagination import PaginationBase

from portal.links import absolute_url

PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
MAX_PAGE = 100_000  # beyond any real list; keeps OFFSET inside every database's integers


class PagePagination(PaginationBase):
    class Input(Schema):
        page: int = Field(1, ge=1, le=MAX_PAGE, description="Page number, from 1.")
        page_size: int = Field(PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE, description="Items per page.")

    class Output(Schema):
        items: list[Any]
        count: int = Field(description="Items in the whole list.")
        page: int
        page_size: int
        next: str | None = Field(description="Address of the next page, if any.")
        previous: str | None = Field(description="Address of the previous page, if any.")

    def __init__(self, *, prepare: Callable[[Any, list], None] | None = None, **kwargs):
        # prepare(user, items): reads what the permission checks of a page of items need in one
        # query (e.g. the person's roles in the groups listed).
        self.prepare = prepare
        super().__init__(**kwargs)

    def paginate_queryset(self, queryset, pagination: Input, request, **params) -> dict:
        size, number = pagination.page_size, pagination.page
        offset = (number - 1) * size
        count = self._items_count(queryset)
        items = list(queryset[offset : offset + size])
        if self.prepare is not None:
            self.prepare(request.user, items)
        return {
            "items": items,
            "count": count,
            "page": number,
            "page_size": size,
            "next": _page_url(request, number + 1) if offset + size < count else None,
            "previous": _page_url(request, number - 1) if number > 1 else None,
        }


def _page_url(request, number: int) -> str:
    query = request.GET.copy()
    query["page"] = str(number)
    return absolute_url(f"{request.path}?{query.urlencode()}")
