"""The Wagtail admin side: platform staff manage groups and their members; Wagtail's document
serve view, document admin and admin API ask the same permission module as our own downloads
(cooperation/admin_documents.py)."""

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, InlinePanel, ObjectList
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from cooperation import admin_documents, permissions
from cooperation.models import Group, Membership


class GroupAdminForm(WagtailAdminModelForm):
    def clean(self):
        cleaned = super().clean()
        memberships = self.formsets.get("memberships")
        if memberships is not None and memberships.is_valid():
            owners = [
                form
                for form in memberships.forms
                if form.cleaned_data
                and not form.cleaned_data.get("DELETE")
                and form.cleaned_data.get("role") == Membership.Role.OWNER
            ]
            if not owners:
                raise ValidationError(_("A group always has at least one owner."))
        return cleaned


class GroupViewSet(SnippetViewSet):
    model = Group
    icon = "group"
    menu_label = _("Groups")
    menu_order = 250
    add_to_admin_menu = True
    list_display = ["name", "kind", "visibility", "join_policy"]
    list_filter = ["kind", "visibility"]
    search_fields = ["name", "description"]
    edit_handler = ObjectList(
        [
            FieldPanel("name"),
            FieldPanel("slug"),
            FieldPanel("kind"),
            FieldPanel("description"),
            FieldPanel("visibility"),
            FieldPanel("join_policy"),
            InlinePanel("memberships", label=_("Members")),
        ],
        base_form_class=GroupAdminForm,
    )


register_snippet(GroupViewSet)


@hooks.register("before_serve_document")
def protect_group_files(document, request):
    """A group's file is not reachable through Wagtail's document URL by someone who may not
    download it from the library."""
    if not permissions.can_reach_file(request.user, document):
        raise Http404
    return None


# order=1: after Wagtail's own registrations of the same names, which these replace.
@hooks.register("construct_admin_api", order=1)
def documents_admin_api(router):
    router.register_endpoint("documents", admin_documents.DocumentsAPIViewSet)


for action_class in admin_documents.BULK_ACTIONS:
    hooks.register("register_bulk_action", action_class, order=1)
