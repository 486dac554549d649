"""HTTP only: parse, ask permissions.py, call one service or selector, render.

Group pages answer like the rest of a group: 404 where the group is secret to the person, a
log-in redirect for anonymous people and 403 for logged-in people who may not read inside."""

from types import SimpleNamespace

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.contrib.syndication.views import Feed
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from cooperation import downloads, files
from cooperation import permissions as group_rules
from cooperation import selectors as group_selectors
from cooperation.meetings import calendar, forms, permissions, selectors, services
from cooperation.meetings.models import ActionItem, NewsItem
from cooperation.models import Document
from portal import params
from portal.confirm import confirmation_page
from portal.links import absolute_url


def _deny(request):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    raise PermissionDenied


def _error_text(error: ValidationError) -> str:
    return " ".join(error.messages)


def _readable_group(request, slug):
    """The group, if the person may read inside it; (group, None) or (None, denial response)."""
    group = group_selectors.group_for(request.user, slug)
    if not group_rules.can_view_group(request.user, group):
        return None, _deny(request)
    return group, None


# --- Group meetings -----------------------------------------------------------------------------


def meeting_list(request, slug):
    group, denied = _readable_group(request, slug)
    if denied:
        return denied
    upcoming, past = selectors.meetings_of(request.user, group)
    context = {
        "group": group,
        "upcoming": upcoming,
        "past": past,
        "can_manage": permissions.can_manage_meetings(request.user, group),
    }
    return render(request, "meetings/meeting_list.html", context)


def meeting_create(request, slug):
    group = group_selectors.group_for(request.user, slug)
    if not permissions.can_manage_meetings(request.user, group):
        return _deny(request)
    form = forms.MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.meeting_create(group=group, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The meeting has been scheduled."))
            return redirect(meeting)
    return render(request, "meetings/meeting_form.html", {"group": group, "form": form})


def _meeting(request, slug, pk):
    group, denied = _readable_group(request, slug)
    if denied:
        return None, denied
    return selectors.meeting_for(request.user, group, pk), None


def meeting_edit(request, slug, pk):
    meeting, denied = _meeting(request, slug, pk)
    if denied:
        return denied
    if not permissions.can_manage_meeting(request.user, meeting):
        return _deny(request)
    initial = {
        "title": meeting.title,
        "starts_at": meeting.starts_at,
        "ends_at": meeting.ends_at,
        "place": meeting.place,
        "online_url": meeting.online_url,
        "agenda_source": meeting.agenda_source,
    }
    form = forms.MeetingForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_update(meeting=meeting, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The meeting has been saved."))
            return redirect(meeting)
    return _manage_page(request, meeting, DETAILS, {"form": form})


# --- The secretary's editing area ---------------------------------------------------------------
# The meeting's page is for reading (agenda, minutes, presentations, recording); whoever manages
# the meeting edits on these tabs, each form on the tab where it is used. A tab is
# (label, template); DETAILS is meeting_edit's own address.

DETAILS = "gegevens"
SECTIONS = {
    DETAILS: (gettext_lazy("Details and agenda"), "meetings/manage/details.html"),
    "deelnemers": (gettext_lazy("Participants"), "meetings/manage/participants.html"),
    "notulen": (gettext_lazy("Minutes, decisions and actions"), "meetings/manage/minutes.html"),
    "materiaal": (gettext_lazy("Presentations and recording"), "meetings/manage/materials.html"),
    "publicatie": (gettext_lazy("Publication"), "meetings/manage/publication.html"),
}
# Which tab a form lives on, to show it again with its errors.
FORM_SECTION = {
    "participant_form": "deelnemers",
    "minutes_form": "notulen",
    "approve_form": "notulen",
    "decision_form": "notulen",
    "action_form": "notulen",
    "presentation_form": "materiaal",
    "recording_form": "materiaal",
    "publish_form": "publicatie",
}


def _manage_url(meeting, section: str) -> str:
    args = [meeting.group.slug, meeting.pk]
    if section == DETAILS:
        return reverse("meetings:edit", args=args)
    return reverse("meetings:manage", args=[*args, section])


def _section_forms(meeting, section: str) -> dict:
    group = meeting.group
    if section == "deelnemers":
        return {"participant_form": forms.ParticipantForm(group=group)}
    if section == "notulen":
        return {
            "minutes_form": forms.MinutesForm(initial={"minutes_source": meeting.minutes_source}),
            "approve_form": forms.ApproveMinutesForm(candidates=services.next_meetings(meeting)),
            "decision_form": forms.DecisionForm(),
            "action_form": forms.ActionItemForm(group=group),
        }
    if section == "materiaal":
        return {
            "presentation_form": forms.PresentationForm(
                choices=selectors.library_choices(group, meeting)
            ),
            "recording_form": forms.RecordingForm(
                initial={"captions_language": meeting.captions_language}
            ),
        }
    if section == "publicatie":
        publication = selectors.meeting_publication(meeting)
        published = publication if publication and publication.is_published else None
        return {
            "publish_form": forms.PublishForm(
                initial={
                    "presentations": bool(published and published.presentations),
                    "minutes": bool(published and published.minutes),
                    "recording": bool(published and published.recording),
                }
            )
        }
    return {}


def _manage_page(request, meeting, section: str, forms_of_section: dict | None = None, status=200):
    label, template = SECTIONS[section]
    context = {
        "group": meeting.group,
        "meeting": meeting,
        **selectors.meeting_page(meeting),
        **_section_forms(meeting, section),
        **(forms_of_section or {}),
        "can_manage": True,
        "section_label": label,
        "section_template": template,
        "tabs": _tabs(meeting, current=section),
    }
    context["user_action_ids"] = _completable_by(request.user, context["action_items"])
    return render(request, "meetings/meeting_manage.html", context, status=status)


def _tabs(meeting, *, current: str) -> list[tuple[str, str, bool]]:
    """(label, address, current) of the editing tabs."""
    return [
        (label, _manage_url(meeting, key), key == current)
        for key, (label, _template) in SECTIONS.items()
    ]


def meeting_manage(request, slug, pk, section):
    if section not in SECTIONS or section == DETAILS:
        raise Http404
    meeting, denied = _managed_meeting(request, slug, pk)
    if denied:
        return denied
    return _manage_page(request, meeting, section)


def meeting_detail(request, slug, pk):
    meeting, denied = _meeting(request, slug, pk)
    if denied:
        return denied
    context = {"group": meeting.group, "meeting": meeting, **selectors.meeting_page(meeting)}
    context["can_manage"] = permissions.can_manage_meeting(request.user, meeting)
    context["user_action_ids"] = _completable_by(request.user, context["action_items"])
    return render(request, "meetings/meeting_detail.html", context)


def _completable_by(user, action_items) -> set[int]:
    """The action items the person may mark done (their own, or all for the secretary)."""
    return {item.pk for item in action_items if permissions.can_complete_action_item(user, item)}


def meeting_ics(request, slug, pk):
    meeting, denied = _meeting(request, slug, pk)
    if denied:
        return denied
    response = HttpResponse(
        calendar.meeting_calendar(meeting), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="vergadering-{meeting.pk}.ics"'
    return response


def _managed_meeting(request, slug, pk):
    meeting, denied = _meeting(request, slug, pk)
    if denied:
        return None, denied
    if not permissions.can_manage_meeting(request.user, meeting):
        return None, _deny(request)
    return meeting, None


def _redisplay(request, meeting, name, form):
    """The form's tab again with the form that failed, so what was typed is kept."""
    return _manage_page(request, meeting, FORM_SECTION[name], {name: form}, status=400)


def _back_to(meeting, section: str):
    return redirect(_manage_url(meeting, section))


@require_http_methods(["GET", "POST"])
def meeting_delete(request, slug, pk):
    meeting, denied = _managed_meeting(request, slug, pk)
    if denied:
        return denied
    if request.method == "GET":
        return confirmation_page(
            request,
            question=_("Delete the meeting “%(title)s”?") % {"title": meeting.title},
            consequence=_(
                "Its agenda, minutes, decisions, action items and recording are deleted for "
                "everyone. Its presentations stay in the group's library."
            ),
            confirm=_("Delete this meeting"),
            cancel_url=_manage_url(meeting, DETAILS),
            header="cooperation/includes/group_header.html",
            context={"group": meeting.group},
        )
    services.meeting_delete(meeting=meeting, by=request.user)
    messages.success(request, _("The meeting has been deleted."))
    return redirect("meetings:list", slug=slug)


@require_POST
def minutes(request, slug, pk, action):
    meeting, denied = _managed_meeting(request, slug, pk)
    if denied:
        return denied
    try:
        if action == "opslaan":
            form = forms.MinutesForm(request.POST)
            form.is_valid()
            try:
                services.minutes_save(
                    meeting=meeting,
                    by=request.user,
                    minutes_source=form.cleaned_data.get("minutes_source", ""),
                )
            except ValidationError as error:
                form.add_error(None, error)
                return _redisplay(request, meeting, "minutes_form", form)
            messages.success(request, _("The minutes have been saved."))
        elif action == "voorstellen":
            services.minutes_propose(meeting=meeting, by=request.user)
            messages.success(request, _("The minutes are proposed for approval."))
        elif action == "concept":
            services.minutes_return_to_draft(meeting=meeting, by=request.user)
            messages.success(request, _("The minutes are a draft again."))
        elif action == "goedkeuren":
            form = forms.ApproveMinutesForm(
                request.POST, candidates=services.next_meetings(meeting)
            )
            if not form.is_valid():
                return _redisplay(request, meeting, "approve_form", form)
            services.minutes_approve(
                meeting=meeting, at_meeting=form.cleaned_data["at_meeting"], by=request.user
            )
            messages.success(request, _("The minutes have been approved."))
        else:
            raise Http404
    except ValidationError as error:
        messages.error(request, _error_text(error))
    return _back_to(meeting, "notulen")


@require_POST
def decision_add(request, slug, pk):
    meeting, denied = _managed_meeting(request, slug, pk)
    if denied:
        return denied
    form = forms.DecisionForm(request.POST)
    if not form.is_valid():
        return _redisplay(request, meeting, "decision_form", form)
    services.decision_add(meeting=meeting, by=request.user, text=form.cleaned_data["text"])
    messages.success(request, _("The decision has been recorded."))
    return _back_to(meeting, "notulen")


@require_POST
def action_item_add(request, slug, pk):
    meeting, denied = _managed_meeting(request, slug, pk)
    if denied:
        return denied
    form = forms.ActionItemForm(request.POST, group=meeting.group)
    if not form.is_valid():
        return _redisplay(request, meeting, "action_form", form)
    try:
        services.action_item_add(meeting=meeting, by=request.user, **form.cleaned_data)
    except ValidationError as error:
        form.add_error(None, error)
        return _redisplay(request, meeting, "action_form", form)
    messages.success(request, _("The action has been added."))
    return _back_to(meeting, "notulen")


@require_POST
def action_item_done(request, slug, pk, item_pk):
    meeting, denied = _meeting(request, slug, pk)
    if denied:
        return denied
    item = get_object_or_404(ActionItem, meeting=meeting, pk=item_pk)
    if not permissions.can_complete_action_item(request.user, item):
        return _deny(request)
    done = request.POST.get("done", "1") == "1"
    services.action_item_complete(item=item, by=request.user, done=done)
    messages.success(request, _("The action is done.") if done else _("The action is open again."))
    default = reverse("meetings:detail", args=[slug, pk])
    return redirect(params.local_url(request, request.POST.get("next"), default=default))


@require_POST
def participant_set(request, slug, pk):
    meeting, denied = _managed_meeting(request, slug, pk)
    if denied:
        return denied
    form = forms.ParticipantForm(request.POST, group=meeting.group)
    if not form.is_valid():
        return _redisplay(request, meeting, "participant_form", form)
    try:
        if request.POST.get("remove") == "1":
            services.participant_remove(
                meeting=meeting, by=request.user, user=form.cleaned_data["user"]
            )
        else:
            services.participant_set(meeting=meeting, by=request.user, **form.cleaned_data)
    except ValidationError as error:
        messages.error(request, _error_text(error))
    return _back_to(meeting, "deelnemers")


@require_POST
def presentation_add(request, slug, pk):
    meeting, denied = _managed_meeting(request, slug, pk)
    if denied:
        return denied
    form = forms.PresentationForm(
        request.POST, request.FILES, choices=selectors.library_choices(meeting.group, meeting)
    )
    if not form.is_valid():
        return _redisplay(request, meeting, "presentation_form", form)
    data = form.cleaned_data
    try:
        if data["file"]:
            services.presentation_upload(
                meeting=meeting, by=request.user, uploaded=data["file"], title=data["title"]
            )
        else:
            services.presentation_add(meeting=meeting, by=request.user, document=data["document"])
    except (files.RefusedFile, ValidationError) as error:
        text = _error_text(error) if isinstance(error, ValidationError) else str(error)
        form.add_error(None, text)
        return _redisplay(request, meeting, "presentation_form", form)
    messages.success(request, _("The presentation has been added."))
    return _back_to(meeting, "materiaal")


@require_http_methods(["GET", "POST"])
def presentation_remove(request, slug, pk, document_pk):
    meeting, denied = _managed_meeting(request, slug, pk)
    if denied:
        return denied
    document = get_object_or_404(meeting.presentations, pk=document_pk)
    if request.method == "GET":
        return confirmation_page(
            request,
            question=_("Take “%(title)s” off this meeting?") % {"title": document.title},
            consequence=_("The document stays in the group's library."),
            confirm=_("Take off this meeting"),
            cancel_url=_manage_url(meeting, "materiaal"),
            header="cooperation/includes/group_header.html",
            context={"group": meeting.group},
        )
    services.presentation_remove(meeting=meeting, by=request.user, document=document)
    messages.success(request, _("The presentation is no longer part of this meeting."))
    return _back_to(meeting, "materiaal")


@require_POST
def recording_upload(request, slug, pk):
    meeting, denied = _managed_meeting(request, slug, pk)
    if denied:
        return denied
    form = forms.RecordingForm(request.POST, request.FILES)
    if not form.is_valid():
        return _redisplay(request, meeting, "recording_form", form)
    data = form.cleaned_data
    try:
        if data["recording"]:
            services.recording_set(meeting=meeting, by=request.user, uploaded=data["recording"])
        if data["captions"]:
            services.captions_set(
                meeting=meeting,
                by=request.user,
                uploaded=data["captions"],
                language=data["captions_language"],
            )
    except files.RefusedFile as error:
        form.add_error(None, str(error))
        return _redisplay(request, meeting, "recording_form", form)
    messages.success(request, _("The recording has been saved."))
    return _back_to(meeting, "materiaal")


@require_POST
def meeting_publish(request, slug, pk):
    meeting, denied = _managed_meeting(request, slug, pk)
    if denied:
        return denied
    form = forms.PublishForm(request.POST)
    form.is_valid()  # three check boxes: always valid
    try:
        publication = services.meeting_publish(
            meeting=meeting, by=request.user, **form.cleaned_data
        )
    except ValidationError as error:
        form.add_error(None, error)
        return _redisplay(request, meeting, "publish_form", form)
    if publication is None:
        messages.success(request, _("Nothing of this meeting is published now."))
    else:
        messages.success(request, _("Published: it is on the Presentaties page for everyone."))
    return _back_to(meeting, "publicatie")


def decision_register(request, slug):
    group, denied = _readable_group(request, slug)
    if denied:
        return denied
    year = params.year(request.GET.get("jaar"))
    context = {
        "group": group,
        "year": year,
        **selectors.decision_register(request.user, group, year=year),
    }
    return render(request, "meetings/decision_register.html", context)


# --- Files: the same door for group readers and, once published, for everyone -------------------


def _file_of(field, *, name: str, content_type: str, size: int):
    # cooperation.downloads.file_response reads these attributes of a library version.
    return SimpleNamespace(
        file=SimpleNamespace(file=field), content_type=content_type, size=size, original_name=name
    )


def _meeting_or_404(request, pk):
    """A meeting whose group the person may not know of is 'not found', whatever it holds."""
    meeting = selectors.meeting_for_file(pk)
    if not (
        group_rules.can_see_group(request.user, meeting.group)
        or permissions.can_view_publication(request.user, meeting)
    ):
        raise Http404
    return meeting


def recording(request, pk):
    meeting = _meeting_or_404(request, pk)
    if not permissions.can_view_recording(request.user, meeting):
        if not meeting.recording:
            raise Http404
        return _deny(request)
    file = _file_of(
        meeting.recording,
        name=meeting.recording_name or "opname",
        content_type=meeting.recording_type or "application/octet-stream",
        size=meeting.recording_size or meeting.recording.size,
    )
    return downloads.file_response(request, file, inline=True)


def captions(request, pk):
    meeting = _meeting_or_404(request, pk)
    if not meeting.captions:
        raise Http404
    if not permissions.can_view_recording(request.user, meeting):
        return _deny(request)
    file = _file_of(
        meeting.captions,
        name=f"vergadering-{meeting.pk}.vtt",
        content_type="text/vtt",
        size=meeting.captions.size,
    )
    return downloads.file_response(request, file, inline=False)


def presentation_download(request, pk, document_pk, filename):
    meeting = _meeting_or_404(request, pk)
    document = get_object_or_404(Document.objects.select_related("current_version"), pk=document_pk)
    if not permissions.can_download_presentation(request.user, meeting, document):
        if not meeting.presentations.filter(pk=document.pk).exists():
            raise Http404
        return _deny(request)
    if document.current_version is None:
        raise Http404
    return downloads.file_response(
        request, document.current_version, inline=request.GET.get("inline") == "1"
    )


# --- The public Presentaties page ---------------------------------------------------------------


def published_list(request):
    group_id = params.object_id(request.GET.get("groep"))
    year = params.year(request.GET.get("jaar"))
    publications = selectors.published_for(request.user, group_id=group_id, year=year)
    page = Paginator(publications, 20).get_page(request.GET.get("pagina"))
    context = {
        "page": page,
        "group_id": group_id,
        "year": year,
        "known_group_ids": set(
            group_rules.groups_visible_to(request.user).values_list("pk", flat=True)
        ),
        **selectors.published_filters(request.user),
    }
    return render(request, "meetings/published_list.html", context)


def published_detail(request, pk):
    publication = selectors.publication_for(request.user, pk)
    meeting = publication.meeting
    context = {
        "publication": publication,
        "meeting": meeting,
        "show_group": group_rules.can_see_group(request.user, meeting.group),
        "can_view_meeting": permissions.can_view_meeting(request.user, meeting),
        "presentations": publication.published_presentations().select_related("current_version"),
        "show_minutes": publication.minutes and meeting.minutes_approved,
        "show_recording": publication.recording and bool(meeting.recording),
    }
    return render(request, "meetings/published_detail.html", context)


# --- News ---------------------------------------------------------------------------------------


def news_list(request):
    page = Paginator(selectors.news_list(request.user), 20).get_page(request.GET.get("pagina"))
    context = {
        "page": page,
        "known_group_ids": set(
            group_rules.groups_visible_to(request.user).values_list("pk", flat=True)
        ),
    }
    return render(request, "meetings/news_list.html", context)


def news_detail(request, slug):
    item = selectors.news_for(request.user, slug)
    context = {
        "item": item,
        "show_group": item.group is not None
        and group_rules.can_see_group(request.user, item.group),
        "can_edit": permissions.can_edit_news(request.user, item),
        **selectors.news_links(request.user, item),
    }
    return render(request, "meetings/news_detail.html", context)


def group_news(request, slug):
    group = group_selectors.group_for(request.user, slug)
    context = {
        "group": group,
        "items": selectors.news_list(request.user, group=group),
        "drafts": selectors.news_drafts(request.user, group),
        "can_write": permissions.can_write_news(request.user, group),
    }
    return render(request, "meetings/group_news.html", context)


def _news_form_page(request, group, item: NewsItem | None):
    initial = {}
    if item is not None:
        initial = {
            "title": item.title,
            "summary": item.summary,
            "body_source": item.body_source,
            "meetings": list(item.meetings.values_list("pk", flat=True)),
            "documents": list(item.documents.values_list("pk", flat=True)),
        }
    form = forms.NewsForm(request.POST or None, group=group, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            item = services.news_save(by=request.user, group=group, item=item, **form.cleaned_data)
            if request.POST.get("publish") == "1":
                services.news_publish(item=item, by=request.user)
                messages.success(request, _("The news item has been published."))
            else:
                messages.success(request, _("The news item has been saved."))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect(item)
    context = {"group": group, "item": item, "form": form}
    return render(request, "meetings/news_form.html", context, status=400 if form.errors else 200)


def news_create(request, slug):
    group = group_selectors.group_for(request.user, slug)
    if not permissions.can_write_news(request.user, group):
        return _deny(request)
    return _news_form_page(request, group, None)


def news_edit(request, slug, pk):
    group = group_selectors.group_for(request.user, slug)
    item = get_object_or_404(NewsItem, group=group, pk=pk)
    if not permissions.can_edit_news(request.user, item):
        return _deny(request)
    return _news_form_page(request, group, item)


@require_POST
def news_unpublish(request, slug, pk):
    group = group_selectors.group_for(request.user, slug)
    item = get_object_or_404(NewsItem, group=group, pk=pk)
    if not permissions.can_edit_news(request.user, item):
        return _deny(request)
    services.news_unpublish(item=item, by=request.user)
    messages.success(request, _("The news item is a draft again; only editors see it."))
    return redirect("meetings:group_news", slug=group.slug)


class NewsFeed(Feed):
    """RSS of the platform's news page: published items, newest first."""

    title = gettext_lazy("Kennisplein news")
    description = gettext_lazy("News of the platform and of its groups.")

    # Absolute addresses of our own: Django would put the request's host in front (SITE_URL is
    # the one source, portal/links.py).
    def link(self):
        return absolute_url(reverse("meetings:news"))

    def feed_url(self):
        return absolute_url(reverse("meetings:news_feed"))

    def item_link(self, item):
        return absolute_url(item.get_absolute_url())

    def items(self):
        from django.contrib.auth.models import AnonymousUser

        # A feed reader is nobody in particular: what everyone may see.
        return selectors.news_list(AnonymousUser())[:30]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary or item.body_text()[:400]

    def item_pubdate(self, item):
        return item.published_at
