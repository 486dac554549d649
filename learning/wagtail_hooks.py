"""The Leerplatform in the Wagtail admin: speakers, series, registrations (list, filter, CSV
export, attendance), a form to e-mail everyone registered for a webinar, the dashboard's
upcoming webinars, and the network report under Reports."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import Button
from wagtail.permissions import policy_registry
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from learning import permissions, services
from learning.forms import RegistrantsMessageForm
from learning.models import Registration, Series, Speaker, WebinarIndexPage, WebinarPage
from portal.admin_ui import ExportIndexView, YesNoColumn


class SpeakerViewSet(SnippetViewSet):
    model = Speaker
    icon = "user"
    list_display = ["name", "organisation"]
    search_fields = ["name", "organisation"]
    search_backend_name = None


class SeriesViewSet(SnippetViewSet):
    model = Series
    icon = "list-ul"
    list_display = ["title", "slug"]


register_snippet(SpeakerViewSet)
register_snippet(SeriesViewSet)


class RegistrationViewSet(ModelViewSet):
    model = Registration
    icon = "group"
    menu_label = gettext_lazy("Registrations")
    menu_order = 300
    add_to_admin_menu = True
    # Editors mark attendance here; people register through the site (or their coordinator).
    form_fields = ["attended"]
    index_view_class = ExportIndexView  # Ja/Nee and local times in the CSV export
    list_display = [
        "user",
        "webinar",
        "status",
        YesNoColumn("attended", label=_("Attended"), sort_key="attended"),
        "queued_at",
    ]
    list_filter = ["webinar", "status", "attended", "user__library"]
    list_export = [
        "user",
        "user.email",
        "user.library",
        "webinar",
        "status",
        "attended",
        "queued_at",
        "watched_recording_at",
    ]
    export_filename = "registraties"
    search_fields = ["user__display_name", "user__email", "webinar__title"]
    search_backend_name = None
    inspect_view_enabled = True

    def get_queryset(self, request):
        return Registration.objects.select_related("user__library", "webinar")


registration_viewset = RegistrationViewSet("registrations")


@hooks.register("register_admin_viewset")
def register_registration_viewset():
    return registration_viewset


def message_registrants(request, webinar_id: int):
    webinar = get_object_or_404(WebinarPage, pk=webinar_id)
    if not permissions.can_message_registrants(request.user):
        raise PermissionDenied
    form = RegistrantsMessageForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        count = services.registrants_message(
            webinar=webinar,
            subject=form.cleaned_data["subject"],
            body=form.cleaned_data["body"],
            sender=request.user,
        )
        messages.success(request, _("Message sent to %(count)d registrants.") % {"count": count})
        return redirect("wagtailadmin_pages:edit", webinar.pk)
    return TemplateResponse(
        request,
        "learning/admin/message_registrants.html",
        {"webinar": webinar, "form": form, "page_title": _("Message registrants")},
    )


@hooks.register("register_admin_urls")
def register_learning_admin_urls():
    return [
        path(
            "leerplatform/webinar/<int:webinar_id>/bericht/",
            message_registrants,
            name="learning_message_registrants",
        )
    ]


@hooks.register("register_page_header_buttons")
def webinar_header_buttons(page, user, view_name, next_url=None):
    if not isinstance(page.specific_deferred, WebinarPage):
        return
    if permissions.can_view_network_report(user):
        yield Button(
            _("Registrations"),
            url=reverse(registration_viewset.get_url_name("index")) + f"?webinar={page.pk}",
            icon_name="group",
            priority=80,
        )
    if permissions.can_message_registrants(user):
        yield Button(
            _("Message registrants"),
            url=reverse("learning_message_registrants", args=[page.pk]),
            icon_name="mail",
            priority=81,
        )


class NetworkReportMenuItem(MenuItem):
    def is_shown(self, request):
        return permissions.can_view_network_report(request.user)


@hooks.register("register_reports_menu_item")
def register_network_report_menu_item():
    # The report is a page of the site (learning:network_report); editors find it here.
    return NetworkReportMenuItem(
        gettext_lazy("Network report"),
        reverse("learning:network_report"),
        name="network-report",
        icon_name="table",
        order=50,
    )


class UpcomingWebinarsPanel(Component):
    """The editor's dashboard: the next webinars with their seats and waiting lists, each with its
    registrations, and a button to schedule a new one."""

    name = "upcoming_webinars"
    template_name = "learning/admin/upcoming_webinars_panel.html"
    order = 90  # above Wagtail's own panels
    LIMIT = 10

    def get_context_data(self, parent_context):
        status = Registration.Status
        webinars = (
            WebinarPage.objects.filter(end__gt=timezone.now())
            .order_by("start", "pk")
            .annotate(
                registered=Count(
                    "registrations", filter=Q(registrations__status=status.REGISTERED)
                ),
                waiting=Count("registrations", filter=Q(registrations__status=status.WAITING)),
            )[: self.LIMIT]
        )
        index = WebinarIndexPage.objects.first()
        return {
            "webinars": webinars,
            "registrations_url": reverse(registration_viewset.get_url_name("index")),
            "add_url": index
            and reverse("wagtailadmin_pages:add", args=("learning", "webinarpage", index.pk)),
        }


@hooks.register("construct_homepage_panels")
def add_upcoming_webinars_panel(request, panels):
    if permissions.can_view_network_report(request.user):
        panels.append(UpcomingWebinarsPanel())


@hooks.register("before_serve_document")
def protect_webinar_slides(document, request):
    """Slides go with the recording: at Wagtail's document URL (a link is easily passed on) they
    are served to whoever may watch a webinar they belong to, and to the editors who manage
    documents; to nobody else."""
    webinars = list(WebinarPage.objects.filter(slides=document))
    if not webinars:
        return None
    user = request.user
    if any(permissions.can_watch_recording(user, webinar) for webinar in webinars):
        return None
    if policy_registry.get_by_type(type(document)).user_has_any_permission(
        user, ["change", "choose"]
    ):
        return None
    raise Http404
