"""The editors' door: "Delete account" on each person in the Wagtail admin's user list, with a
confirmation page, audited in Wagtail's history (services.ERASE_ACTION)."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.widgets import Button

from privacy import permissions, services, views


@hooks.register("register_admin_urls")
def register_privacy_admin_urls():
    return [
        path(
            "privacy/account/<int:user_id>/verwijderen/",
            views.admin_erase,
            name="privacy_admin_erase",
        )
    ]


@hooks.register("register_user_listing_buttons")
def erase_button(user, request_user):
    if permissions.can_erase_in_admin(request_user, user):
        yield Button(
            _("Delete account (privacy)"),
            reverse("privacy_admin_erase", args=[user.pk]),
            icon_name="bin",
            priority=90,
        )


@hooks.register("register_log_actions")
def register_erase_action(actions):
    actions.register_action(
        services.ERASE_ACTION, _("Account deleted"), _("Account deleted (privacy request)")
    )
