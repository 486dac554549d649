"""Wagtail's user forms assume first and last name; ours has one display name and a profile."""

from django import forms
from wagtail.users.forms import UserCreationForm, UserEditForm

PROFILE_FIELDS = {
    "email",
    "display_name",
    "organisation",
    "library",
    "is_library_coordinator",
    "preferred_language",
}


class AdminUserCreationForm(UserCreationForm):
    first_name = None
    last_name = None

    class Meta(UserCreationForm.Meta):
        fields = PROFILE_FIELDS | {"is_superuser", "groups"}
        widgets = {"groups": forms.CheckboxSelectMultiple}


class AdminUserEditForm(UserEditForm):
    first_name = None
    last_name = None

    class Meta(UserEditForm.Meta):
        fields = PROFILE_FIELDS | {"is_active", "is_superuser", "groups"}
        widgets = {"groups": forms.CheckboxSelectMultiple}
