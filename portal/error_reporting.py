"""Optional error reporting to Sentry or a Sentry-compatible tracker (GlitchTip, self-hosted
Sentry): set SENTRY_DSN. Server errors of pages, sockets and background tasks are reported.

What leaves the platform is kept to what a developer needs to find the fault: the exception, its
stack without local variables (they hold posts, chat and extracted document text), and the
method and path of the request; never who the person is (name, e-mail or IP address), cookies,
the request body or the query string (a search query says what someone looked for)."""

from __future__ import annotations


def start(dsn: str, *, environment: str, release: str, traces_sample_rate: float) -> None:
    import sentry_sdk
    from sentry_sdk.integrations.django import DjangoIntegration
    from sentry_sdk.integrations.logging import LoggingIntegration

    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        release=release or None,
        integrations=[
            DjangoIntegration(),
            # django-tasks logs a failed task at ERROR with its exception.
            LoggingIntegration(event_level="ERROR"),
        ],
        send_default_pii=False,
        include_local_variables=False,
        max_request_body_size="never",
        # Log lines of other requests and tasks stay out of the report.
        max_breadcrumbs=0,
        traces_sample_rate=traces_sample_rate,
        before_send=scrub,
        before_send_transaction=scrub,
    )


def scrub(event: dict, hint: dict | None = None) -> dict:
    """The last check before an event leaves: of the request only its method and path, and
    nothing about the person."""
    request = event.get("request")
    if request:
        url = str(request.get("url", "")).split("?", 1)[0]
        event["request"] = {"method": request.get("method"), "url": url}
    event.pop("user", None)
    return event
