"""Live rooms in the Wagtail admin, for staff: every room with its state and message count, the
moderation log, and the room's switches (open, read-only, closed, slow mode). A change goes through
live.services.room_set_state, so the room's policy decides who may make it, it is logged, and the
open sockets hear of it at once."""

from django.contrib.auth import get_user_model
from django.db.models import Count
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import EditView, IndexView
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import BasePermissionPolicy
from wagtail.permissions import register_permission_policy

from live import access, services
from live.models import ModerationAction, Room
from live.permissions import get_target
from live.policies import UnknownRoomKind, policy_for


class StaffPermissionPolicy(BasePermissionPolicy):
    """Active staff may take `actions` here; what a change means in a room is the room policy's
    question, asked by the service."""

    def __init__(self, model, actions):
        super().__init__(model)
        self.actions = frozenset(actions)

    def user_has_permission(self, user, action):
        return action in self.actions and user.is_active and user.is_staff

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def users_with_any_permission(self, actions):
        if not self.actions.intersection(actions):
            return get_user_model().objects.none()
        return get_user_model().objects.filter(is_active=True, is_staff=True)

    def users_with_permission(self, action):
        return self.users_with_any_permission([action])


register_permission_policy(Room, StaffPermissionPolicy(Room, ["view", "change"]))
register_permission_policy(ModerationAction, StaffPermissionPolicy(ModerationAction, ["view"]))


def _target_title(room: Room) -> str:
    try:
        target = get_target(room.kind, room.target_pk)
        return policy_for(room.kind).title(target) if target is not None else "—"
    except UnknownRoomKind:
        return "—"


def _state_label(room: Room) -> str:
    label = room.get_state_display()
    if room.state == Room.State.OPEN and room.slow_mode_seconds:
        return _("slow mode (%(seconds)d s)") % {"seconds": room.slow_mode_seconds}
    return label


class RoomIndexView(IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().annotate(message_count=Count("messages"))


class ModerationLogIndexView(IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("room", "actor", "target_user")


class RoomEditView(EditView):
    template_name = "live/admin/room_edit.html"

    def save_instance(self):
        return services.room_set_state(
            room=self.object,
            actor=self.request.user,
            state=self.form.cleaned_data["state"],
            slow_mode_seconds=self.form.cleaned_data["slow_mode_seconds"],
        )

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except services.LiveError as error:  # e.g. this room's policy does not let them moderate
            form.add_error(None, error.message)
            return self.form_invalid(form)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["moderation_log"] = self.object.moderation_actions.select_related(
            "actor", "target_user"
        )[:50]
        return context


class RoomViewSet(ModelViewSet):
    model = Room
    icon = "comment"
    index_view_class = RoomIndexView
    edit_view_class = RoomEditView
    form_fields = ["state", "slow_mode_seconds"]
    list_display = [
        "__str__",
        Column("target", label=capfirst(_("target")), accessor=_target_title),
        Column("state", label=capfirst(_("state")), accessor=_state_label),
        Column("message_count", label=capfirst(_("messages"))),
        "created",
    ]
    list_filter = ["kind", "state"]
    inspect_view_enabled = False
    copy_view_enabled = False
    ordering = ["-created"]


class ModerationActionViewSet(ModelViewSet):
    model = ModerationAction
    icon = "history"
    form_fields = []  # read-only: the log is written by the services alone
    list_display = ["created", "room", "actor", "action", "target_user", "detail_display"]
    list_filter = ["action", "room__kind"]
    inspect_view_enabled = False
    copy_view_enabled = False
    index_view_class = ModerationLogIndexView


class LiveViewSetGroup(ViewSetGroup):
    menu_label = _("Live rooms")
    menu_icon = "comment"
    menu_order = 350
    items = (RoomViewSet("live_rooms"), ModerationActionViewSet("live_moderation_log"))


@hooks.register("register_admin_viewset")
def register_live_viewsets():
    return LiveViewSetGroup()


@hooks.register("after_bulk_action")
def recheck_access_after_bulk_action(request, action_type, objects, action):
    """Bulk actions change rows with queryset updates, which send no signal (people set inactive
    at once): every row they touched counts as changed (live/access.py)."""
    access.rows_changed(objects)
