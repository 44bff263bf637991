"""Booking freight for an inbound plan, and its delivery received into the pool once."""

import datetime
from datetime import UTC

import pytest
from django.urls import reverse

from inventory.models import InboundReceipt, InboundShipment, StockBalance, StockMovement
from inventory.services.freight import book_inbound_freight
from inventory.services.inbound import create_inbound_shipment, receive_inbound
from inventory.tests.factories import ProductFactory, node
from logistics.adapters.base import RawEvent, ReferenceType
from logistics.models import Shipment, ShipmentCarton, ShipmentItem, ShipmentReference, TrackingStatus
from logistics.services.shipments import set_references
from logistics.services.tracking import record_tracking_events

TRACKING = "1Z999AA10123456784"


@pytest.fixture
def products(seller):
    return ProductFactory(seller=seller, sku="LAMP"), ProductFactory(seller=seller, sku="FAN")


@pytest.fixture
def plan(seller, products):
    lamp, fan = products
    return create_inbound_shipment(
        seller=seller,
        reference="INB-FREIGHT-1",
        node=node("GWD-SZX"),
        expected_date=datetime.date(2025, 5, 1),
        lines=[{"product": lamp, "quantity": 100}, {"product": fan, "quantity": 40}],
        cartons=[
            {"count": 3, "length_mm": 600, "width_mm": 400, "height_mm": 400, "weight_g": 15000},
            {"count": 1, "length_mm": 500, "width_mm": 300, "height_mm": 300, "weight_g": 8000},
        ],
    )


def gwd(seller, product):
    row = StockBalance.objects.for_seller(seller).get(product=product, node=node("GWD-SZX"))
    return row.on_hand, row.inbound


def deliver(seller, shipment, event_id="pod-1", hours_ago=2):
    when = datetime.datetime.now(tz=UTC) - datetime.timedelta(hours=hours_ago)
    event = RawEvent(
        carrier_code="UPS",
        raw_code="",
        status=TrackingStatus.DELIVERED,
        event_time=when,
        references=((ReferenceType.TRACKING_NUMBER, TRACKING),),
        external_id=event_id,
        location="Shenzhen GWD",
    )
    return record_tracking_events(seller=seller, events=[event], source="api")


def test_booking_freight_carries_the_plans_items_and_cartons_to_its_hub(seller, plan, products):
    lamp, fan = products
    shipment, created = book_inbound_freight(seller=seller, plan=plan)
    assert created
    assert (shipment.purpose, shipment.source_reference) == ("inbound", "INB-FREIGHT-1")
    assert (shipment.destination_code, shipment.destination_country, shipment.origin_country) == (
        "GWD-SZX",
        "CN",
        "CN",
    )
    items = ShipmentItem.objects.for_seller(seller).filter(shipment=shipment)
    assert sorted((i.product_id, i.quantity) for i in items) == sorted([(lamp.pk, 100), (fan.pk, 40)])
    cartons = ShipmentCarton.objects.for_seller(seller).filter(shipment=shipment).order_by("number")
    assert [c.weight_g for c in cartons] == [15000, 15000, 15000, 8000]
    again, created_again = book_inbound_freight(seller=seller, plan=plan)
    assert (again.pk, created_again) == (shipment.pk, False)
    assert Shipment.objects.for_seller(seller).count() == 1


def test_delivery_of_the_freight_receives_the_plan_once(
    seller, plan, products, django_capture_on_commit_callbacks
):
    lamp, fan = products
    shipment, _created = book_inbound_freight(seller=seller, plan=plan)
    set_references(seller=seller, shipment=shipment, tracking_number=TRACKING)
    assert gwd(seller, lamp) == (0, 100)
    with django_capture_on_commit_callbacks(execute=True):
        deliver(seller, shipment)
    with django_capture_on_commit_callbacks(execute=True):
        # The carrier reports delivery again under another id, and replays the first.
        deliver(seller, shipment, event_id="pod-2", hours_ago=1)
        deliver(seller, shipment)
    assert gwd(seller, lamp) == (100, 0)
    assert gwd(seller, fan) == (40, 0)
    assert StockMovement.objects.for_seller(seller).filter(kind="receipt").count() == 2
    plan.refresh_from_db()
    assert plan.status == InboundShipment.Status.RECEIVED
    [receipt] = InboundReceipt.objects.for_seller(seller).filter(shipment=plan)
    assert (receipt.source, receipt.reference) == ("delivery", f"shipment:{shipment.pk}")


def test_a_plan_counted_by_the_warehouse_first_takes_nothing_more_on_delivery(
    seller, plan, products, django_capture_on_commit_callbacks
):
    lamp, fan = products
    shipment, _created = book_inbound_freight(seller=seller, plan=plan)
    set_references(seller=seller, shipment=shipment, tracking_number=TRACKING)
    receive_inbound(
        seller=seller,
        shipment=plan,
        counts=[{"product": lamp.pk, "received": 100}, {"product": fan.pk, "received": 40}],
        source="partner",
        reference="WH-1",
    )
    with django_capture_on_commit_callbacks(execute=True):
        deliver(seller, shipment)
    assert gwd(seller, lamp) == (100, 0)


def test_the_page_books_freight_for_writers(owner_client, seller, plan):
    page = owner_client.get(reverse("inventory:inbound_detail", args=[plan.pk])).content.decode()
    assert "Book freight" in page
    response = owner_client.post(reverse("inventory:inbound_book_freight", args=[plan.pk]))
    shipment = Shipment.objects.for_seller(seller).get()
    assert response.url == reverse("logistics:shipment_detail", args=[shipment.pk])
    page = owner_client.get(reverse("inventory:inbound_detail", args=[plan.pk])).content.decode()
    assert shipment.reference in page
    assert "Book freight" not in page


def test_viewers_cannot_book_freight(client, seller, plan, make_member):
    client.force_login(make_member(seller, "viewer"))
    assert (
        "Book freight" not in client.get(reverse("inventory:inbound_detail", args=[plan.pk])).content.decode()
    )
    assert client.post(reverse("inventory:inbound_book_freight", args=[plan.pk])).status_code == 403
    assert not Shipment.objects.for_seller(seller).exists()


def test_another_sellers_plan_cannot_be_booked(owner_client, seller, other_seller):
    theirs = create_inbound_shipment(
        seller=other_seller,
        reference="THEIRS-1",
        node=node("GWD-SZX"),
        expected_date=datetime.date(2025, 5, 1),
        lines=[{"product": ProductFactory(seller=other_seller), "quantity": 5}],
        cartons=[],
    )
    assert owner_client.post(reverse("inventory:inbound_book_freight", args=[theirs.pk])).status_code == 404
    assert not Shipment.objects.with_scopes_disabled().exists()


def test_a_received_plan_cannot_be_booked(owner_client, seller, plan, products):
    lamp, fan = products
    receive_inbound(
        seller=seller,
        shipment=plan,
        counts=[{"product": lamp.pk, "received": 100}, {"product": fan.pk, "received": 40}],
        source="partner",
    )
    response = owner_client.post(reverse("inventory:inbound_book_freight", args=[plan.pk]), follow=True)
    assert "nothing left to ship" in response.content.decode()
    assert not ShipmentReference.objects.for_seller(seller).exists()
    assert not Shipment.objects.for_seller(seller).exists()
