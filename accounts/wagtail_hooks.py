from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from accounts.models import Organisation


class OrganisationViewSet(SnippetViewSet):
    """Editors keep the list of the network's libraries (Settings-free: a menu item of its own)."""

    model = Organisation
    icon = "site"
    add_to_admin_menu = True
    menu_order = 310
    list_display = ["name", "city"]
    search_fields = ["name", "city"]
    search_backend_name = None


register_snippet(OrganisationViewSet)
