"""The personal data of webhooks (privacy/registry.py): the webhooks an editor registered. They
act with their owner's rights, so they are deleted with the account, with their delivery log."""

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from privacy.registry import PersonalData, register


def _webhooks(user) -> list[dict]:
    return [
        {"name": hook.name, "url": hook.url, "events": hook.events, "created": hook.created_at}
        for hook in user.webhooks.order_by("pk")
    ]


register(
    PersonalData(
        key="webhooks",
        label=_("Webhooks"),
        what=_("The webhooks you registered as an editor: name, address and events."),
        why=_("To send the events you chose to the address you gave, with your rights."),
        kept=lambda: gettext("Until you delete the webhook or your account."),
        fields={
            "name": _("the webhook's name"),
            "url": _("the address that receives the events"),
            "events": _("the events it receives"),
            "created": _("when you registered it"),
        },
        export=_webhooks,
        erase=lambda user, erasure: user.webhooks.all().delete(),
        erase_order=900,
    )
)
