"""The nightly reconciliation task: proves every balance equals its ledger sum."""

from __future__ import annotations

from celery import shared_task

from portal.jobs import TRANSIENT_ERRORS


@shared_task(
    name="inventory.tasks.reconcile_stock",
    acks_late=True,
    autoretry_for=TRANSIENT_ERRORS,
    retry_backoff=True,
    max_retries=5,
)
def reconcile_stock() -> int:
    """Daily: prove every balance equals its ledger; returns the number of mismatches."""
    from inventory.services.reconciliation import reconcile_stock as reconcile

    return len(reconcile())
