"""Celery tasks of outgoing webhooks: send one delivery, and the sweep that retries the due ones."""

from __future__ import annotations

from celery import shared_task

from portal.jobs import TRANSIENT_ERRORS
from portal.services.webhooks import deliver_batch, retry_due_deliveries


@shared_task(
    name="portal.tasks.deliver_webhooks",
    acks_late=True,
    autoretry_for=TRANSIENT_ERRORS,
    max_retries=3,
    retry_backoff=2,
    retry_jitter=True,
)
def deliver_webhooks(seller_id: int, delivery_ids: list[int]) -> int:
    """Send the seller's due webhook deliveries among `delivery_ids` (safe to run twice: a
    delivery already sent or not due is skipped); returns how many attempts were made.

    The receiver's failures are not task failures: they are logged attempts, retried on
    each delivery's own schedule by `retry_due_webhooks`. Only our side's transient errors
    (the database briefly away) retry the task, which then skips what it already sent.
    """
    return len(deliver_batch(seller_id=seller_id, delivery_ids=delivery_ids))


@shared_task(name="portal.tasks.retry_due_webhooks")
def retry_due_webhooks() -> int:
    """Beat, every 30 seconds: queue the deliveries whose next try is due."""
    return retry_due_deliveries()
