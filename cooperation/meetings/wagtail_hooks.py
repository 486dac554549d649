"""The platform's editors write platform news (no group) in the Wagtail admin, and can correct
any group's news there too (platform staff may do what a group's moderators may). A ModelViewSet
rather than Wagtail pages: a news item belongs to a group or to the platform, is written by group
moderators on the front end as well, and is listed by our own views; pages would put group news
into the editors' page tree and give it a second permission system."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.viewsets.model import ModelViewSet

from cooperation.meetings import services
from cooperation.meetings.models import NewsItem


class NewsAdminForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slug"].required = False  # made from the title when left empty

    def save(self, commit=True):
        item = self.instance
        if item.author_id is None and self.for_user is not None:
            item.author = self.for_user
        services.news_render(item)
        return super().save(commit=commit)


class NewsViewSet(ModelViewSet):
    model = NewsItem
    icon = "doc-full"
    menu_label = _("News")
    menu_order = 260
    add_to_admin_menu = True
    list_display = ["title", "group", "published_at"]
    list_filter = ["group"]
    search_fields = ["title", "summary"]
    edit_handler = ObjectList(
        [
            FieldPanel("title"),
            FieldPanel("slug"),
            FieldPanel("group"),
            FieldPanel("summary"),
            FieldPanel("body_source"),
            FieldPanel("published_at", help_text=_("Empty: a draft that only editors see.")),
        ],
        base_form_class=NewsAdminForm,
    )


@hooks.register("register_admin_viewset")
def register_news_viewset():
    return NewsViewSet("news")
