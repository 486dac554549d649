"""Browser pages of logged-in people for the live room tests (served by the asgi_server fixture)."""

from django.conf import settings
from django.test import Client


def logged_in_page(browser, base_url, user):
    client = Client()
    client.force_login(user)
    context = browser.new_context(base_url=base_url, locale="nl-BE")
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": base_url,
            }
        ]
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    return context, page, errors
