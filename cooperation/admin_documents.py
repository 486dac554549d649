"""Group files in Wagtail's document admin.

Group files are Wagtail documents (portal.PortalDocument), so every page of the admin's documents
(listing, search, chooser, edit, delete, usage, bulk actions) and the admin API would show them to
anyone with document permissions. Here Wagtail's own permission policy is narrowed by
cooperation/permissions.py: a group file exists in the admin only for those who may download it
on the site, and nobody replaces or deletes its bytes there (a new file is a new version, uploaded
through the group; a file leaves through the library's trash). Other documents (webinar slides)
keep Wagtail's rules."""

from wagtail.documents.api.admin.views import DocumentsAdminAPIViewSet
from wagtail.documents.views.bulk_actions.add_tags import AddTagsBulkAction
from wagtail.documents.views.bulk_actions.add_to_collection import AddToCollectionBulkAction
from wagtail.documents.views.bulk_actions.delete import DeleteBulkAction
from wagtail.permission_policies.collections import CollectionOwnershipPermissionPolicy

from cooperation import permissions

# Actions that change the stored bytes or remove them.
IN_PLACE_ACTIONS = {"delete"}


class GroupFilePermissionPolicy(CollectionOwnershipPermissionPolicy):
    """Wagtail's document policy (collections and ownership), then the libraries' rule."""

    def instances_user_has_any_permission_for(self, user, actions):
        instances = super().instances_user_has_any_permission_for(user, actions)
        return instances.exclude(pk__in=permissions.files_hidden_from(user))

    def user_has_any_permission_for_instance(self, user, actions, instance):
        if not permissions.can_reach_file(user, instance):
            return False
        if not permissions.can_change_file_in_place(instance):
            actions = [action for action in actions if action not in IN_PLACE_ACTIONS]
            if not actions:
                return False
        return super().user_has_any_permission_for_instance(user, actions, instance)


def document_permission_policy() -> GroupFilePermissionPolicy:
    # The same arguments as wagtail.documents.get_permission_policy().
    from wagtail.documents import get_document_model_string

    return GroupFilePermissionPolicy(
        get_document_model_string(),
        auth_model="wagtaildocs.Document",
        owner_field_name="uploaded_by_user",
    )


class DocumentsAPIViewSet(DocumentsAdminAPIViewSet):
    """The admin API's documents (listing, search, detail, find) without hidden group files."""

    def get_queryset(self):
        hidden = permissions.files_hidden_from(self.request.user)
        return super().get_queryset().exclude(pk__in=hidden)


class _KeepsHiddenFilesHidden:
    """Wagtail's bulk action pages name every chosen document the person may not act on; a
    group file they may not reach is left out instead, as if its id did not exist."""

    def get_actionable_objects(self):
        objects, extra = super().get_actionable_objects()
        user = self.request.user
        extra["items_with_no_access"] = [
            item for item in extra["items_with_no_access"] if permissions.can_reach_file(user, item)
        ]
        return objects, extra


class DocumentsAddTagsBulkAction(_KeepsHiddenFilesHidden, AddTagsBulkAction):
    pass


class DocumentsAddToCollectionBulkAction(_KeepsHiddenFilesHidden, AddToCollectionBulkAction):
    pass


class DocumentsDeleteBulkAction(_KeepsHiddenFilesHidden, DeleteBulkAction):
    pass


BULK_ACTIONS = [
    DocumentsAddTagsBulkAction,
    DocumentsAddToCollectionBulkAction,
    DocumentsDeleteBulkAction,
]
