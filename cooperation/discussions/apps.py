from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DiscussionsConfig(AppConfig):
    """Discussion threads of the Coöperatieplatform's groups. A nested app (own models and
    migrations) inside cooperation/, which stays one product area."""

    name = "cooperation.discussions"
    label = "discussions"
    verbose_name = _("Discussions")

    def ready(self):
        from cooperation.discussions.kinds import register_kinds
        from cooperation.discussions.live import ThreadRoomPolicy
        from live.policies import register_room_kind

        register_kinds()
        register_room_kind("thread", ThreadRoomPolicy())
