"""What webhooks do: an event becomes one delivery per webhook that listens for it and whose owner
may see what it is about; each delivery is sent from a background task, signed, and tried again
with growing pauses until it is answered with 2xx or given up.

Feature apps call `event_emit` from the service where the change happens, inside its
transaction: the deliveries are written with the change (a rollback takes them back) and sent
after the commit."""

import hashlib
import hmac
import json
import logging
import time
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from webhooks import events, transport
from webhooks.models import Attempt, Delivery, Webhook

logger = logging.getLogger(__name__)

# The pause after each failed attempt; after the last one the delivery is given up.
RETRY_PAUSES = (
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
    timedelta(hours=12),
)
MAX_ATTEMPTS = len(RETRY_PAUSES) + 1
USER_AGENT = "Kennisplein-Webhooks/1"


def sign(secret: str, body: bytes, timestamp: int) -> str:
    """The Kennisplein-Signature header: HMAC-SHA256 over "<timestamp>.<body>" with the
    webhook's secret (docs/api.md shows how a receiver checks it)."""
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"t={timestamp},v1={mac.hexdigest()}"


def event_emit(event: str, *, target) -> list[Delivery]:
    """Records a delivery of `event` about `target` for every active webhook listening for it,
    with a payload built for its owner (none where the owner may not see `target`), and sends
    them once the surrounding transaction commits. Never lets a webhook break the caller."""
    if event not in events.EVENTS:
        raise ValueError(f"Unknown webhook event {event!r}")
    hooks = [
        hook
        for hook in Webhook.objects.filter(active=True, owner__is_active=True).select_related(
            "owner"
        )
        if event in hook.events
    ]
    if not hooks:
        return []
    target_type = ContentType.objects.get_for_model(target)
    now = timezone.now()
    deliveries = []
    for hook in hooks:
        delivery = Delivery(webhook=hook, event=event, target_type=target_type, target_id=target.pk)
        try:
            # A savepoint: a failing payload must not take the caller's transaction down.
            with transaction.atomic():
                data = events.build(event, hook.owner, target)
        except Exception:
            logger.exception("Webhook %s: no payload for %s of %r", hook.pk, event, target)
            continue
        if data is None:
            continue
        delivery.body = json.dumps(
            {"id": str(delivery.id), "event": event, "created_at": now, "data": data},
            cls=DjangoJSONEncoder,
            ensure_ascii=False,
        )
        deliveries.append(delivery)
    Delivery.objects.bulk_create(deliveries)
    ids = [str(delivery.pk) for delivery in deliveries]
    if ids:
        transaction.on_commit(lambda: _send_later(ids))
    return deliveries


def _send_later(ids: list[str], *, run_after: datetime | None = None) -> None:
    from django_tasks import default_task_backend

    from webhooks.tasks import deliver

    task = deliver
    if run_after is not None:
        if not default_task_backend.supports_defer:
            return  # the immediate backend: `manage.py send_webhooks` sends it when due
        task = deliver.using(run_after=run_after)
    for delivery_id in ids:
        task.enqueue(delivery_id)


def _still_visible(delivery: Delivery) -> bool:
    """The owner may still see what the delivery is about (asked again before every attempt)."""
    target = delivery.target_type.get_object_for_this_type(pk=delivery.target_id)
    return events.build(delivery.event, delivery.webhook.owner, target) is not None


def delivery_attempt(*, delivery_id, now: datetime | None = None) -> Delivery | None:
    """One attempt at a pending delivery that is due. Claimed with a conditional UPDATE, so two
    workers never send it at once; returns None when there was nothing to do."""
    # The log is read in the admin later: in the platform's language, whoever caused the event.
    with translation.override(settings.LANGUAGE_CODE):
        return _attempt(delivery_id, now or timezone.now())


def _attempt(delivery_id, now: datetime) -> Delivery | None:
    lease = now + timedelta(seconds=settings.WEBHOOKS_TIMEOUT_SECONDS + 60)
    claimed = (
        Delivery.objects.filter(pk=delivery_id, status=Delivery.Status.PENDING)
        .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
        .update(next_attempt_at=lease)
    )
    if not claimed:
        return None
    delivery = Delivery.objects.select_related("webhook__owner", "target_type").get(pk=delivery_id)
    hook = delivery.webhook
    number = delivery.attempts + 1
    started_at, clock = timezone.now(), time.monotonic()
    try:
        with transaction.atomic():  # a savepoint: a failing rule leaves the connection usable
            visible = hook.active and _still_visible(delivery)
    except Exception:  # the target is gone, or its rule fails: nothing may be sent
        visible = False
    if not visible:
        result = transport.Result(
            None, error=_("Not sent: the webhook is off, or its owner may no longer see this.")
        )
    else:
        body = delivery.body.encode()
        result = transport.post(
            hook.url,
            body,
            {
                "Content-Type": "application/json; charset=utf-8",
                "User-Agent": USER_AGENT,
                "Kennisplein-Event": delivery.event,
                "Kennisplein-Delivery": str(delivery.pk),
                "Kennisplein-Signature": sign(hook.secret, body, int(time.time())),
            },
            timeout=settings.WEBHOOKS_TIMEOUT_SECONDS,
        )
    if result.error and result.status is None and visible:
        logger.warning("Webhook %s delivery %s failed: %s", hook.pk, delivery.pk, result.error)
    Attempt.objects.create(
        delivery=delivery,
        number=number,
        started_at=started_at,
        duration_ms=int((time.monotonic() - clock) * 1000),
        response_status=result.status,
        response_body=result.body,
        error=result.error or ("" if result.ok else _("The answer was not 2xx.")),
        succeeded=result.ok,
    )
    delivery.attempts = number
    if result.ok:
        delivery.status, delivery.delivered_at, delivery.next_attempt_at = (
            Delivery.Status.DELIVERED,
            timezone.now(),
            None,
        )
    elif not visible or number >= MAX_ATTEMPTS:
        delivery.status, delivery.next_attempt_at = Delivery.Status.FAILED, None
    else:
        delivery.next_attempt_at = now + RETRY_PAUSES[number - 1]
    delivery.save(update_fields=["attempts", "status", "delivered_at", "next_attempt_at"])
    if delivery.status == Delivery.Status.PENDING:
        _send_later([str(delivery.pk)], run_after=delivery.next_attempt_at)
    return delivery


def deliveries_send_due(*, now: datetime | None = None) -> int:
    """Attempts every pending delivery whose time has come (`manage.py send_webhooks`: with the
    immediate task backend, and after an outage). Returns how many were attempted."""
    now = now or timezone.now()
    due = Delivery.objects.filter(status=Delivery.Status.PENDING).filter(
        Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now)
    )
    attempted = 0
    for delivery_id in list(due.order_by("created_at").values_list("pk", flat=True)):
        if delivery_attempt(delivery_id=delivery_id, now=now) is not None:
            attempted += 1
    return attempted
