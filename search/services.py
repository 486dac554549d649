"""What the search does beside modelsearch's own indexing: the searchable text of recordings, and
the index writes that waited for the search engine to come back."""

import logging

from django.apps import apps
from modelsearch.backends import get_search_backend

from search.captions import parse_webvtt
from search.models import PendingIndexChange, RecordingText

logger = logging.getLogger(__name__)

MAX_CAPTIONS_BYTES = 5 * 1024 * 1024  # some 50 hours of speech


def recording_text_refresh(*, webinar_id: int) -> RecordingText | None:
    """Writes the searchable text of a webinar's recording: the cues of its caption track and the
    answered questions and chat of its room (what the recording's page shows beside the video).
    Without a recording, or with nothing said, there is nothing to find and the row goes."""
    from learning.models import WebinarPage
    from live.selectors import searchable_text_for

    webinar = WebinarPage.objects.filter(pk=webinar_id).first()
    cues = _caption_cues(webinar) if webinar and webinar.recording else []
    chat = searchable_text_for("webinar", webinar.pk) if webinar and webinar.recording else ""
    if not (cues or chat.strip()):
        RecordingText.objects.filter(webinar_id=webinar_id).delete()
        return None
    text = RecordingText.from_parts(webinar=webinar, cues=cues, chat=chat)
    fields = {name: getattr(text, name) for name in ("cues", "captions_text", "chat_text", "start")}
    # save() runs modelsearch's handler, which indexes the row once the transaction commits.
    return RecordingText.objects.update_or_create(webinar=webinar, defaults=fields)[0]


def _caption_cues(webinar) -> list[tuple[float, str]]:
    if not webinar.captions:
        return []
    try:
        with webinar.captions.open("rb") as stream:
            data = stream.read(MAX_CAPTIONS_BYTES)
    except OSError:
        logger.warning("Captions of webinar %s could not be read", webinar.pk, exc_info=True)
        return []
    return parse_webvtt(data.decode("utf-8-sig", errors="replace"))


def index_pending_changes(*, batch: int = 500) -> int:
    """Writes what failed while the search engine was away (search/backends/engine.py), oldest
    first, and returns how many; stops at the first failure, leaving the rest for the next run."""
    backend = get_search_backend()
    if not hasattr(backend, "write_now"):
        return 0
    done = 0
    for change in PendingIndexChange.objects.order_by("since", "id")[:batch]:
        model = apps.get_model(change.model)
        obj = model._default_manager.filter(pk=change.object_pk).first()
        if obj is not None:
            obj = obj.get_indexed_instance()
        try:
            backend.write_now(obj or model(pk=change.object_pk), exists=obj is not None)
        except backend.engine_errors as error:
            logger.warning("Search engine still unavailable (%s pending): %s", change, error)
            break
        # Only this row as it was read: a failure since then remembered the object anew.
        PendingIndexChange.objects.filter(pk=change.pk, since=change.since).delete()
        done += 1
    return done
