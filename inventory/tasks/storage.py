"""The daily storage-fee accrual task."""

from __future__ import annotations

from celery import shared_task

from portal.jobs import TRANSIENT_ERRORS


@shared_task(
    name="inventory.tasks.accrue_storage_fees",
    acks_late=True,
    autoretry_for=TRANSIENT_ERRORS,
    retry_backoff=True,
    max_retries=5,
)
def accrue_storage_fees(day: str | None = None) -> int:
    """Daily: yesterday's storage cost per seller and node (idempotent per day)."""
    import datetime

    from django.utils import timezone

    from inventory.services.storage import accrue_storage_fees as accrue

    on = datetime.date.fromisoformat(day) if day else timezone.localdate() - datetime.timedelta(days=1)
    return accrue(day=on)
