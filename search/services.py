"""What the search does beside modelsearch's own indexing: the searchable text of recordings."""

import logging

from search.captions import parse_webvtt
from search.models import RecordingText

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
