from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InboundConfig(AppConfig):
    name = "inbound"
    verbose_name = _("Reply by e-mail")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from inbound import checks  # noqa: F401  (registers the settings check)
