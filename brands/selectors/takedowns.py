"""Reads of the notices against the seller's own products."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from brands.models import Appeal, Takedown
from portal.models import Seller


def notices_of(*, seller: Seller, status: str = "") -> QuerySet[Takedown]:
    notices = Takedown.objects.for_seller(seller).select_related("product")
    if status:
        notices = notices.filter(status=status)
    return notices.prefetch_related(
        Prefetch("appeals", queryset=Appeal.objects.for_seller(seller).order_by("-filed_at"))
    ).order_by("-notified_at", "-id")
