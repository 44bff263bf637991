"""Stored responses of POSTs sent with an Idempotency-Key."""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from portal.tenancy import TenantModel


class IdempotencyRecord(TenantModel):
    """The first response to a POST sent with an `Idempotency-Key`, replayed on repeats."""

    key = models.CharField(max_length=255)
    method = models.CharField(max_length=10)
    path = models.CharField(max_length=500)
    body_hash = models.CharField(max_length=64)
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    response_body = models.JSONField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["seller", "key", "method", "path"], name="idempotency_unique_key")
        ]

    def __str__(self) -> str:
        return f"{self.method} {self.path} [{self.key}]"
