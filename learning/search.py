"""The Leerplatform in the unified search (search/sources.py): webinars, series, speakers and
what was said in a recording.

The recording's text lives in search.RecordingText (a table the search writes from the caption
track and the live room), but who may find it and where a hit leads are the Leerplatform's: it is
visible exactly to those who may watch the recording, and a hit opens the webinar's player at the
moment of its cue. So its source is registered here, beside the webinar's.
"""

from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

from learning import permissions
from learning.models import Series, Speaker, WebinarIndexPage
from search import highlight
from search.sources import Hit, Source, clock, lazy_model, register


def _webinar(obj, request, query="") -> Hit:
    return Hit(
        kind="webinar",
        kind_label=str(_("Webinar")),
        title=obj.title,
        url=obj.get_url(request) or "",
        where=obj.series.title if obj.series_id else str(_("Leerplatform")),
        date=obj.start,
        text=" ".join(filter(None, [obj.summary, strip_tags(obj.body)])),
        obj=obj,
    )


def _learning_index_url(request) -> str:
    """Where series and speakers lead; looked up once per request (a page of hits may hold
    several)."""
    url = getattr(request, "_learning_index_url", None)
    if url is None:
        index = WebinarIndexPage.objects.live().first()
        url = (index.get_url(request) if index else None) or "/"
        if request is not None:
            request._learning_index_url = url
    return url


def _series(obj, request, query="") -> Hit:
    return Hit(
        kind="series",
        kind_label=str(_("Series")),
        title=obj.title,
        url=f"{_learning_index_url(request)}?series={obj.slug}",
        where=str(_("Leerplatform")),
        text=obj.description,
        obj=obj,
    )


def _speaker(obj, request, query="") -> Hit:
    return Hit(
        kind="speaker",
        kind_label=str(_("Speaker")),
        title=obj.name,
        # The Leerplatform's list narrowed to the speaker's webinars and recordings.
        url=f"{_learning_index_url(request)}?speaker={obj.pk}",
        where=obj.organisation,
        text=obj.bio,
        obj=obj,
    )


def _recording(obj, request, query="") -> Hit:
    webinar = obj.webinar
    url = webinar.get_url(request) or ""
    hit = Hit(
        kind="recording",
        kind_label=str(_("Recording")),
        title=webinar.title,
        url=f"{url}#recording",
        where=webinar.series.title if webinar.series_id else str(_("Leerplatform")),
        date=obj.start,
        text=obj.chat_text,
        obj=obj,
    )
    # A hit in the captions links to its moment: the player starts at the matching cue.
    cue = obj.first_cue_matching(lambda text: highlight.first_match(text, query))
    if cue is not None:
        number, start = cue
        moment = int(start)
        hit.text = " ".join(text for _start, text in obj.cues[number : number + 3])
        hit.url = hit.place_url = f"{url}?t={moment}#recording"
        hit.place = str(_("at %(moment)s") % {"moment": clock(moment)})
    return hit


def _series_visible(user):
    # learning/permissions.py has no rule for series and speakers: they are public listings
    # (the webinar index shows every series). When it gets one, call it here.
    return Series.objects.all()


def _speakers_visible(user):
    return Speaker.objects.all()


register(
    Source(
        kind="webinar",
        label=_("Webinars"),
        model=lazy_model("learning.WebinarPage"),
        visible=permissions.visible_to,
        present=_webinar,
        date_field="start",
        select_related=("series",),
        order=10,
    )
)
register(
    Source(
        kind="series",
        label=_("Series"),
        model=lazy_model("learning.Series"),
        visible=_series_visible,
        present=_series,
        order=20,
    )
)
register(
    Source(
        kind="speaker",
        label=_("Speakers"),
        model=lazy_model("learning.Speaker"),
        visible=_speakers_visible,
        present=_speaker,
        order=30,
    )
)
# Whoever may watch the recording, and nobody else: the chat, questions and captions are shown
# beside the video on the webinar's page.
register(
    Source(
        kind="recording",
        label=_("Recordings"),
        model=lazy_model("search.RecordingText"),
        visible=permissions.recordings_visible_to,
        present=_recording,
        date_field="start",
        materialise="ids",
        ids_field="webinar_id",
        select_related=("webinar__series",),
        suggest=False,
        order=60,
    )
)
