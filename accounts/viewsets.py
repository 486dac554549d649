from wagtail.users.views.users import UserViewSet as WagtailUserViewSet

from accounts.wagtail_forms import AdminUserCreationForm, AdminUserEditForm


class UserViewSet(WagtailUserViewSet):
    create_template_name = "accounts/admin/users/create.html"
    edit_template_name = "accounts/admin/users/edit.html"

    def get_form_class(self, for_update=False):
        return AdminUserEditForm if for_update else AdminUserCreationForm
