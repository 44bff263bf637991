"""Celery tasks of the Shopify write-back: report one shipment, and the sweep of due retries."""

from __future__ import annotations

from celery import shared_task

from inventory.services.shopify_fulfilments import push_fulfilment, retry_due_fulfilments
from portal.jobs import TRANSIENT_ERRORS


@shared_task(
    name="inventory.tasks.push_shopify_fulfilment",
    acks_late=True,
    autoretry_for=TRANSIENT_ERRORS,
    max_retries=3,
    retry_backoff=2,
    retry_jitter=True,
)
def push_shopify_fulfilment(seller_id: int, fulfilment_id: int) -> bool:
    """Report one shipment to its shop if due (safe to run twice). The shop's refusals are
    retried on the fulfilment's own schedule, not by the task."""
    return push_fulfilment(seller_id=seller_id, fulfilment_id=fulfilment_id) is not None


@shared_task(name="inventory.tasks.retry_due_shopify_fulfilments")
def retry_due_shopify_fulfilments() -> int:
    """Beat, every minute: queue the fulfilments whose next try is due."""
    return retry_due_fulfilments()
