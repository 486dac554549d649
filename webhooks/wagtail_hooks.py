"""Webhooks in the Wagtail admin. Editors with the permission to add webhooks register their own
(they own them: deliveries carry what they may see); with the permission to change webhooks, or
as superusers, they manage everyone's. Each webhook's deliveries and attempts are listed
read-only beside it."""

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import DeleteView, EditView, IndexView, InspectView
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import BasePermissionPolicy, OwnershipPermissionPolicy
from wagtail.permissions import register_permission_policy

from portal.admin_ui import YesNoColumn
from webhooks import transport
from webhooks.models import Delivery, Event, Webhook, new_secret

webhook_policy = OwnershipPermissionPolicy(Webhook, owner_field_name="owner")


class DeliveryPermissionPolicy(BasePermissionPolicy):
    """Deliveries are written by the platform alone; whoever may manage webhooks reads them."""

    def user_has_permission(self, user, action):
        return action == "view" and webhook_policy.user_has_permission(user, "change")

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def users_with_any_permission(self, actions):
        if "view" not in actions:
            return get_user_model().objects.none()
        return webhook_policy.users_with_any_permission(["change"])

    def users_with_permission(self, action):
        return self.users_with_any_permission([action])


register_permission_policy(Webhook, webhook_policy)
register_permission_policy(Delivery, DeliveryPermissionPolicy(Delivery))


def _manageable_webhooks(user):
    return webhook_policy.instances_user_has_any_permission_for(user, ["change"])


class WebhookForm(WagtailAdminModelForm):
    events = forms.MultipleChoiceField(
        label=_("Events"), choices=Event.choices, widget=forms.CheckboxSelectMultiple
    )
    new_secret = forms.BooleanField(
        label=_("Give it a new signing secret"),
        required=False,
        help_text=_("The old secret stops working at once; give the receiver the new one."),
    )

    def clean_url(self):
        url = self.cleaned_data["url"]
        try:
            transport.check_url(url)
        except transport.RefusedAddress as refused:
            raise ValidationError(str(refused)) from None
        return url

    def save(self, commit=True):
        webhook = self.instance
        if webhook.owner_id is None:
            webhook.owner = self.for_user
        if self.cleaned_data.get("new_secret"):
            webhook.secret = new_secret()
        return super().save(commit=commit)


class WebhookIndexView(IndexView):
    def get_base_queryset(self):
        return (
            super()
            .get_base_queryset()
            .filter(pk__in=_manageable_webhooks(self.request.user).values("pk"))
            .select_related("owner")
        )


class OwnWebhookMixin:
    def get_object(self, queryset=None):
        webhook = super().get_object(queryset)
        if not webhook_policy.user_has_permission_for_instance(
            self.request.user, "change", webhook
        ):
            raise PermissionDenied
        return webhook


class WebhookEditView(OwnWebhookMixin, EditView):
    pass


class WebhookDeleteView(OwnWebhookMixin, DeleteView):
    pass


class WebhookViewSet(ModelViewSet):
    model = Webhook
    icon = "link-external"
    menu_label = _("Webhooks")
    index_view_class = WebhookIndexView
    edit_view_class = WebhookEditView
    delete_view_class = WebhookDeleteView
    list_display = [
        "name",
        "url",
        Column("events", label=_("Events"), accessor="event_labels"),
        YesNoColumn("active", label=_("Active"), sort_key="active"),
        "owner",
    ]
    list_filter = ["active"]
    copy_view_enabled = False
    inspect_view_enabled = False
    edit_handler = ObjectList(
        [
            FieldPanel("name"),
            FieldPanel("url"),
            FieldPanel("events"),
            FieldPanel("active"),
            FieldPanel("secret", read_only=True),
            FieldPanel("new_secret"),
        ],
        base_form_class=WebhookForm,
    )


class DeliveryIndexView(IndexView):
    def get_base_queryset(self):
        return (
            super()
            .get_base_queryset()
            .filter(webhook__in=_manageable_webhooks(self.request.user).values("pk"))
            .select_related("webhook")
        )


def _moment(value) -> str:
    return date_format(timezone.localtime(value), "DATETIME_FORMAT") if value else "—"


class DeliveryInspectView(InspectView):
    def get_object(self, queryset=None):
        delivery = super().get_object(queryset)
        if not _manageable_webhooks(self.request.user).filter(pk=delivery.webhook_id).exists():
            raise PermissionDenied
        return delivery

    def get_attempts_display_value(self):
        rows = format_html_join(
            "",
            "<li>#{} · {} · {} · {} ms{}</li>",
            (
                (
                    attempt.number,
                    date_format(timezone.localtime(attempt.started_at), "j F Y, H:i:s"),
                    attempt.response_status or "—",
                    attempt.duration_ms,
                    f" · {attempt.error}" if attempt.error else "",
                )
                for attempt in self.object.attempt_set.all()
            ),
        )
        return format_html("<ol>{}</ol>", rows) if rows else "—"

    def get_delivered_at_display_value(self):
        return _moment(self.object.delivered_at)

    def get_next_attempt_at_display_value(self):
        return _moment(self.object.next_attempt_at)

    def get_body_display_value(self):
        return format_html("<pre>{}</pre>", self.object.body)


class DeliveryViewSet(ModelViewSet):
    model = Delivery
    icon = "history"
    menu_label = _("Deliveries")
    index_view_class = DeliveryIndexView
    inspect_view_class = DeliveryInspectView
    form_fields = []  # read-only: the platform writes deliveries
    list_display = ["created_at", "event", "webhook", "status", "attempts", "next_attempt_at"]
    list_filter = ["status", "event", "webhook"]
    inspect_view_enabled = True
    inspect_view_fields = [
        "id",
        "webhook",
        "event",
        "status",
        "attempts",
        "created_at",
        "delivered_at",
        "next_attempt_at",
        "body",
    ]
    copy_view_enabled = False
    ordering = ["-created_at"]


class WebhooksViewSetGroup(ViewSetGroup):
    menu_label = _("Webhooks")
    menu_icon = "link-external"
    menu_order = 360
    items = (WebhookViewSet("webhooks"), DeliveryViewSet("webhook_deliveries"))


@hooks.register("register_admin_viewset")
def register_webhook_viewsets():
    return WebhooksViewSetGroup()
