"""What the API answers (version 1), also the `data` of webhook deliveries. Fields that depend on
who asks are resolved with the person's permissions: from the request in the API, from
`context={"user": …}` when a webhook payload is built for its owner."""

from datetime import datetime

from django.urls import reverse
from ninja import Field, Schema
from wagtail.rich_text import expand_db_html

from api.v1.common import Id
from cooperation import permissions as group_rules
from cooperation.meetings import permissions as meeting_rules
from learning import permissions as learning_rules
from learning.emails import webinar_url
from learning.models import Registration
from portal.links import absolute_url


def viewer(context: dict):
    """The person the answer is for."""
    if context and "user" in context:
        return context["user"]
    return context["request"].user


def api_url(name: str, *args) -> str:
    return absolute_url(reverse(f"api-v1:{name}", args=args))


# --- People -------------------------------------------------------------------------------------


class Me(Schema):
    id: int
    name: str = Field(alias="display_name")
    email: str
    organisation: str
    language: str = Field(alias="preferred_language")
    token_scope: str | None = Field(
        None, description="Scope of the API key used: read or write; empty for a browser session."
    )

    @staticmethod
    def resolve_token_scope(obj, context):
        token = getattr(context["request"], "api_token", None) if context else None
        return token.scope if token else None


class Person(Schema):
    id: int
    name: str = Field(alias="display_name")
    email: str
    organisation: str
    library: str | None

    @staticmethod
    def resolve_library(obj):
        return obj.library.name if obj.library_id else None


# --- Leerplatform -------------------------------------------------------------------------------


class SeriesRef(Schema):
    id: int
    slug: str
    title: str


class SeriesOut(SeriesRef):
    description: str


class SpeakerOut(Schema):
    name: str
    organisation: str


class Webinar(Schema):
    id: int
    title: str
    slug: str
    url: str = Field(description="The webinar's page.")
    summary: str
    start: datetime
    end: datetime
    time_zone: str
    series: SeriesRef | None
    topics: list[str]
    speakers: list[SpeakerOut]
    audience: str = Field(description="everyone, members (logged in) or group")
    capacity: int | None = Field(description="Seats; empty for no limit.")
    seats_left: int | None
    cancelled: bool
    registration_opens: datetime | None
    registration_closes: datetime | None
    can_register: bool = Field(description="Whether the person asking may register now.")
    recording_available: bool = Field(description="Whether the person asking may watch it.")

    @staticmethod
    def resolve_url(obj):
        return webinar_url(obj)

    @staticmethod
    def resolve_topics(obj):
        return [topic.name for topic in obj.topics.all()]

    @staticmethod
    def resolve_speakers(obj):
        return [item.speaker for item in obj.webinar_speakers.all()]

    @staticmethod
    def resolve_seats_left(obj):
        if obj.capacity is None:
            return None
        taken = getattr(obj, "seats_taken", None)
        if taken is None:
            taken = obj.registrations.filter(status=Registration.Status.REGISTERED).count()
        return max(obj.capacity - taken, 0)

    @staticmethod
    def resolve_can_register(obj, context):
        return learning_rules.can_register(viewer(context), obj)

    @staticmethod
    def resolve_recording_available(obj, context):
        return learning_rules.can_watch_recording(viewer(context), obj)


class RegistrationRef(Schema):
    id: int
    status: str


class WebinarDetail(Webinar):
    body: str = Field(description="HTML.")
    my_registration: RegistrationRef | None

    @staticmethod
    def resolve_body(obj):
        return expand_db_html(obj.body)

    @staticmethod
    def resolve_my_registration(obj, context):
        user = viewer(context)
        return (
            obj.registrations.exclude(status=Registration.Status.CANCELLED)
            .filter(user=user)
            .first()
        )


class SeriesDetail(SeriesOut):
    sessions: list[Webinar] = Field(description="The webinars of the series you may see.")

    @staticmethod
    def resolve_sessions(obj, context):
        from api import selectors

        return selectors.series_sessions(viewer(context), obj)


class WebinarRef(Schema):
    id: int
    title: str
    start: datetime
    end: datetime
    url: str

    @staticmethod
    def resolve_url(obj):
        return webinar_url(obj)


class RegistrationOut(Schema):
    id: int
    status: str = Field(description="registered, waiting (on the waiting list) or cancelled")
    queued_at: datetime
    attended: bool
    webinar: WebinarRef


class RegistrationIn(Schema):
    webinar_id: Id


class Registrant(RegistrationOut):
    person: Person = Field(alias="user")


# --- Coöperatieplatform -------------------------------------------------------------------------


class GroupRef(Schema):
    slug: str
    name: str


class GroupOut(Schema):
    id: int
    slug: str
    name: str
    kind: str
    description: str
    visibility: str = Field(description="public, members or secret")
    join_policy: str
    member_count: int
    my_role: str | None = Field(description="owner, moderator, member, or empty.")
    readable: bool = Field(description="Whether the person asking may read inside the group.")
    url: str

    @staticmethod
    def resolve_my_role(obj, context):
        return group_rules.role_in(viewer(context), obj)

    @staticmethod
    def resolve_readable(obj, context):
        return group_rules.can_view_group(viewer(context), obj)

    @staticmethod
    def resolve_url(obj):
        return absolute_url(obj.get_absolute_url())


class FolderRef(Schema):
    id: int
    name: str


class VersionOut(Schema):
    number: int
    file_name: str = Field(alias="original_name")
    size: int
    content_type: str
    sha256: str
    uploaded_at: datetime


class DocumentOut(Schema):
    id: int
    title: str
    description: str
    tags: list[str]
    group: GroupRef
    folder: FolderRef | None
    created_at: datetime
    updated_at: datetime
    current_version: VersionOut | None
    url: str = Field(description="The document's page.")
    download_url: str | None = Field(description="The current version's file, through the API.")

    @staticmethod
    def resolve_tags(obj):
        return sorted(tag.name for tag in obj.tags.all())

    @staticmethod
    def resolve_url(obj):
        return absolute_url(obj.get_absolute_url())

    @staticmethod
    def resolve_download_url(obj):
        return api_url("document_download", obj.pk) if obj.current_version_id else None


class PresentationRef(Schema):
    id: int
    title: str
    download_url: str | None

    @staticmethod
    def resolve_download_url(obj):
        return api_url("document_download", obj.pk) if obj.current_version_id else None


class DecisionOut(Schema):
    number: int
    text: str


class MeetingOut(Schema):
    id: int
    title: str
    group: GroupRef
    starts_at: datetime
    ends_at: datetime
    place: str
    online_url: str
    minutes_status: str = Field(description="draft, proposed or approved")
    published: bool = Field(description="Whether the group has published some of it.")
    url: str

    @staticmethod
    def resolve_published(obj, context):
        return meeting_rules.can_view_publication(viewer(context), obj)

    @staticmethod
    def resolve_url(obj):
        return absolute_url(obj.get_absolute_url())


class MeetingDetail(MeetingOut):
    agenda_html: str
    minutes_html: str
    minutes_approved_at: datetime | None
    decisions: list[DecisionOut]
    presentations: list[PresentationRef]
    has_recording: bool

    @staticmethod
    def resolve_decisions(obj):
        return list(obj.decisions.all())

    @staticmethod
    def resolve_presentations(obj):
        return list(obj.presentations.all())

    @staticmethod
    def resolve_has_recording(obj):
        return bool(obj.recording)


class PublicFile(Schema):
    id: int
    title: str
    url: str = Field(description="Public address of the file.")


class PublicationOut(Schema):
    """What a group has published of one meeting: for everyone. The group is named only to whoever
    may know it exists."""

    meeting_id: int
    title: str
    starts_at: datetime
    published_at: datetime
    group: GroupRef | None
    presentations: list[PublicFile]
    minutes_html: str | None
    recording_url: str | None
    url: str

    @staticmethod
    def resolve_starts_at(obj):
        return obj.meeting.starts_at

    @staticmethod
    def resolve_group(obj, context):
        group = obj.meeting.group
        return group if group_rules.can_see_group(viewer(context), group) else None

    @staticmethod
    def resolve_presentations(obj):
        return [
            {
                "id": document.pk,
                "title": document.title,
                "url": absolute_url(
                    reverse(
                        "meetings:presentation",
                        args=[obj.meeting_id, document.pk, document.current_version.original_name],
                    )
                ),
            }
            for document in obj.published_presentation_list()
            if document.current_version_id
        ]

    @staticmethod
    def resolve_minutes_html(obj):
        meeting = obj.meeting
        return meeting.minutes_html if obj.minutes and meeting.minutes_approved else None

    @staticmethod
    def resolve_recording_url(obj):
        if obj.recording and obj.meeting.recording:
            return absolute_url(reverse("meetings:recording", args=[obj.meeting_id]))
        return None

    @staticmethod
    def resolve_url(obj):
        return absolute_url(obj.get_absolute_url())
