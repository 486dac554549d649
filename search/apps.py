from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = _("Search")

    def ready(self):
        # Every app registers what it makes searchable in its own <app>/search.py
        # (search/sources.py): found here the way Django finds admin.py, so search imports no
        # app's models and a new kind of content only adds that module.
        from django.utils.module_loading import autodiscover_modules

        from search import signals  # noqa: F401 (connects the receivers)

        autodiscover_modules("search")
