"""Freight for inbound plans: book a logistics shipment that carries a plan to its GWD hub.

Inventory may import logistics (DESIGN.md: logistics ← inventory). The shipment has purpose
`inbound`, `source_reference` = the plan's reference, the plan's lines as items, its carton
groups as cartons (a group of 5 identical cartons is 5 carton rows), and the plan's node as
`destination_code`. `quote_plan_freight` compares the lanes for the same cargo before booking.
When the carrier reports it delivered, `logistics.signals.shipment_delivered`
comes back up and `inventory.receivers` records the delivery as the plan's receipt, once.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from inventory.models import InboundCarton, InboundLine, InboundShipment
from listings.models import Product
from logistics.models import BookingStatus, Shipment
from logistics.services.quotes import Quote, quote_lanes
from logistics.services.shipments import create_shipment
from portal.exceptions import Conflict, InvalidInput
from portal.models import Seller

# The factories ship from mainland China to the GWD hub.
DEFAULT_ORIGIN_COUNTRY = "CN"


def plan_cargo(*, seller: Seller, plan: InboundShipment) -> tuple[list[dict], list[dict]]:
    """The plan's cartons (a group of 5 identical cartons is 5 cartons) and items, as logistics takes them."""
    cartons = []
    for group in InboundCarton.objects.for_seller(seller).filter(shipment=plan).order_by("pk"):
        carton = {
            "weight_g": group.weight_g,
            "length_mm": group.length_mm,
            "width_mm": group.width_mm,
            "height_mm": group.height_mm,
        }
        cartons.extend(dict(carton) for _number in range(group.count))
    items = [
        {"product_id": product_id, "quantity": quantity}
        for product_id, quantity in InboundLine.objects.for_seller(seller)
        .filter(shipment=plan)
        .order_by("pk")
        .values_list("product_id", "quantity_expected")
    ]
    return cartons, items


def quote_plan_freight(
    *,
    seller: Seller,
    plan: InboundShipment,
    origin_country: str = DEFAULT_ORIGIN_COUNTRY,
    ready_on: datetime.date | None = None,
    value_per_day: Decimal | None = None,
) -> Quote:
    """Compare every lane that can carry the plan's cartons from `origin_country` to its hub.

    Reads only: nothing is stored or booked. Lanes are those to the hub's country whose
    destination node is the hub or unnamed; each with its itemised cost, ETA window and the
    landed cost per unit of the plan's goods, cheapest, fastest and best value marked (see
    `logistics.services.quotes.quote_lanes`). When a product has no unit cost the landed
    cost is left out with a warning. A plan without cartons raises InvalidInput.
    """
    cartons, items = plan_cargo(seller=seller, plan=plan)
    if not cartons:
        raise InvalidInput(
            fields={"cartons": [_("The plan has no cartons: freight is priced on cartons' weight and size.")]}
        )
    products = Product.objects.for_seller(seller).in_bulk([item["product_id"] for item in items])
    unvalued = sorted(p.sku for p in products.values() if p.unit_cost is None)
    quote = quote_lanes(
        seller=seller,
        origin_country=origin_country,
        destination_country=plan.node.country,
        destination_code=plan.node.code,
        cartons=cartons,
        # The landed cost needs every product's value; without one, freight is still compared.
        items=[] if unvalued else items,
        ready_on=ready_on,
        value_per_day=value_per_day,
    )
    if unvalued:
        quote.warnings.append(
            _("No landed cost per unit: these products have no unit cost: %(skus)s.")
            % {"skus": ", ".join(unvalued)}
        )
    return quote


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
    cartons, items = plan_cargo(seller=seller, plan=plan)
    shipment = create_shipment(
        seller=seller,
        purpose=Shipment.Purpose.INBOUND,
        source_reference=plan.reference,
        origin_country=DEFAULT_ORIGIN_COUNTRY,
        destination_country=plan.node.country,
        destination_code=plan.node.code,
        destination_address=plan.node.name,
        notes=plan.notes,
        cartons=[{**carton, "marks": plan.reference} for carton in cartons],
        items=items,
        actor=actor,
    )
    return shipment, True
