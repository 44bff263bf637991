"""Orders, transfers and shipments tell the seller's webhook endpoints what happened, once."""

from __future__ import annotations

import datetime
from datetime import UTC

import pytest

from inventory.services import ledger
from inventory.services.orders import OrderInput, OrderLineInput, cancel_order, receive_channel_order
from inventory.services.transfers import create_transfer, dispatch_transfer
from inventory.tests.factories import ProductFactory, node
from inventory.tests.order_factories import ChannelConnectionFactory
from logistics.adapters.base import RawEvent, ReferenceType
from logistics.models import TrackingStatus
from logistics.services.shipments import set_references
from logistics.services.tracking import record_tracking_events
from portal.models import WebhookDelivery
from portal.services.webhooks import create_endpoint

TRACKING = "1Z999AA10123456785"


@pytest.fixture
def endpoint(seller):
    endpoint, _secret = create_endpoint(
        seller=seller,
        url="https://93.184.216.34/hooks",
        events=["order.created", "order.cancelled", "transfer.received", "shipment.status_changed"],
    )
    return endpoint


def sent(seller, event_type):
    return [
        d.payload["data"]
        for d in WebhookDelivery.objects.for_seller(seller).filter(event_type=event_type).order_by("pk")
    ]


def test_an_order_received_and_cancelled_sends_one_event_each(seller, endpoint):
    lamp = ProductFactory(seller=seller, sku="BH-LAMP-01")
    ledger.receive(seller, lamp, node("FC-US"), 5, cause_type="inbound", cause_ref="INB-1")
    shop = ChannelConnectionFactory(seller=seller, name="Shop", channel="shopify")
    data = OrderInput(
        external_id="5001", ship_to_country="US", lines=[OrderLineInput(sku="BH-LAMP-01", quantity=2)]
    )
    order, _created = receive_channel_order(seller=seller, connection=shop, data=data)
    receive_channel_order(seller=seller, connection=shop, data=data)  # a repeat: no second event
    cancel_order(seller=seller, order=order)
    cancel_order(seller=seller, order=order)  # already cancelled: no second event

    [created] = sent(seller, "order.created")
    assert created["order"]["id"] == order.pk
    assert created["order"]["status"] == "reserved"
    assert created["order"]["lines"] == [
        {
            "line_number": 1,
            "channel_sku": "BH-LAMP-01",
            "sku": "BH-LAMP-01",
            "quantity": 2,
            "quantity_reserved": 2,
            "unit_price": None,
        }
    ]
    [cancelled] = sent(seller, "order.cancelled")
    assert cancelled["order"]["status"] == "cancelled"
    assert cancelled["order"]["cancelled_at"] is not None


def test_a_seller_without_endpoints_gets_no_deliveries(seller, other_seller, endpoint):
    lamp = ProductFactory(seller=other_seller, sku="X-1")
    shop = ChannelConnectionFactory(seller=other_seller, name="Shop", channel="ebay", shop_domain="")
    ledger.receive(other_seller, lamp, node("FC-US"), 5, cause_type="inbound", cause_ref="INB-1")
    data = OrderInput(external_id="1", ship_to_country="US", lines=[OrderLineInput(sku="X-1", quantity=1)])
    receive_channel_order(seller=other_seller, connection=shop, data=data)
    assert WebhookDelivery.objects.for_seller(other_seller).count() == 0
    assert WebhookDelivery.objects.for_seller(seller).count() == 0


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


def test_tracking_moves_send_status_changes_and_delivery_receives_the_transfer(
    seller, owner, endpoint, django_capture_on_commit_callbacks
):
    lamp = ProductFactory(seller=seller, sku="LAMP")
    ledger.receive(seller, lamp, node("GWD-SZX"), 100, cause_type="inbound", cause_key="seed")
    transfer = create_transfer(
        seller=seller,
        reference="TRF-US-1",
        from_node="GWD-SZX",
        to_node=node("FC-US"),
        lines=[{"product": lamp, "quantity": 60}],
        created_by=owner,
    )
    transfer = dispatch_transfer(seller=seller, transfer=transfer)
    set_references(seller=seller, shipment=transfer.shipment, tracking_number=TRACKING)
    with django_capture_on_commit_callbacks(execute=True):
        record_tracking_events(
            seller=seller, events=[event(TrackingStatus.IN_TRANSIT, "s1", 5)], source="api"
        )
        record_tracking_events(
            seller=seller, events=[event(TrackingStatus.IN_TRANSIT, "s1", 5)], source="api"
        )
        record_tracking_events(
            seller=seller, events=[event(TrackingStatus.DELIVERED, "pod", 1)], source="api"
        )

    moves = [
        (e["shipment"]["previous_status"], e["shipment"]["status"])
        for e in sent(seller, "shipment.status_changed")
    ]
    assert moves == [("pending", "in_transit"), ("in_transit", "delivered")]
    assert sent(seller, "shipment.status_changed")[0]["shipment"]["tracking_number"] == TRACKING
    [received] = sent(seller, "transfer.received")
    assert received["transfer"]["reference"] == "TRF-US-1"
    assert received["transfer"]["to_node"] == "FC-US"
    assert received["transfer"]["lines"] == [{"sku": "LAMP", "quantity": 60, "quantity_received": 60}]
