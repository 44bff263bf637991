"""Housekeeping of the Idempotency-Key records (see portal.api.idempotency)."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from portal.models import IdempotencyRecord


def purge_expired_records(*, older_than: timedelta) -> int:
    """Delete the records created more than `older_than` ago, of every seller.

    Returns how many were deleted. A key past its lifetime may be used again for a new
    request. This deletes technical rows by age only and reads nothing of any seller,
    so it runs unscoped without opening the audited platform scope.
    """
    cutoff = timezone.now() - older_than
    deleted, _ = IdempotencyRecord.objects.with_scopes_disabled().filter(created_at__lt=cutoff).delete()
    return deleted
