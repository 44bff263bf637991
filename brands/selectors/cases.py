"""Reads of the owner's cases."""

from __future__ import annotations

from django.db.models import Count, QuerySet

from brands.models import BrandCase
from portal.models import Seller


def cases_of_owner(*, seller: Seller, status: str = "", brand_id: int | None = None) -> QuerySet[BrandCase]:
    cases = BrandCase.objects.for_seller(seller).select_related("brand")
    if status:
        cases = cases.filter(status=status)
    if brand_id:
        cases = cases.filter(brand_id=brand_id)
    return cases.order_by("-detected_at", "-id")


def case_counts(*, seller: Seller) -> dict[str, int]:
    rows = BrandCase.objects.for_seller(seller).values("status").annotate(n=Count("id")).order_by()
    return {row["status"]: row["n"] for row in rows}
