"""Housekeeping of Idempotency-Key records."""

from __future__ import annotations

from celery import shared_task
from django.conf import settings


@shared_task(name="portal.tasks.purge_idempotency_records")
def purge_idempotency_records() -> int:
    """Delete Idempotency-Key records older than settings.IDEMPOTENCY_KEY_TTL."""
    from portal.services.idempotency import purge_expired_records

    return purge_expired_records(older_than=settings.IDEMPOTENCY_KEY_TTL)
