"""Reads of shipments: the list, one shipment, and its shipping documents."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, IntegerField, OuterRef, Prefetch, Subquery, Sum
from django.db.models.functions import Coalesce

from logistics.models import Shipment, ShipmentCarton, ShipmentItem


def shipments_for_list(*, seller):
    """The seller's shipments with their lane, carton count and units, in one query."""
    cartons = (
        ShipmentCarton.objects.for_seller(seller)
        .filter(shipment=OuterRef("pk"))
        .order_by()
        .values("shipment")
        .annotate(n=Count("pk"))
        .values("n")
    )
    units = (
        ShipmentItem.objects.for_seller(seller)
        .filter(shipment=OuterRef("pk"))
        .order_by()
        .values("shipment")
        .annotate(n=Sum("quantity"))
        .values("n")
    )
    return (
        Shipment.objects.for_seller(seller)
        .select_related("lane__program")
        .annotate(
            carton_count=Coalesce(Subquery(cartons, output_field=IntegerField()), 0),
            unit_count=Coalesce(Subquery(units, output_field=IntegerField()), 0),
        )
    )


def access_shipment(*, seller, pk) -> Shipment:
    """The seller's shipment with its cartons and items; Shipment.DoesNotExist for any other."""
    return (
        Shipment.objects.for_seller(seller)
        .select_related("lane__program")
        .prefetch_related(
            Prefetch("cartons", queryset=ShipmentCarton.objects.for_seller(seller)),
            Prefetch(
                "items",
                queryset=ShipmentItem.objects.for_seller(seller).select_related("product", "carton"),
            ),
        )
        .get(pk=pk)
    )


@dataclass
class ShippingDocument:
    """What the commercial invoice and the packing list print."""

    shipment: Shipment
    items: list[ShipmentItem]
    cartons: list[ShipmentCarton]
    unassigned_items: list[ShipmentItem]
    total_units: int
    total_value: Decimal
    gross_weight_kg: Decimal
    volume_cbm: Decimal
    missing_values: list[str]


def shipping_document(*, shipment: Shipment) -> ShippingDocument:
    """Totals and per-carton contents of a shipment fetched by `access_shipment` (no queries)."""
    items = list(shipment.items.all())
    cartons = list(shipment.cartons.all())
    by_carton: dict[int, list[ShipmentItem]] = {}
    for item in items:
        if item.carton_id is not None:
            by_carton.setdefault(item.carton_id, []).append(item)
    for carton in cartons:
        carton.contents = by_carton.get(carton.pk, [])
    for item in items:
        item.line_value = item.unit_value * item.quantity if item.unit_value is not None else None
    return ShippingDocument(
        shipment=shipment,
        items=items,
        cartons=cartons,
        unassigned_items=[i for i in items if i.carton_id is None],
        total_units=sum(i.quantity for i in items),
        total_value=sum((i.line_value for i in items if i.line_value is not None), Decimal("0")),
        gross_weight_kg=Decimal(sum(c.weight_g for c in cartons)) / 1000,
        volume_cbm=(Decimal(sum(c.length_mm * c.width_mm * c.height_mm for c in cartons)) / 10**9).quantize(
            Decimal("0.001")
        ),
        missing_values=[i.product.sku for i in items if i.unit_value is None],
    )
