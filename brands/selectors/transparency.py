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


def products_requiring_codes(*, seller: Seller, product_ids) -> set[int]:
    """The products (of these) whose units must carry Transparency codes at GWD inbound.

    For the inbound to the GWD: a unit of such a product that arrives without a code is a
    discrepancy to report.
    """
    return set(
        TransparencyEnrolment.objects.for_seller(seller)
        .filter(product_id__in=list(product_ids), require_codes_at_inbound=True)
        .values_list("product_id", flat=True)
    )


def unknown_serials(*, seller: Seller, product_id: int, serials) -> list[str]:
    """The serials scanned at inbound that are not codes of this seller's product: each is a
    discrepancy (a missing or foreign code). One query whatever the number of serials."""
    wanted = list(dict.fromkeys(serials))
    known = set(
        TransparencyCode.objects.for_seller(seller)
        .filter(serial__in=wanted, batch__enrolment__product_id=product_id)
        .values_list("serial", flat=True)
    )
    return [s for s in wanted if s not in known]
