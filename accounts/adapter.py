from allauth.account.adapter import DefaultAccountAdapter
from django.utils import translation


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request, user, form, commit=True):
        # Sign-up takes the language the person was browsing in, so their mails speak it too.
        user.display_name = form.cleaned_data.get("display_name", "")
        user.organisation = form.cleaned_data.get("organisation", "")
        user.preferred_language = translation.get_language() or user.preferred_language
        return super().save_user(request, user, form, commit=commit)
