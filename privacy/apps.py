from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "privacy"
    verbose_name = _("Privacy")

    def ready(self):
        # Every app describes its personal data in its own <app>/privacy.py (privacy/registry.py):
        # found here the way Django finds admin.py, so a new app only adds that module.
        from django.utils.module_loading import autodiscover_modules

        autodiscover_modules("privacy")
