"""Background work of webhooks: one attempt per task; a failed attempt enqueues the next one
(deferred) itself, so a retry of this task is harmless (the delivery is claimed first)."""

from django_tasks import task


@task()
def deliver(delivery_id: str) -> str | None:
    from webhooks.services import delivery_attempt

    delivery = delivery_attempt(delivery_id=delivery_id)
    return delivery.status if delivery else None
