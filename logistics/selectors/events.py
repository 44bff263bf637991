"""Payloads of the logistics' webhook events (`portal.webhook_events` documents them)."""

from __future__ import annotations

from logistics.models import Shipment
from portal.models import Seller


def shipment_status_events(*, seller: Seller, before: dict[int, str], shipments) -> list[dict]:
    """`shipment.status_changed` for each folded shipment whose status differs from `before`."""
    moved = {s.pk: s for s in shipments if before.get(s.pk) != s.status}
    if not moved:
        return []
    names = {
        pk: (reference, tracking)
        for pk, reference, tracking in Shipment.objects.for_seller(seller)
        .filter(pk__in=moved)
        .values_list("pk", "reference", "tracking_number")
    }
    return [
        {
            "shipment": {
                "id": pk,
                "reference": names.get(pk, ("", ""))[0],
                "tracking_number": names.get(pk, ("", ""))[1],
                "status": shipment.status,
                "previous_status": before.get(pk) or "",
                "last_location": shipment.last_location or "",
                "last_event_at": shipment.last_event_at,
                "eta": shipment.eta,
            }
        }
        for pk, shipment in sorted(moved.items())
    ]
