"""Tracking pages: a shipment's timeline of events and notices, and the seller's notices."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_GET

from logistics.engine.folding import effective_status
from logistics.models import Shipment, ShipmentNotice, TrackingEvent, TrackingStatus
from logistics.views.access import seller_required, shipment_or_404
from portal.tenancy import tenant_object_view

NOTICES_SHOWN = 200


@login_required
@require_GET
@tenant_object_view(Shipment)
def shipment_timeline(request, pk: int):
    seller_required(request)
    shipment = shipment_or_404(request, pk)
    events = (
        TrackingEvent.objects.for_seller(request.seller)
        .filter(shipment=shipment)
        .order_by("event_time", "id")
    )
    events = list(events)
    # Each event is labelled with what it means for this shipment: an arrival at a
    # transhipment port reads "in transit", as the shipment's own status does.
    destination_port = shipment.lane.destination_port if shipment.lane else ""
    labels = dict(TrackingStatus.choices)
    for event in events:
        meaning = effective_status(event.status, event.location_code, destination_port)
        event.meaning_label = labels.get(meaning, "") if meaning else ""
    notices = ShipmentNotice.objects.for_seller(request.seller).filter(shipment=shipment)
    return render(
        request,
        "logistics/shipment_timeline.html",
        {"shipment": shipment, "events": events, "notices": list(notices)},
    )


@login_required
@require_GET
def notices(request):
    seller_required(request)
    show_resolved = request.GET.get("resolved") == "1"
    rows = ShipmentNotice.objects.for_seller(request.seller).select_related("shipment")
    if not show_resolved:
        rows = rows.filter(resolved_at__isnull=True)
    return render(
        request,
        "logistics/notices.html",
        {"notices": list(rows[:NOTICES_SHOWN]), "show_resolved": show_resolved, "limit": NOTICES_SHOWN},
    )
