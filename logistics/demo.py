"""Demo shipments of the demo sellers of `manage.py seed_demo`: two transfers from the hub, one by hand.

Destination codes are the inventory app's node codes, so a delivery receives its units there.
"""

from __future__ import annotations

from django.db import transaction

from listings.demo import create_demo_products
from listings.models import Product
from logistics.models import Lane, Shipment
from logistics.services.shipments import book_shipment, create_shipment

CARTON = {"weight_g": 14_500, "length_mm": 600, "width_mm": 400, "height_mm": 450}
SMALL_CARTON = {"weight_g": 6_200, "length_mm": 450, "width_mm": 350, "height_mm": 300}


def _demo_specs(products: list[Product]) -> list[dict]:
    first, second = products[0], products[min(1, len(products) - 1)]
    return [
        {
            "reference": "DEMO-TR-001",
            "purpose": Shipment.Purpose.TRANSFER,
            "source_reference": "transfer:demo-1",
            "lane": "agl-cn-us-ocean",
            "destination_code": "AWD-US",
            "cartons": [CARTON] * 12,
            "items": [
                {"product_id": first.pk, "quantity": 240, "carton": 1},
                {"product_id": second.pk, "quantity": 120, "carton": 2},
            ],
            "container_numbers": ["CSQU3054383"],
            "booking_number": "AGL-BK-100238",
            "book": True,
        },
        {
            "reference": "DEMO-TR-002",
            "purpose": Shipment.Purpose.TRANSFER,
            "source_reference": "transfer:demo-2",
            "lane": "agl-cn-de-ocean",
            "destination_code": "FC-DE",
            "cartons": [CARTON] * 4,
            "items": [{"product_id": first.pk, "quantity": 80}],
            "book": False,
        },
        {
            "reference": "DEMO-MAN-003",
            "purpose": Shipment.Purpose.MANUAL,
            "lane": "send-cn-ae-express",
            "destination_code": "FC-AE",
            "cartons": [SMALL_CARTON] * 2,
            "items": [{"product_id": second.pk, "quantity": 24}],
            "tracking_number": "SEND7781203456",
            "book": True,
        },
    ]


@transaction.atomic
def create_demo_shipments(*, seller) -> list[Shipment]:
    """Add the demo shipments the seller lacks; returns those created (idempotent by reference)."""
    create_demo_products(seller=seller)  # the shipments carry them, whichever receiver runs first
    products = list(Product.objects.for_seller(seller).order_by("sku")[:2])
    if not products:
        return []
    specs = _demo_specs(products)
    existing = set(
        Shipment.objects.for_seller(seller)
        .filter(reference__in=[s["reference"] for s in specs])
        .values_list("reference", flat=True)
    )
    lanes = Lane.objects.in_bulk([s["lane"] for s in specs], field_name="code")
    created = []
    for spec in specs:
        if spec["reference"] in existing or spec["lane"] not in lanes:
            continue
        spec = dict(spec)
        book = spec.pop("book")
        spec["lane"] = lanes[spec["lane"]]
        shipment = create_shipment(seller=seller, currency="CNY", **spec)
        if book:
            shipment = book_shipment(seller=seller, shipment=shipment)
        created.append(shipment)
    return created
