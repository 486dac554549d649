"""HTTP only: the bell's page, following a notification, e-mail settings, unsubscribing."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import override
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from notifications import kinds, selectors, services
from notifications.emails import language_of
from notifications.forms import EmailSettingsForm
from portal import params

LIST_LENGTH = 50


@login_required
def notification_list(request):
    notifications = selectors.notifications_for(request.user, limit=LIST_LENGTH)
    lines = selectors.notification_lines(notifications)
    unread = [line.notification.pk for line in lines if line.notification.read_at is None]
    return render(request, "notifications/list.html", {"lines": lines, "unread": unread})


@login_required
@require_POST
def mark_all_read(request):
    # The page posts the ids it showed, so a notification that arrived since stays unread;
    # ids of other people's notifications are ignored by the service.
    ids = [params.object_id(value) for value in request.POST.getlist("id")]
    ids = [pk for pk in ids if pk is not None]
    services.mark_read(request.user, ids or None)
    messages.success(request, _("All notifications are marked as read."))
    return redirect("notifications:list")


@login_required
def notification_open(request, pk):
    """Marks one of the person's own notifications read and goes where it leads; anyone else's
    id, or one about something they may no longer see, is not found."""
    notification = selectors.notification_for(request.user, pk)
    if notification is None:
        raise Http404
    services.mark_read(request.user, [notification.pk])
    event = notification.event
    return redirect(kinds.get_kind(event.kind).url(event.target))


@login_required
def email_settings(request):
    current = services.email_settings(request.user)
    form = EmailSettingsForm(request.POST or None, current=current)
    if request.method == "POST" and form.is_valid():
        for key, frequency in form.cleaned_data.items():
            if frequency != current[key]:
                services.set_email_frequency(request.user, key, frequency)
        messages.success(request, _("Your e-mail settings have been saved."))
        return redirect("notifications:settings")
    return render(request, "notifications/settings.html", {"form": form})


# No log-in and no CSRF token: a mail program's one-click POST (RFC 8058) carries neither. The
# signed token is the authorisation, and it can only switch one kind of e-mail off.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    found = services.unsubscribe_target(token)
    if found is None:
        return render(request, "notifications/unsubscribe_invalid.html", status=400)
    person, key = found
    with override(language_of(person)):
        if request.method == "POST":
            switched = services.unsubscribe(person, key)
            return render(request, "notifications/unsubscribed.html", {"kinds": switched})
        context = {
            "kinds": services.kinds_of_unsubscribe(person, key),
            "digest": key == services.DIGEST,
        }
        return render(request, "notifications/unsubscribe.html", context)
