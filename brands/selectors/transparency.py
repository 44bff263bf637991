"""Reads of Transparency: enrolments, batches and a batch's codes for export."""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import QuerySet

from brands.models import TransparencyBatch, TransparencyCode, TransparencyEnrolment
from portal.models import Seller

EXPORT_CHUNK = 10_000


def enrolments_of(*, seller: Seller) -> QuerySet[TransparencyEnrolment]:
    return TransparencyEnrolment.objects.for_seller(seller).select_related("product", "brand")


def batches_of(*, seller: Seller) -> QuerySet[TransparencyBatch]:
    return TransparencyBatch.objects.for_seller(seller).select_related("enrolment__product", "job")


def batch_serials(*, seller: Seller, batch: TransparencyBatch) -> Iterator[str]:
    """The batch's serials in a stable order, read in chunks (a batch may hold a million)."""
    codes = TransparencyCode.objects.for_seller(seller).filter(batch=batch).order_by("pk")
    yield from codes.values_list("serial", flat=True).iterator(chunk_size=EXPORT_CHUNK)


def batch_page(*, seller: Seller, batch: TransparencyBatch, offset: int, limit: int) -> list[str]:
    codes = TransparencyCode.objects.for_seller(seller).filter(batch=batch).order_by("pk")
    return list(codes.values_list("serial", flat=True)[offset : offset + limit])
