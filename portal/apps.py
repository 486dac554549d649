from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Portal")

    def ready(self):
        from django_tasks.signals import task_finished

        from portal.logging import log_task_finished

        task_finished.connect(log_task_finished, dispatch_uid="kennisplein-task-log")
