"""Shipment services: created from a plan or by hand, booked, cancelled, references kept searchable."""

from decimal import Decimal

import pytest
from django.db import transaction

from logistics.demo import create_demo_shipments
from logistics.models import BookingStatus, Lane, Shipment, ShipmentCarton, ShipmentItem, ShipmentReference
from logistics.selectors.shipments import access_shipment, shipping_document
from logistics.services.shipments import (
    book_shipment,
    cancel_shipment,
    container_check_digit_ok,
    create_shipment,
    set_references,
)
from logistics.tests.factories import ProductFactory
from portal.exceptions import Conflict, InvalidInput
from portal.tenancy import seller_scope
from portal.tests.factories import SellerFactory

CARTON = {"weight_g": 12_000, "length_mm": 600, "width_mm": 400, "height_mm": 400}


@pytest.fixture
def lane(db):
    return Lane.objects.get(code="agl-cn-us-ocean")


def test_a_transfer_shipment_carries_its_plan_items_and_cartons(seller, lane):
    lamp = ProductFactory(seller=seller, unit_cost=Decimal("12.50"), unit_cost_currency="USD")
    shipment = create_shipment(
        seller=seller,
        purpose="transfer",
        source_reference="transfer:42",
        lane=lane,
        destination_code="AWD-US",
        cartons=[CARTON, CARTON],
        items=[{"product_id": lamp.pk, "quantity": 30, "carton": 2}],
    )
    assert shipment.reference.startswith("SHP-")
    assert (shipment.origin_country, shipment.destination_country) == ("CN", "US")
    assert shipment.booking_status == BookingStatus.DRAFT
    [item] = ShipmentItem.objects.for_seller(seller).filter(shipment=shipment)
    assert (item.product_id, item.quantity, item.carton.number) == (lamp.pk, 30, 2)
    assert item.unit_value == Decimal("12.50")  # the product's cost, already in the invoice currency
    assert item.hs_code == lamp.hs_code
    # The contract of logistics.signals.shipment_delivered: items with product_id and quantity.
    with seller_scope(seller):
        assert [(i.product_id, i.quantity) for i in shipment.items.all()] == [(lamp.pk, 30)]


def test_an_inbound_or_transfer_shipment_needs_its_plan_and_items(seller, lane):
    with pytest.raises(InvalidInput) as caught:
        create_shipment(seller=seller, purpose="inbound", lane=lane, cartons=[CARTON])
    # The lane delivers to no single node, so the shipment must name the receiving node.
    assert set(caught.value.fields) == {"source_reference", "items", "destination_code"}
    assert not Shipment.objects.for_seller(seller).exists()


def test_a_bad_carton_or_item_creates_nothing(seller, lane):
    lamp = ProductFactory(seller=seller)
    with pytest.raises(InvalidInput) as caught:
        create_shipment(
            seller=seller,
            lane=lane,
            cartons=[CARTON, {**CARTON, "width_mm": 0}],
            items=[{"product_id": lamp.pk, "quantity": 1, "carton": 3}],
        )
    assert "cartons.1.width_mm" in caught.value.fields
    assert not Shipment.objects.for_seller(seller).exists()
    assert not ShipmentCarton.objects.for_seller(seller).exists()


def test_iso_6346_check_digits():
    assert container_check_digit_ok("CSQU3054383")
    assert not container_check_digit_ok("CSQU3054384")


def test_references_are_kept_searchable(seller, lane):
    shipment = create_shipment(seller=seller, lane=lane, cartons=[CARTON])
    set_references(
        seller=seller, shipment=shipment, container_numbers=["csqu 305438 3"], tracking_number="1Z999"
    )
    values = set(
        ShipmentReference.objects.for_seller(seller).filter(shipment=shipment).values_list("kind", "value")
    )
    assert values == {("container", "CSQU3054383"), ("tracking", "1Z999")}
    set_references(seller=seller, shipment=shipment, tracking_number="")
    assert not ShipmentReference.objects.for_seller(seller).filter(kind="tracking").exists()


def test_booking_twice_or_after_cancelling_is_refused(seller, lane):
    shipment = create_shipment(seller=seller, lane=lane, cartons=[CARTON])
    book_shipment(seller=seller, shipment=shipment, booking_number="BK-1")
    with pytest.raises(Conflict):
        book_shipment(seller=seller, shipment=shipment)
    cancel_shipment(seller=seller, shipment=shipment)
    with pytest.raises(Conflict):
        cancel_shipment(seller=seller, shipment=shipment)
    shipment.refresh_from_db()
    assert shipment.booking_status == BookingStatus.CANCELLED
    assert shipment.booking_number == "BK-1"


def test_another_seller_cannot_book_or_cancel_my_shipment(seller, other_seller, lane):
    shipment = create_shipment(seller=seller, lane=lane, cartons=[CARTON])
    with pytest.raises(Shipment.DoesNotExist):
        book_shipment(seller=other_seller, shipment=shipment)
    with pytest.raises(Shipment.DoesNotExist):
        cancel_shipment(seller=other_seller, shipment=shipment)
    with pytest.raises(Shipment.DoesNotExist):
        access_shipment(seller=other_seller, pk=shipment.pk)


def test_the_same_reference_may_be_used_by_two_sellers_but_not_twice_by_one(seller, other_seller, lane):
    create_shipment(seller=seller, lane=lane, reference="PO-1")
    create_shipment(seller=other_seller, lane=lane, reference="PO-1")
    with pytest.raises(Conflict), transaction.atomic():
        create_shipment(seller=seller, lane=lane, reference="PO-1")
    assert Shipment.objects.for_seller(seller).count() == 1


def test_the_packing_list_totals_and_carton_contents(seller, lane, django_assert_num_queries):
    lamp = ProductFactory(seller=seller, unit_cost=Decimal("10.00"), unit_cost_currency="USD")
    pot = ProductFactory(seller=seller, unit_cost=None)
    shipment = create_shipment(
        seller=seller,
        lane=lane,
        cartons=[CARTON, {**CARTON, "weight_g": 8_000}],
        items=[{"product_id": lamp.pk, "quantity": 10, "carton": 1}, {"product_id": pot.pk, "quantity": 5}],
    )
    with django_assert_num_queries(3):  # shipment + lane + program, cartons, items with products
        doc = shipping_document(shipment=access_shipment(seller=seller, pk=shipment.pk))
    assert doc.total_units == 15
    assert doc.total_value == Decimal("100.00")
    assert doc.gross_weight_kg == Decimal("20")
    assert doc.volume_cbm == Decimal("0.192")
    assert [len(c.contents) for c in doc.cartons] == [1, 0]
    assert [i.product_id for i in doc.unassigned_items] == [pot.pk]
    assert doc.missing_values == [pot.sku]


@pytest.mark.django_db
def test_demo_shipments_are_added_once():
    seller = SellerFactory(slug="shenzhen-bright-home", name="Shenzhen Bright Home")
    first = create_demo_shipments(seller=seller)
    again = create_demo_shipments(seller=seller)
    assert [s.reference for s in first] == ["DEMO-TR-001", "DEMO-TR-002", "DEMO-MAN-003", "DEMO-TR-004"]
    assert again == []
    shipments = Shipment.objects.for_seller(seller)
    assert shipments.count() == 4
    assert shipments.get(reference="DEMO-TR-001").booking_status == BookingStatus.BOOKED
    assert ShipmentReference.objects.for_seller(seller).filter(value="CSQU3054383").exists()


def test_booking_and_cancelling_tell_the_apps_above_once_after_commit(
    seller, lane, django_capture_on_commit_callbacks
):
    from logistics.signals import shipment_booked, shipment_cancelled

    heard = []

    def listen(sender, shipment, **kwargs):
        heard.append((kwargs["signal"], shipment.pk))

    shipment_booked.connect(listen, dispatch_uid="test-booked")
    shipment_cancelled.connect(listen, dispatch_uid="test-cancelled")
    try:
        shipment = create_shipment(seller=seller, lane=lane, cartons=[CARTON])
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            book_shipment(seller=seller, shipment=shipment)
        assert heard == []  # nothing before the booking commits
        for callback in callbacks:
            callback()
        assert heard == [(shipment_booked, shipment.pk)]
        with pytest.raises(Conflict), django_capture_on_commit_callbacks(execute=True):
            book_shipment(seller=seller, shipment=shipment)
        with django_capture_on_commit_callbacks(execute=True):
            cancel_shipment(seller=seller, shipment=shipment)
        with pytest.raises(Conflict), django_capture_on_commit_callbacks(execute=True):
            cancel_shipment(seller=seller, shipment=shipment)
        assert heard == [(shipment_booked, shipment.pk), (shipment_cancelled, shipment.pk)]
    finally:
        shipment_booked.disconnect(dispatch_uid="test-booked")
        shipment_cancelled.disconnect(dispatch_uid="test-cancelled")
