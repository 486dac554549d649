"""A confirmation step before an action that cannot be taken back, without JavaScript: the
action's own address answers GET with a page that says what will happen and a button that POSTs
to it. The list pages link there instead of posting at once, so a stray click only opens a page."""

from django.shortcuts import render


def confirmation_page(
    request,
    *,
    question: str,
    consequence: str = "",
    confirm: str,
    cancel_url: str,
    header: str = "",
    context: dict | None = None,
):
    """`question` names the person or thing ("Lies Lid uit de werkgroep verwijderen?"),
    `consequence` what follows; `header` is an include shown above (the group's breadcrumbs)."""
    return render(
        request,
        "portal/confirm.html",
        {
            "question": question,
            "consequence": consequence,
            "confirm": confirm,
            "cancel_url": cancel_url,
            "header": header,
            **(context or {}),
        },
    )
