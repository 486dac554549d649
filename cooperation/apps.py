from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CooperationConfig(AppConfig):
    name = "cooperation"
    verbose_name = _("Coöperatieplatform")

    def connect_signals(self):
        from allauth.account.signals import email_confirmed

        from cooperation import signals

        email_confirmed.connect(signals.accept_invitations_on_email_confirmed)

    def ready(self):
        self.connect_signals()
        from cooperation.live import GroupRoomPolicy
        from live.policies import register_room_kind

        register_room_kind("group", GroupRoomPolicy())
        from cooperation import notification_kinds

        notification_kinds.register()
