"""Transfers between nodes: created against available stock, dispatched once, received once."""

import datetime
from datetime import UTC

import pytest

from inventory.exceptions import InsufficientStock
from inventory.models import StockBalance, StockMovement, Transfer, TransferLine
from inventory.services import ledger
from inventory.services.reconciliation import find_mismatches
from inventory.services.transfers import cancel_transfer, create_transfer, dispatch_transfer
from inventory.tests.factories import ProductFactory, node
from logistics.adapters.base import RawEvent, ReferenceType
from logistics.models import Shipment, ShipmentItem, TrackingStatus
from logistics.services.shipments import set_references
from logistics.services.tracking import record_tracking_events
from portal.exceptions import Conflict, InvalidInput

TRACKING = "1Z999AA10123456785"


def stock(seller, product, code):
    row = StockBalance.objects.for_seller(seller).filter(product=product, node=node(code)).first()
    return (row.on_hand, row.in_transit) if row else (0, 0)


@pytest.fixture
def products(seller):
    lamp, fan = ProductFactory(seller=seller, sku="LAMP"), ProductFactory(seller=seller, sku="FAN")
    for product, quantity in ((lamp, 100), (fan, 30)):
        ledger.receive(
            seller, product, node("GWD-SZX"), quantity, cause_type="inbound", cause_key=f"seed:{product.pk}"
        )
    return lamp, fan


@pytest.fixture
def transfer(seller, products, owner):
    lamp, fan = products
    return create_transfer(
        seller=seller,
        reference="TRF-US-1",
        from_node="GWD-SZX",
        to_node=node("FC-US"),
        lines=[{"product": lamp, "quantity": 60}, {"product": fan.pk, "quantity": "10"}],
        created_by=owner,
    )


def event(status, event_id, hours_ago):
    return RawEvent(
        carrier_code="UPS",
        raw_code="",
        status=status,
        event_time=datetime.datetime.now(tz=UTC) - datetime.timedelta(hours=hours_ago),
        references=((ReferenceType.TRACKING_NUMBER, TRACKING),),
        external_id=event_id,
        location="Ontario, CA",
    )


def test_a_draft_moves_nothing_and_records_its_lines(seller, products, transfer, owner):
    lamp, fan = products
    assert (transfer.status, transfer.reason, transfer.created_by) == ("draft", "manual", owner)
    lines = TransferLine.objects.for_seller(seller).filter(transfer=transfer)
    assert sorted((line.product_id, line.quantity) for line in lines) == sorted([(lamp.pk, 60), (fan.pk, 10)])
    assert stock(seller, lamp, "GWD-SZX") == (100, 0)
    assert not StockMovement.objects.for_seller(seller).filter(cause_type="transfer").exists()


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"from_node": "GWD-XXX"}, "from_node", "known"),
        ({"to_node": ""}, "to_node", "known"),
        ({"to_node": "GWD-SZX"}, "to_node", "different"),
        ({"lines": [{"quantity": 0}]}, "lines", "1 or more"),
        ({"lines": [{"quantity": -4}]}, "lines", "1 or more"),
        ({"lines": [{"quantity": 101}]}, "lines", "only 100 units of LAMP are available at GWD-SZX"),
        ({"lines": []}, "lines", "At least one line"),
    ],
)
def test_bad_transfers_are_refused_by_field(seller, products, change, field, words):
    lamp, _fan = products
    values = {"from_node": "GWD-SZX", "to_node": "FC-US", "lines": [{"product": lamp, "quantity": 5}]}
    if "lines" in change:
        change = {"lines": [{"product": lamp, **line} for line in change["lines"]]}
    values.update(change)
    with pytest.raises(InvalidInput) as error:
        create_transfer(seller=seller, **values)
    assert words in " ".join(error.value.fields[field])
    assert not Transfer.objects.for_seller(seller).exists()


def test_another_sellers_product_is_not_found(seller, other_seller, products):
    theirs = ProductFactory(seller=other_seller, sku="THEIRS")
    with pytest.raises(InvalidInput) as error:
        create_transfer(
            seller=seller, from_node="GWD-SZX", to_node="FC-US", lines=[{"product": theirs.pk, "quantity": 1}]
        )
    assert "no such product" in error.value.fields["lines"][0]


def test_a_reference_is_unique_per_seller(seller, other_seller, products, transfer):
    lamp, _fan = products
    with pytest.raises(InvalidInput) as error:
        create_transfer(
            seller=seller,
            reference="TRF-US-1",
            from_node="GWD-SZX",
            to_node="FC-US",
            lines=[{"product": lamp, "quantity": 1}],
        )
    assert "already" in error.value.fields["reference"][0]
    generated = create_transfer(
        seller=seller, from_node="GWD-SZX", to_node="FC-UK", lines=[{"product": lamp, "quantity": 1}]
    )
    assert generated.reference.startswith("TRF-")


def test_dispatch_books_the_freight_and_moves_the_units_once(seller, products, transfer, owner):
    lamp, fan = products
    dispatched = dispatch_transfer(
        seller=seller,
        transfer=transfer,
        cartons=[{"weight_g": 12000, "length_mm": 600, "width_mm": 400, "height_mm": 400}],
        actor=owner,
    )
    assert dispatched.status == "in_transit"
    assert dispatched.dispatched_at is not None
    shipment = dispatched.shipment
    assert (shipment.purpose, shipment.source_reference, shipment.destination_code) == (
        "transfer",
        "TRF-US-1",
        "FC-US",
    )
    assert (shipment.origin_country, shipment.destination_country) == ("CN", "US")
    items = ShipmentItem.objects.for_seller(seller).filter(shipment=shipment)
    assert sorted((i.product_id, i.quantity) for i in items) == sorted([(lamp.pk, 60), (fan.pk, 10)])
    assert stock(seller, lamp, "GWD-SZX") == (40, 0)
    assert stock(seller, lamp, "FC-US") == (0, 60)
    assert stock(seller, fan, "FC-US") == (0, 10)
    again = dispatch_transfer(seller=seller, transfer=transfer, actor=owner)
    assert again.shipment_id == shipment.pk
    assert Shipment.objects.for_seller(seller).filter(purpose="transfer").count() == 1
    assert stock(seller, lamp, "GWD-SZX") == (40, 0)
    assert StockMovement.objects.for_seller(seller).filter(kind="transfer_out").count() == 2


def test_dispatch_refuses_when_the_stock_went_elsewhere_and_changes_nothing(seller, products, transfer):
    lamp, _fan = products
    ledger.reserve(seller, lamp, node("GWD-SZX"), 50, cause_type="order", cause_key="order-1")
    with pytest.raises(InsufficientStock) as error:
        dispatch_transfer(seller=seller, transfer=transfer)
    assert error.value.available == 50
    transfer.refresh_from_db()
    assert transfer.status == "draft"
    assert transfer.shipment_id is None
    assert not Shipment.objects.for_seller(seller).exists()
    assert stock(seller, lamp, "GWD-SZX") == (100, 0)
    assert not StockMovement.objects.for_seller(seller).filter(cause_type="transfer").exists()


def test_cancel_only_before_dispatch(seller, products, transfer):
    cancelled = cancel_transfer(seller=seller, transfer=transfer)
    assert cancelled.status == "cancelled"
    with pytest.raises(Conflict):
        dispatch_transfer(seller=seller, transfer=transfer)
    _lamp, fan = products
    other = create_transfer(
        seller=seller, from_node="GWD-SZX", to_node="FC-DE", lines=[{"product": fan, "quantity": 3}]
    )
    dispatch_transfer(seller=seller, transfer=other)
    with pytest.raises(Conflict):
        cancel_transfer(seller=seller, transfer=other)
    other.refresh_from_db()
    assert other.status == "in_transit"


def test_delivery_twice_and_out_of_order_receives_the_transfer_once(
    seller, products, transfer, django_capture_on_commit_callbacks
):
    lamp, fan = products
    transfer = dispatch_transfer(seller=seller, transfer=transfer)
    set_references(seller=seller, shipment=transfer.shipment, tracking_number=TRACKING)
    with django_capture_on_commit_callbacks(execute=True):
        # Delivered first, an older in-transit scan arrives after it, then delivered again.
        record_tracking_events(
            seller=seller, events=[event(TrackingStatus.DELIVERED, "pod-1", 1)], source="api"
        )
    with django_capture_on_commit_callbacks(execute=True):
        record_tracking_events(
            seller=seller, events=[event(TrackingStatus.IN_TRANSIT, "scan-1", 30)], source="api"
        )
        record_tracking_events(
            seller=seller, events=[event(TrackingStatus.DELIVERED, "pod-2", 0.5)], source="api"
        )
        record_tracking_events(
            seller=seller, events=[event(TrackingStatus.DELIVERED, "pod-1", 1)], source="api"
        )
    assert stock(seller, lamp, "FC-US") == (60, 0)
    assert stock(seller, fan, "FC-US") == (10, 0)
    assert stock(seller, lamp, "GWD-SZX") == (40, 0)
    assert StockMovement.objects.for_seller(seller).filter(kind="transfer_in").count() == 2
    transfer.refresh_from_db()
    assert transfer.status == "received"
    assert transfer.received_at is not None
    received = dict(
        TransferLine.objects.for_seller(seller)
        .filter(transfer=transfer)
        .values_list("product_id", "quantity_received")
    )
    assert received == {lamp.pk: 60, fan.pk: 10}
    assert find_mismatches() == []


def test_a_hand_made_shipment_naming_the_transfer_receives_nothing(
    seller, products, transfer, django_capture_on_commit_callbacks
):
    from logistics.services.shipments import create_shipment
    from logistics.signals import shipment_delivered

    lamp, _fan = products
    dispatch_transfer(seller=seller, transfer=transfer)
    stray = create_shipment(
        seller=seller,
        purpose="transfer",
        source_reference="TRF-US-1",
        origin_country="CN",
        destination_country="US",
        destination_code="FC-US",
        items=[{"product_id": lamp.pk, "quantity": 60}],
    )
    shipment_delivered.send(sender=Shipment, shipment=stray)
    assert stock(seller, lamp, "FC-US") == (0, 60)
    transfer.refresh_from_db()
    assert transfer.status == "in_transit"
