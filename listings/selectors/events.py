"""Payloads of the listings' webhook events (`portal.webhook_events` documents them)."""

from __future__ import annotations

from collections.abc import Iterable

from listings.models import Listing
from portal.models import Seller


def listing_state_events(*, seller: Seller, listings: Iterable[Listing]) -> list[dict]:
    """`listing.state_changed` for each listing whose last change moved its state.

    Reads the ids, SKUs and marketplace codes of those listings in one query (new
    listings written in bulk may not carry their id yet).
    """
    moved = {}
    for listing in listings:
        change = next((c for c in listing.last_changes or [] if c.get("field") == "state"), None)
        if change is not None and change.get("old") != change.get("new"):
            moved[(listing.product_id, listing.marketplace_id)] = (listing, change.get("old"))
    if not moved:
        return []
    rows = (
        Listing.objects.for_seller(seller)
        .filter(product_id__in={key[0] for key in moved}, marketplace_id__in={key[1] for key in moved})
        .values_list("product_id", "marketplace_id", "pk", "product__sku", "marketplace__code")
    )
    events = []
    for product_id, marketplace_id, pk, sku, code in rows:
        found = moved.get((product_id, marketplace_id))
        if found is None:
            continue
        listing, previous = found
        events.append(
            {
                "listing": {
                    "id": pk,
                    "sku": sku,
                    "marketplace": code,
                    "marketplace_sku": listing.marketplace_sku,
                    "state": listing.state,
                    "previous_state": previous,
                    "blocked_reasons": listing.blocked_reasons or [],
                }
            }
        )
    return events
