"""Freight for inbound plans: book a logistics shipment that carries a plan to its GWD hub.

Inventory may import logistics (DESIGN.md: logistics ← inventory). The shipment has purpose
`inbound`, `source_reference` = the plan's reference, the plan's lines as items, its carton
groups as cartons (a group of 5 identical cartons is 5 carton rows), and the plan's node as
`destination_code`. When the carrier reports it delivered, `logistics.signals.shipment_delivered`
comes back up and `inventory.receivers` records the delivery as the plan's receipt, once.
"""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from inventory.models import InboundCarton, InboundLine, InboundShipment
from logistics.models import BookingStatus, Shipment
from logistics.services.shipments import create_shipment
from portal.exceptions import Conflict, InvalidInput
from portal.models import Seller

# The factories ship from mainland China to the GWD hub.
DEFAULT_ORIGIN_COUNTRY = "CN"


def freight_for_plan(*, seller: Seller, plan: InboundShipment) -> Shipment | None:
    """The logistics shipment booked for this plan, if any (not cancelled)."""
    return (
        Shipment.objects.for_seller(seller)
        .filter(purpose=Shipment.Purpose.INBOUND, source_reference=plan.reference)
        .exclude(booking_status=BookingStatus.CANCELLED)
        .order_by("pk")
        .first()
    )


@transaction.atomic
def book_inbound_freight(*, seller: Seller, plan: InboundShipment, actor=None) -> tuple[Shipment, bool]:
    """Create the draft inbound shipment for an open plan; returns (shipment, created).

    A plan that already has a (not cancelled) shipment returns that one: booking twice
    creates nothing. A plan that is no longer open (received, closed) raises Conflict.
    """
    plan = (
        InboundShipment.objects.for_seller(seller).select_for_update().select_related("node").get(pk=plan.pk)
    )
    existing = freight_for_plan(seller=seller, plan=plan)
    if existing is not None:
        return existing, False
    if not plan.is_open:
        raise Conflict(
            _("Inbound plan %(ref)s is %(status)s; there is nothing left to ship.")
            % {"ref": plan.reference, "status": plan.get_status_display()}
        )
    if len(plan.reference) > Shipment._meta.get_field("source_reference").max_length:
        raise InvalidInput(
            fields={"reference": [_("The plan's reference is too long to name on a freight shipment.")]}
        )
    lines = InboundLine.objects.for_seller(seller).filter(shipment=plan).order_by("pk")
    cartons = []
    for group in InboundCarton.objects.for_seller(seller).filter(shipment=plan).order_by("pk"):
        cartons.extend(
            {
                "weight_g": group.weight_g,
                "length_mm": group.length_mm,
                "width_mm": group.width_mm,
                "height_mm": group.height_mm,
                "marks": plan.reference,
            }
            for _number in range(group.count)
        )
    shipment = create_shipment(
        seller=seller,
        purpose=Shipment.Purpose.INBOUND,
        source_reference=plan.reference,
        origin_country=DEFAULT_ORIGIN_COUNTRY,
        destination_country=plan.node.country,
        destination_code=plan.node.code,
        destination_address=plan.node.name,
        notes=plan.notes,
        cartons=cartons,
        items=[{"product_id": line.product_id, "quantity": line.quantity_expected} for line in lines],
        actor=actor,
    )
    return shipment, True
