"""Demo shipments of the demo sellers of `manage.py seed_demo`: transfers from the hub, one by hand,
and their carriers' tracking events, so the timelines show a voyage under way, a delivery and a
customs hold (with its notice).

Destination codes are the inventory app's node codes, so a delivery receives its units there.
Events go through the tracking intake (`record_tracking_events`) like a carrier's, with fixed
event ids: another `seed_demo` sends them again and they are duplicates, changing nothing.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from listings.demo.catalogue import create_demo_products
from listings.models import Product
from logistics.adapters.base import RawEvent, ReferenceType
from logistics.models import EventSource, Lane, Shipment, TrackingStatus
from logistics.services.shipments import book_shipment, create_shipment
from logistics.services.tracking import record_tracking_events

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
        {
            "reference": "DEMO-TR-004",
            "purpose": Shipment.Purpose.TRANSFER,
            "source_reference": "transfer:demo-4",
            "lane": "agl-cn-gb-ocean",
            "destination_code": "FC-UK",
            "cartons": [CARTON] * 6,
            "items": [{"product_id": second.pk, "quantity": 90}],
            "transport_document_number": "AGLU240915377",
            "book": True,
        },
    ]


S = TrackingStatus
# (shipment reference, carrier, (reference type, value), [(event id, status, days ago, location,
# ETA in days from now or None, description)]): one voyage under way, one delivery, one customs hold.
DEMO_EVENTS = [
    (
        "DEMO-TR-001",
        "AGL",
        (ReferenceType.CONTAINER, "CSQU3054383"),
        [
            ("agl-demo-001-1", S.INFO_RECEIVED, 12, "Shenzhen, CN", 24, "Booking confirmed"),
            ("agl-demo-001-2", S.PICKED_UP, 11, "GWD Shenzhen, CN", 24, "Container loaded at the hub"),
            ("agl-demo-001-3", S.DEPARTED_ORIGIN, 9, "Yantian (CNYTN)", 23, "Vessel departed"),
            ("agl-demo-001-4", S.IN_TRANSIT, 4, "Pacific Ocean", 22, "At sea"),
        ],
    ),
    (
        "DEMO-MAN-003",
        "SEND",
        (ReferenceType.TRACKING_NUMBER, "SEND7781203456"),
        [
            ("send-demo-003-1", S.PICKED_UP, 6, "Shenzhen, CN", 2, "Picked up"),
            (
                "send-demo-003-2",
                S.DEPARTED_ORIGIN,
                5,
                "Shenzhen Bao'an airport (CNSZX)",
                2,
                "Flight departed",
            ),
            (
                "send-demo-003-3",
                S.ARRIVED_DESTINATION_PORT,
                4,
                "Dubai (AEDXB)",
                None,
                "Arrived at destination",
            ),
            ("send-demo-003-4", S.CUSTOMS_CLEARED, 3, "Dubai (AEDXB)", None, "Cleared by customs"),
            ("send-demo-003-5", S.OUT_FOR_DELIVERY, 2, "Dubai, AE", None, "Out for delivery"),
            ("send-demo-003-6", S.DELIVERED, 2, "FC-AE, Dubai", None, "Delivered, signed by the warehouse"),
        ],
    ),
    (
        "DEMO-TR-004",
        "AGL",
        (ReferenceType.TRANSPORT_DOCUMENT, "AGLU240915377"),
        [
            ("agl-demo-004-1", S.DEPARTED_ORIGIN, 44, "Yantian (CNYTN)", 0, "Vessel departed"),
            ("agl-demo-004-2", S.IN_TRANSIT, 25, "Suez Canal", 0, "In transit"),
            ("agl-demo-004-3", S.ARRIVED_DESTINATION_PORT, 3, "Felixstowe (GBFXT)", 2, "Discharged"),
            (
                "agl-demo-004-4",
                S.CUSTOMS_HOLD,
                2,
                "Felixstowe (GBFXT)",
                5,
                "Held by HMRC for a documentary check: commercial invoice requested",
            ),
        ],
    ),
]


def create_demo_tracking(*, seller) -> int:
    """Send the demo shipments' carrier events through the tracking intake; returns how many
    were new (0 when seeded before). Events of a shipment the seller lacks are skipped."""
    present = set(
        Shipment.objects.for_seller(seller)
        .filter(reference__in=[ref for ref, *_rest in DEMO_EVENTS])
        .values_list("reference", flat=True)
    )
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    events = []
    for shipment_ref, carrier, reference, steps in DEMO_EVENTS:
        if shipment_ref not in present:
            continue
        for event_id, status, days_ago, location, eta_days, description in steps:
            events.append(
                RawEvent(
                    carrier_code=carrier,
                    raw_code="",
                    status=status,
                    event_time=now - datetime.timedelta(days=days_ago),
                    references=(reference,),
                    external_id=event_id,
                    location=location,
                    eta=None if eta_days is None else now + datetime.timedelta(days=eta_days),
                    description=description,
                )
            )
    if not events:
        return 0
    outcome = record_tracking_events(seller=seller, events=events, source=EventSource.API)
    return outcome.count("accepted")


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
