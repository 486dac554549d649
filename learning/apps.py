from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LearningConfig(AppConfig):
    name = "learning"
    verbose_name = _("Leerplatform")

    def ready(self):
        from learning import signals  # noqa: F401 - wires Wagtail's page_published to a service
        from learning.live import WebinarRoomPolicy
        from live.policies import register_room_kind

        register_room_kind("webinar", WebinarRoomPolicy())
        from learning import notification_kinds

        notification_kinds.register()
