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
        self.register_document_policy()

    def register_document_policy(self):
        """Group files are Wagtail documents: the admin asks permissions.py about them too.
        exact_class, because wagtail.documents registers its own policy for the model after this
        app is ready, and an exact registration is the one Wagtail asks first."""
        from wagtail.documents import get_document_model
        from wagtail.permissions import register_permission_policy

        from cooperation.admin_documents import document_permission_policy

        register_permission_policy(
            get_document_model(), document_permission_policy(), exact_class=True
        )
