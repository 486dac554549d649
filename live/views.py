from django.contrib.auth.views import redirect_to_login
from django.http import Http404, JsonResponse
from django.shortcuts import render

from live import selectors
from portal import params


def _panel_or_404(request, kind, pk, before=None):
    panel = selectors.room_panel_for(kind=kind, target_pk=pk, user=request.user, before=before)
    if panel is None:
        # Same answer whether the room exists or not, so nobody learns what they may not see.
        raise Http404
    return panel


def room(request, kind, pk):
    """The room on a page of its own; without JavaScript a read-only transcript with paging."""
    try:
        panel = _panel_or_404(request, kind, pk, before=params.object_id(request.GET.get("before")))
    except Http404:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        raise
    return render(request, "live/room.html", {"live_room": panel})


def history(request, kind, pk):
    """Older messages for the client's "older" button: ?before=<id>, 100 at a time."""
    before = params.object_id(request.GET.get("before"))
    panel = _panel_or_404(request, kind, pk, before=before)
    return JsonResponse(
        {
            "messages": [selectors.message_frame(message) for message in panel.messages],
            "has_older": panel.has_older,
        }
    )
