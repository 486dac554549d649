"""The personal data of the API (privacy/registry.py): a person's API keys, never the keys
themselves (only their hashes are stored, and those are not exported). Deleted with the account."""

from django.utils.translation import gettext_lazy as _

from privacy.registry import PersonalData, as_long_as_the_account, register


def _keys(user) -> list[dict]:
    return [
        {
            "name": token.name,
            "scope": token.scope,
            "created": token.created_at,
            "expires": token.expires_at,
            "last_used": token.last_used_at,
            "revoked": token.revoked_at,
        }
        for token in user.access_tokens.order_by("pk")
    ]


register(
    PersonalData(
        key="api_keys",
        label=_("API keys"),
        what=_("The name, scope and dates of each API key you made (never the key itself)."),
        why=_("So that you can see and revoke the programs that act for you."),
        kept=as_long_as_the_account,
        fields={
            "name": _("the name you gave the key"),
            "scope": _("read, or read and write"),
            "created": _("when you made it"),
            "expires": _("its last valid day, if you chose one"),
            "last_used": _("when a program last used it"),
            "revoked": _("when you revoked it"),
        },
        export=_keys,
        erase=lambda user, erasure: user.access_tokens.all().delete(),
        erase_order=900,
    )
)
