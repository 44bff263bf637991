"""Reads of a seller's API keys."""

from __future__ import annotations

from django.db.models import F, QuerySet

from portal.models import APIKey, Seller


def api_keys_of_seller(*, seller: Seller) -> QuerySet[APIKey]:
    """The seller's keys, active first, newest first, with who created them."""
    return (
        APIKey.objects.for_seller(seller)
        .select_related("created_by")
        .order_by(F("revoked_at").desc(nulls_first=True), "-created_at", "-id")
    )
