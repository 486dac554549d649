"""What each event says, and to whom. A payload is built with the permissions of the webhook's
owner, through the API's selectors and schemas (so a delivery shows what the owner would get from
the API, never more): `build` returns None when the owner may not see the event's subject, and
then nothing is delivered."""

from collections.abc import Callable

from webhooks.models import Event


def _dump(schema, obj, owner) -> dict:
    return schema.from_orm(obj, context={"user": owner}).model_dump(mode="json")


def _registration(owner, registration) -> dict | None:
    from api import selectors
    from api.v1.schemas import Registrant

    try:
        registrants = selectors.registrants_of(owner, registration.webinar_id)
    except (selectors.NotVisible, selectors.NotAllowed):
        return None
    registration = registrants.filter(pk=registration.pk).first()
    return {"registration": _dump(Registrant, registration, owner)} if registration else None


def _webinar(owner, webinar) -> dict | None:
    from api import selectors
    from api.v1.schemas import WebinarDetail

    try:
        webinar = selectors.webinar_for(owner, webinar.pk)
    except selectors.NotVisible:
        return None
    return {"webinar": _dump(WebinarDetail, webinar, owner)}


def _document(owner, document) -> dict | None:
    from api import selectors
    from api.v1.schemas import DocumentOut

    try:
        document = selectors.document_for(owner, document.pk)
    except selectors.NotVisible:
        return None
    return {"document": _dump(DocumentOut, document, owner)}


def _publication(owner, publication) -> dict | None:
    from api import selectors
    from api.v1.schemas import PublicationOut
    from cooperation import permissions as group_rules

    try:
        publication = selectors.publication_for(owner, publication.meeting_id)
    except selectors.NotVisible:
        return None
    # Published material is for everyone, but an event "in" a secret group is news of that group:
    # whoever may not know the group exists hears nothing of it.
    if not group_rules.can_see_group(owner, publication.meeting.group):
        return None
    return {"publication": _dump(PublicationOut, publication, owner)}


# event -> build(owner, target): the payload's "data", or None when the owner may not see target.
EVENTS: dict[str, Callable[..., dict | None]] = {
    Event.REGISTRATION_CREATED: _registration,
    Event.REGISTRATION_CANCELLED: _registration,
    Event.WEBINAR_CHANGED: _webinar,
    Event.DOCUMENT_UPLOADED: _document,
    Event.MEETING_PUBLISHED: _publication,
}


def build(event: str, owner, target) -> dict | None:
    if not owner.is_active:
        return None
    return EVENTS[event](owner, target)
