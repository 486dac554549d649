"""Small pieces every endpoint module uses."""

from contextlib import contextmanager

from api.selectors import NotAllowed, NotVisible
from api.v1.errors import Error, forbidden, not_found

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
