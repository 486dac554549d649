"""Taking back a cancelled registration: cancelling keeps a signed note of what the registration
was (a seat, or a place on the waiting list) in the person's session for a quarter of an hour;
the webinar page offers "Ongedaan maken" while it is there, and the undo door reads it. Signed,
so nobody can claim a seat they did not have."""

from django.core import signing

from learning.models import Registration

UNDO_SECONDS = 15 * 60
_SESSION_KEY = "learning_undo"
_SALT = "learning.registration-undo"


def remember(request, registration: Registration, previous_status: str) -> None:
    notes = request.session.get(_SESSION_KEY, {})
    notes[str(registration.webinar_id)] = signing.dumps(
        {"registration": registration.pk, "status": previous_status}, salt=_SALT
    )
    request.session[_SESSION_KEY] = notes


def forget(request, webinar_id: int) -> None:
    notes = request.session.get(_SESSION_KEY, {})
    if notes.pop(str(webinar_id), None) is not None:
        request.session[_SESSION_KEY] = notes


def cancellation(request, webinar_id: int) -> tuple[Registration, str] | None:
    """(the person's cancelled registration, what it was before) while it can be taken back."""
    if not request.user.is_authenticated:
        return None
    token = request.session.get(_SESSION_KEY, {}).get(str(webinar_id))
    if not token:
        return None
    try:
        note = signing.loads(token, salt=_SALT, max_age=UNDO_SECONDS)
    except signing.BadSignature:  # also an expired note
        return None
    registration = Registration.objects.filter(
        pk=note["registration"],
        webinar_id=webinar_id,
        user=request.user,
        status=Registration.Status.CANCELLED,
    ).first()
    return (registration, note["status"]) if registration else None
