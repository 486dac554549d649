from django.conf import settings
from django.db import transaction

from accounts.models import User


@transaction.atomic
def profile_update(*, user: User, display_name: str, organisation: str, language: str) -> User:
    user.display_name = display_name
    user.organisation = organisation
    user.preferred_language = language
    user.save(update_fields=["display_name", "organisation", "preferred_language"])
    return user


def language_choose(*, user: User | None, language: str) -> str:
    """Remembers the chosen language for a member; returns it if it is supported."""
    if language not in dict(settings.LANGUAGES):
        language = settings.LANGUAGE_CODE
    if user is not None and user.is_authenticated and user.preferred_language != language:
        user.preferred_language = language
        user.save(update_fields=["preferred_language"])
    return language
