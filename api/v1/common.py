"""Small pieces every endpoint module uses."""

from contextlib import contextmanager
from typing import Annotated

from ninja import Field

from api.selectors import NotAllowed, NotVisible
from api.v1.errors import Error, forbidden, not_found

# An id in a path or a filter: beyond 2**63 - 1 no database has it (and SQLite cannot even be
# asked), so such a number is invalid input (422), not a server error.
Id = Annotated[int, Field(ge=1, le=2**63 - 1)]
# A slug filter: what a slug may hold (also keeps NUL characters away from PostgreSQL).
Slug = Annotated[str, Field(pattern=r"^[-\w]+$", max_length=80)]

# Every operation may answer these: no or a bad key (401), a read-only key for a write or a part
# the person may not read (403), what does not exist for them (404), invalid parameters (422).
COMMON_ERRORS = (401, 403, 404, 422)


def responses(ok, *, status: int = 200, errors: tuple[int, ...] = ()) -> dict:
    """The documented answers of an operation: `ok` with `status`, and the error codes."""
    return {status: ok, **dict.fromkeys((*COMMON_ERRORS, *errors), Error)}


@contextmanager
def visible():
    """Turns a selector's NotVisible into 404 and NotAllowed into 403."""
    try:
        yield
    except NotVisible:
        raise not_found() from None
    except NotAllowed:
        raise forbidden() from None
