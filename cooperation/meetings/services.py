"""What the platform does with meetings, their publication and news. Views, the demo, the admin
and tests all call these; each checks permission through permissions.py, runs in a transaction
and tells people (notifications) inside it, so a rollback tells no one."""

from datetime import date, datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from cooperation import files
from cooperation import services as cooperation_services
from cooperation.meetings import permissions
from cooperation.meetings.models import (
    ActionItem,
    Decision,
    Meeting,
    NewsItem,
    Participant,
    Publication,
)
from cooperation.models import Document, Folder, Group, Membership
from notifications.services import publish
from portal.markup import render_markdown
from webhooks.services import event_emit

MEETINGS_FOLDER = "Vergaderingen"
MEETING_FIELDS = {"title", "starts_at", "ends_at", "place", "online_url", "agenda_source"}
CALENDAR_FIELDS = {"title", "starts_at", "ends_at", "place"}

Status = Meeting.MinutesStatus


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _members(group: Group):
    return [membership.user for membership in group.memberships.select_related("user")]


def _check_times(starts_at: datetime, ends_at: datetime) -> None:
    if ends_at <= starts_at:
        raise ValidationError({"ends_at": _("The meeting must end after it starts.")})


def _reindex_publication(meeting: Meeting) -> None:
    # The public search entry copies the title and the published minutes: save it again (its
    # post-save signal reindexes it) whenever they change.
    publication = Publication.objects.filter(meeting=meeting).first()
    if publication is not None:
        publication.save()


# --- Meetings -----------------------------------------------------------------------------------


@transaction.atomic
def meeting_create(
    *,
    group: Group,
    by,
    title: str,
    starts_at: datetime,
    ends_at: datetime,
    place: str = "",
    online_url: str = "",
    agenda_source: str = "",
) -> Meeting:
    """Schedules a meeting; every member becomes an invited participant and is told."""
    _require(permissions.can_manage_meetings(by, group))
    _check_times(starts_at, ends_at)
    meeting = Meeting.objects.create(
        group=group,
        title=title.strip()[:200],
        starts_at=starts_at,
        ends_at=ends_at,
        place=place.strip(),
        online_url=online_url,
        agenda_source=agenda_source,
        agenda_html=render_markdown(agenda_source),
        created_by=by,
    )
    members = _members(group)
    Participant.objects.bulk_create(Participant(meeting=meeting, user=user) for user in members)
    publish("meeting", target=meeting, actor=by, group=group, recipients=members)
    return meeting


@transaction.atomic
def meeting_update(*, meeting: Meeting, by, **fields) -> Meeting:
    """Title, time, place, online link and agenda."""
    _require(permissions.can_manage_meeting(by, meeting))
    changed = {name for name, value in fields.items() if name in MEETING_FIELDS}
    for name in changed:
        setattr(meeting, name, fields[name])
    _check_times(meeting.starts_at, meeting.ends_at)
    meeting.agenda_html = render_markdown(meeting.agenda_source)
    if changed & CALENDAR_FIELDS:
        meeting.calendar_sequence += 1
    meeting.save()
    _reindex_publication(meeting)
    return meeting


@transaction.atomic
def meeting_delete(*, meeting: Meeting, by) -> None:
    _require(permissions.can_manage_meeting(by, meeting))
    for field in (meeting.recording, meeting.captions):
        if field:
            name, storage = field.name, field.storage
            transaction.on_commit(lambda name=name, storage=storage: storage.delete(name))
    meeting.delete()


@transaction.atomic
def participant_set(*, meeting: Meeting, by, user, attendance: str) -> Participant:
    """Adds a member of the group as participant, or records their attendance."""
    _require(permissions.can_manage_meeting(by, meeting))
    if attendance not in Participant.Attendance.values:
        raise ValidationError(_("Choose invited, present or excused."))
    if not Membership.objects.filter(group=meeting.group, user=user).exists():
        raise ValidationError(_("Only members of the group can take part in its meetings."))
    participant, _created = Participant.objects.update_or_create(
        meeting=meeting, user=user, defaults={"attendance": attendance}
    )
    return participant


@transaction.atomic
def participant_remove(*, meeting: Meeting, by, user) -> None:
    _require(permissions.can_manage_meeting(by, meeting))
    Participant.objects.filter(meeting=meeting, user=user).delete()


# --- Minutes ------------------------------------------------------------------------------------


@transaction.atomic
def minutes_save(*, meeting: Meeting, by, minutes_source: str) -> Meeting:
    """Writes the minutes while they are a draft or proposed; approved minutes are the record."""
    _require(permissions.can_manage_meeting(by, meeting))
    if meeting.minutes_status == Status.APPROVED:
        raise ValidationError(_("These minutes have been approved and can no longer be changed."))
    meeting.minutes_source = minutes_source
    meeting.minutes_html = render_markdown(minutes_source)
    meeting.save(update_fields=["minutes_source", "minutes_html", "updated_at"])
    return meeting


@transaction.atomic
def minutes_propose(*, meeting: Meeting, by) -> Meeting:
    """Draft → proposed: the minutes go to the next meeting for approval."""
    _require(permissions.can_manage_meeting(by, meeting))
    if meeting.minutes_status != Status.DRAFT:
        raise ValidationError(_("Only draft minutes can be proposed."))
    if not meeting.minutes_source.strip():
        raise ValidationError(_("Write the minutes before proposing them."))
    meeting.minutes_status = Status.PROPOSED
    meeting.save(update_fields=["minutes_status", "updated_at"])
    return meeting


@transaction.atomic
def minutes_return_to_draft(*, meeting: Meeting, by) -> Meeting:
    _require(permissions.can_manage_meeting(by, meeting))
    if meeting.minutes_status != Status.PROPOSED:
        raise ValidationError(_("Only proposed minutes can go back to draft."))
    meeting.minutes_status = Status.DRAFT
    meeting.save(update_fields=["minutes_status", "updated_at"])
    return meeting


def next_meetings(meeting: Meeting):
    """The group's meetings after this one: where its minutes can be approved."""
    return Meeting.objects.filter(group=meeting.group, starts_at__gt=meeting.starts_at).order_by(
        "starts_at"
    )


@transaction.atomic
def minutes_approve(*, meeting: Meeting, at_meeting: Meeting, by) -> Meeting:
    """Proposed → approved, at a later meeting of the same group, which is recorded."""
    _require(permissions.can_manage_meeting(by, meeting))
    if meeting.minutes_status != Status.PROPOSED:
        raise ValidationError(_("Minutes are approved after they have been proposed."))
    if not next_meetings(meeting).filter(pk=at_meeting.pk).exists():
        raise ValidationError(_("Minutes are approved at a later meeting of the same group."))
    meeting.minutes_status = Status.APPROVED
    meeting.minutes_approved_at = timezone.now()
    meeting.minutes_approved_in = at_meeting
    meeting.save(
        update_fields=["minutes_status", "minutes_approved_at", "minutes_approved_in", "updated_at"]
    )
    _reindex_publication(meeting)
    return meeting


# --- Decisions and action items -----------------------------------------------------------------


@transaction.atomic
def decision_add(*, meeting: Meeting, by, text: str) -> Decision:
    _require(permissions.can_manage_meeting(by, meeting))
    text = text.strip()
    if not text:
        raise ValidationError(_("Write the decision."))
    # select_for_update: two secretaries may add a decision to the same meeting at once.
    Meeting.objects.select_for_update().filter(pk=meeting.pk).first()
    number = (meeting.decisions.aggregate(top=Max("number"))["top"] or 0) + 1
    decision = Decision.objects.create(meeting=meeting, number=number, text=text)
    meeting.save(update_fields=["updated_at"])  # reindexes the meeting with its decisions
    return decision


@transaction.atomic
def action_item_add(
    *, meeting: Meeting, by, text: str, owner=None, due_date: date | None = None
) -> ActionItem:
    _require(permissions.can_manage_meeting(by, meeting))
    text = text.strip()
    if not text:
        raise ValidationError(_("Describe the action."))
    if (
        owner is not None
        and not Membership.objects.filter(group=meeting.group, user=owner).exists()
    ):
        raise ValidationError(_("Only a member of the group can own an action."))
    return ActionItem.objects.create(meeting=meeting, text=text, owner=owner, due_date=due_date)


@transaction.atomic
def action_item_complete(*, item: ActionItem, by, done: bool = True) -> ActionItem:
    _require(permissions.can_complete_action_item(by, item))
    item.done_at = timezone.now() if done else None
    item.done_by = by if done else None
    item.save(update_fields=["done_at", "done_by"])
    return item


# --- Presentations and recording ----------------------------------------------------------------


@transaction.atomic
def presentation_add(*, meeting: Meeting, by, document: Document) -> Document:
    """A document of the group's library becomes one of the meeting's presentations."""
    _require(permissions.can_manage_meeting(by, meeting))
    if document.group_id != meeting.group_id or document.trashed_at is not None:
        raise ValidationError(_("Choose a document from this group's library."))
    meeting.presentations.add(document)
    _reindex_publication(meeting)
    return document


def _meetings_folder(group: Group, by) -> Folder:
    existing = Folder.objects.filter(group=group, parent=None, name=MEETINGS_FOLDER).first()
    return existing or cooperation_services.folder_create(group=group, name=MEETINGS_FOLDER, by=by)


@transaction.atomic
def presentation_upload(*, meeting: Meeting, by, uploaded, title: str = "") -> Document:
    """Uploads a file into the library's "Vergaderingen" folder and adds it to the meeting.
    Raises cooperation.files.RefusedFile when the file is not accepted."""
    _require(permissions.can_manage_meeting(by, meeting))
    document = cooperation_services.document_upload(
        group=meeting.group,
        uploaded=uploaded,
        by=by,
        title=title,
        description=_("Presentation at “%(meeting)s”") % {"meeting": meeting.title},
        folder=_meetings_folder(meeting.group, by),
    )
    meeting.presentations.add(document)
    _reindex_publication(meeting)
    return document


@transaction.atomic
def presentation_remove(*, meeting: Meeting, by, document: Document) -> None:
    """Takes the document off the meeting; it stays in the library."""
    _require(permissions.can_manage_meeting(by, meeting))
    meeting.presentations.remove(document)
    _reindex_publication(meeting)


RECORDING_TYPES = ("video/", "audio/")


@transaction.atomic
def recording_set(*, meeting: Meeting, by, uploaded) -> Meeting:
    """Stores an audio or video file as the meeting's recording (replacing an earlier one).
    The bytes decide what it is, as in the library. Raises files.RefusedFile."""
    _require(permissions.can_manage_meeting(by, meeting))
    name = files.display_name(getattr(uploaded, "name", "") or "")
    inspection = files.inspect_upload(uploaded, name=name)
    if not inspection.content_type.startswith(RECORDING_TYPES):
        raise files.RefusedFile(_("%(name)s is not an audio or video file.") % {"name": name})
    old = meeting.recording.name if meeting.recording else ""
    meeting.recording.save(files.storage_name(name), uploaded, save=False)
    meeting.recording_name = name
    meeting.recording_type = inspection.content_type
    meeting.recording_size = inspection.size
    meeting.save()
    if old:
        storage = meeting.recording.storage
        transaction.on_commit(lambda: storage.delete(old))
    return meeting


MAX_CAPTIONS_BYTES = 2 * 1024 * 1024


@transaction.atomic
def captions_set(*, meeting: Meeting, by, uploaded, language: str = "nl") -> Meeting:
    """Stores a WebVTT file as the captions of the recording. Raises files.RefusedFile."""
    _require(permissions.can_manage_meeting(by, meeting))
    name = files.display_name(getattr(uploaded, "name", "") or "")
    uploaded.seek(0)
    head = uploaded.read(16)
    uploaded.seek(0)
    if not head.lstrip(b"\xef\xbb\xbf").startswith(b"WEBVTT") or uploaded.size > MAX_CAPTIONS_BYTES:
        raise files.RefusedFile(
            _("%(name)s is not a WebVTT captions file (it starts with “WEBVTT”, at most 2 MB).")
            % {"name": name}
        )
    old = meeting.captions.name if meeting.captions else ""
    meeting.captions.save(files.storage_name(name if name.endswith(".vtt") else "captions.vtt"),
                          uploaded, save=False)  # fmt: skip
    meeting.captions_language = language
    meeting.save()
    if old:
        storage = meeting.captions.storage
        transaction.on_commit(lambda: storage.delete(old))
    return meeting


# --- Publishing ---------------------------------------------------------------------------------


@transaction.atomic
def meeting_publish(
    *, meeting: Meeting, by, presentations: bool, minutes: bool, recording: bool
) -> Publication | None:
    """Publishes (for everyone) what the group chose of this meeting; choosing nothing
    unpublishes. Minutes only once approved."""
    _require(permissions.can_manage_meeting(by, meeting))
    if not (presentations or minutes or recording):
        meeting_unpublish(meeting=meeting, by=by)
        return None
    if minutes and not meeting.minutes_approved:
        raise ValidationError(_("Minutes can be published once they have been approved."))
    if recording and not meeting.recording:
        raise ValidationError(_("There is no recording to publish yet."))
    if presentations and not meeting.presentations.filter(trashed_at__isnull=True).exists():
        raise ValidationError(_("There are no presentations to publish yet."))
    publication, _created = Publication.objects.select_for_update().get_or_create(meeting=meeting)
    newly = publication.published_at is None
    publication.presentations, publication.minutes, publication.recording = (
        presentations,
        minutes,
        recording,
    )
    if newly:
        publication.published_at = timezone.now()
        publication.published_by = by
    publication.save()
    if newly:
        publish(
            "meeting",
            target=publication,
            actor=by,
            group=meeting.group,
            recipients=_members(meeting.group),
        )
        event_emit("meeting.published", target=publication)
    return publication


@transaction.atomic
def meeting_unpublish(*, meeting: Meeting, by) -> None:
    """Takes everything of the meeting off the public pages, search and file URLs at once."""
    _require(permissions.can_manage_meeting(by, meeting))
    Publication.objects.filter(meeting=meeting).update(
        presentations=False, minutes=False, recording=False, published_at=None
    )
    _reindex_publication(meeting)


# --- News ---------------------------------------------------------------------------------------


def _unique_slug(title: str, *, exclude_pk=None) -> str:
    base = slugify(title)[:70] or "nieuws"
    candidate, number = base, 1
    while NewsItem.objects.filter(slug=candidate).exclude(pk=exclude_pk).exists():
        number += 1
        candidate = f"{base}-{number}"
    return candidate


def _news_links(item: NewsItem, meetings, documents) -> None:
    """Links only to the group's own meetings and library documents."""
    if item.group_id is None:
        item.meetings.set(meetings or [])
        item.documents.set(documents or [])
        return
    item.meetings.set([m for m in meetings or [] if m.group_id == item.group_id])
    item.documents.set([d for d in documents or [] if d.group_id == item.group_id])


@transaction.atomic
def news_save(
    *,
    by,
    group: Group | None,
    title: str,
    summary: str = "",
    body_source: str = "",
    item: NewsItem | None = None,
    meetings=(),
    documents=(),
) -> NewsItem:
    """Creates or edits a news item (a draft until published)."""
    _require(permissions.can_write_news(by, item.group if item else group))
    title = title.strip()[:200]
    if not title:
        raise ValidationError({"title": _("Give the news item a title.")})
    if item is None:
        item = NewsItem(group=group, author=by, slug=_unique_slug(title))
    item.title, item.summary, item.body_source = title, summary.strip()[:400], body_source
    item.body_html = render_markdown(body_source)
    item.save()
    _news_links(item, meetings, documents)
    return item


@transaction.atomic
def news_publish(*, item: NewsItem, by) -> NewsItem:
    """Publishes the item for everyone; a group's members are told."""
    _require(permissions.can_edit_news(by, item))
    if item.published_at is not None:
        return item
    item.published_at = timezone.now()
    item.save(update_fields=["published_at", "updated_at"])
    if item.group is not None:
        publish("news", target=item, actor=by, group=item.group, recipients=_members(item.group))
    return item


@transaction.atomic
def news_unpublish(*, item: NewsItem, by) -> NewsItem:
    _require(permissions.can_edit_news(by, item))
    item.published_at = None
    item.save(update_fields=["published_at", "updated_at"])
    return item


def news_render(item: NewsItem) -> None:
    """For the admin form, which saves the row itself: the stored HTML follows the source."""
    item.body_html = render_markdown(item.body_source)
    if not item.slug:
        item.slug = _unique_slug(item.title, exclude_pk=item.pk)
