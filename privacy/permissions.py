"""Who may use the privacy rights on whose data."""

from django.utils import timezone
from wagtail.users.utils import user_can_delete_user

from privacy.models import DataExport, FormerAccount


def is_former(user) -> bool:
    """An erased account or a stand-in: nobody's account any more."""
    return FormerAccount.objects.filter(user_id=user.pk).exists()


def can_download_export(user, export: DataExport, *, now=None) -> bool:
    """Only its owner, logged in, while it is available: a forwarded link opens for nobody else."""
    return bool(
        user.is_authenticated
        and user.is_active
        and export.user_id == user.pk
        and export.is_available(now or timezone.now())
    )


def can_erase_own_account(user) -> bool:
    return bool(user.is_authenticated and user.is_active and not is_former(user))


def can_erase_in_admin(actor, person) -> bool:
    """An editor who may delete people in the Wagtail admin (Wagtail's own rule: the "delete
    user" permission, never oneself, a superuser only by a superuser) may delete their account
    this way; accounts already erased and stand-ins are nobody's to delete."""
    return bool(
        actor.is_authenticated
        and actor.is_active
        and user_can_delete_user(actor, person)
        and not is_former(person)
    )
