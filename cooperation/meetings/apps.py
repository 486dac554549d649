from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "cooperation.meetings"
    label = "meetings"
    verbose_name = _("Meetings and news")

    def ready(self):
        from cooperation.meetings import notifications, signals

        notifications.register()
        signals.connect()
