"""Pulling tracking from carriers' APIs for the shipments on their programs' lanes."""

from __future__ import annotations

import logging

from django_scopes import scopes_disabled

from logistics.adapters.base import CarrierAdapter, ReferenceType
from logistics.adapters.dcsa import DcsaTrackAndTraceAdapter
from logistics.engine.folding import TERMINAL
from logistics.models import BookingStatus, CarrierConnection, EventSource, Shipment
from logistics.services.tracking import record_tracking_events
from portal.tenancy import seller_scope

logger = logging.getLogger(__name__)


def adapter_for(connection: CarrierConnection) -> CarrierAdapter:
    if connection.adapter == CarrierConnection.Adapter.DCSA_TNT_V2:
        return DcsaTrackAndTraceAdapter(
            carrier_code=connection.carrier_code,
            base_url=connection.base_url,
            api_key=connection.api_key,
            timeout=connection.timeout_seconds,
        )
    raise ValueError(f"No adapter for the format {connection.adapter!r}.")


def open_shipments_to_poll() -> list[tuple[int, int]]:
    """(shipment id, connection id) of every booked, undelivered shipment on a lane whose
    program has an active connection. A platform read across sellers: call it inside
    platform_scope (the task does)."""
    connections = dict(CarrierConnection.objects.filter(is_active=True).values_list("program_id", "id"))
    if not connections:
        return []
    rows = (
        Shipment.objects.filter(lane__program_id__in=list(connections), booking_status=BookingStatus.BOOKED)
        .exclude(status__in=TERMINAL)
        .values_list("id", "lane__program_id")
    )
    return [(shipment_id, connections[program_id]) for shipment_id, program_id in rows]


def reference_to_poll(shipment: Shipment) -> tuple[str, str] | None:
    """The reference a carrier knows the shipment best by."""
    if shipment.transport_document_number:
        return ReferenceType.TRANSPORT_DOCUMENT, shipment.transport_document_number
    if shipment.booking_number:
        return ReferenceType.BOOKING, shipment.booking_number
    if shipment.container_numbers:
        return ReferenceType.CONTAINER, shipment.container_numbers[0]
    return None


def poll_shipment(*, shipment_id: int, connection_id: int, adapter: CarrierAdapter | None = None) -> dict:
    """Fetch one shipment's events from its carrier and record them. Safe to run twice
    (events already known are duplicates). Raises the adapter's CarrierError."""
    with scopes_disabled():
        # The ids come from the platform's own poll list; the shipment names its seller.
        shipment = Shipment.objects.select_related("seller").filter(pk=shipment_id).first()
    connection = CarrierConnection.objects.filter(pk=connection_id, is_active=True).first()
    if shipment is None or connection is None:
        return {"skipped": "gone"}
    reference = reference_to_poll(shipment)
    if reference is None:
        return {"skipped": "no reference"}
    adapter = adapter or adapter_for(connection)
    events = adapter.fetch(reference_type=reference[0], reference=reference[1])
    rejected = getattr(events, "rejected", [])
    for position, reason in rejected:
        logger.warning(
            "Carrier %s sent an unreadable event for shipment %s (item %s): %s",
            connection.carrier_code,
            shipment.pk,
            position,
            reason,
        )
    with seller_scope(shipment.seller):
        outcome = record_tracking_events(seller=shipment.seller, events=events, source=EventSource.ADAPTER)
    summary = {"fetched": len(events), "accepted": outcome.count("accepted")}
    if rejected:
        summary["rejected"] = [{"item": position, "error": reason} for position, reason in rejected]
    return summary
