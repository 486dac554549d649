"""Received e-mail in the Wagtail admin, for staff: every message at a reply address with what
became of it and why. Read-only: only the receiving service writes the log."""

from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import BasePermissionPolicy
from wagtail.permissions import register_permission_policy

from inbound.models import InboundMessage


class StaffMayView(BasePermissionPolicy):
    """Active staff may look; nobody may add, change or delete a line of the log here."""

    def user_has_permission(self, user, action):
        return action == "view" and user.is_active and user.is_staff

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def users_with_any_permission(self, actions):
        if "view" not in actions:
            return get_user_model().objects.none()
        return get_user_model().objects.filter(is_active=True, is_staff=True)

    def users_with_permission(self, action):
        return self.users_with_any_permission([action])


register_permission_policy(InboundMessage, StaffMayView(InboundMessage))


class InboundIndexView(IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("user", "thread")


class InboundMessageViewSet(ModelViewSet):
    model = InboundMessage
    icon = "mail"
    menu_label = _("Received e-mail")
    menu_order = 360
    add_to_admin_menu = True
    index_view_class = InboundIndexView
    form_fields = []
    list_display = ["received_at", "outcome", "reason", "sender", "user", "thread", "message_id"]
    list_filter = ["outcome", "reason"]
    search_fields = ["message_id", "sender", "subject"]
    inspect_view_enabled = True
    inspect_view_fields = [
        "received_at",
        "outcome",
        "reason",
        "detail",
        "message_id",
        "sender",
        "recipient",
        "subject",
        "user",
        "thread",
        "post",
    ]
    copy_view_enabled = False
    ordering = ["-received_at", "-id"]


@hooks.register("register_admin_viewset")
def register_inbound_viewset():
    return InboundMessageViewSet("inbound_messages")
