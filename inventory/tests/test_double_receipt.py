"""A plan's units enter the pool once: by its freight delivery or by the warehouse count, not both."""

import datetime

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from inventory.models import InboundReceipt, InboundShipment, StockBalance
from inventory.services.freight import book_inbound_freight
from inventory.services.inbound import create_inbound_shipment, receive_inbound
from inventory.services.reconciliation import find_mismatches
from inventory.tests.factories import ProductFactory, node
from inventory.tests.test_inbound_freight import TRACKING, deliver
from logistics.models import ShipmentItem
from logistics.services.shipments import set_references
from logistics.signals import shipment_delivered
from portal.exceptions import Conflict
from portal.services.api_keys import create_api_key
from portal.tenancy import seller_scope


def partner(seller):
    _, raw = create_api_key(seller=seller, name="warehouse", scopes=["inventory:read", "inventory:write"])
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    return client


def gwd(seller, product):
    row = StockBalance.objects.for_seller(seller).get(product=product, node=node("GWD-SZX"))
    return row.on_hand, row.inbound


@pytest.fixture
def products(seller):
    return ProductFactory(seller=seller, sku="LAMP"), ProductFactory(seller=seller, sku="FAN")


@pytest.fixture
def plan(seller, products):
    lamp, fan = products
    return create_inbound_shipment(
        seller=seller,
        reference="INB-TWICE-1",
        node=node("GWD-SZX"),
        expected_date=datetime.date(2025, 5, 1),
        lines=[{"product": lamp, "quantity": 100}, {"product": fan, "quantity": 40}],
        cartons=[{"count": 2, "length_mm": 600, "width_mm": 400, "height_mm": 400, "weight_g": 15000}],
    )


@pytest.fixture
def freight(seller, plan):
    shipment, _created = book_inbound_freight(seller=seller, plan=plan)
    set_references(seller=seller, shipment=shipment, tracking_number=TRACKING)
    return shipment


def count_url(plan):
    return f"/api/v1/inbound-shipments/{plan.pk}/receive/"


def test_a_warehouse_count_after_delivery_is_refused_with_409(
    seller, plan, freight, products, django_capture_on_commit_callbacks
):
    lamp, fan = products
    with django_capture_on_commit_callbacks(execute=True):
        deliver(seller, freight)
    assert gwd(seller, lamp) == (100, 0)
    response = partner(seller).post(
        count_url(plan),
        {
            "reference": "WH-77",
            "lines": [{"product": lamp.pk, "received": 100}, {"product": fan.pk, "received": 40}],
        },
        format="json",
    )
    assert response.status_code == 409
    body = response.json()
    assert "received on delivery of its freight" in body["detail"]
    assert body["fields"]["lines"] == [
        "Line 1: LAMP was received when the freight was delivered.",
        "Line 2: FAN was received when the freight was delivered.",
    ]
    assert gwd(seller, lamp) == (100, 0)
    assert gwd(seller, fan) == (40, 0)
    assert list(InboundReceipt.objects.for_seller(seller).values_list("source", flat=True)) == ["delivery"]
    assert find_mismatches() == []


def test_a_partial_delivery_leaves_the_other_lines_to_the_count(seller, plan, freight, products):
    """The signal itself (as logistics sends it): the freight carried only the lamps."""
    lamp, fan = products
    ShipmentItem.objects.for_seller(seller).filter(shipment=freight, product=fan).delete()
    freight.delivered_at = datetime.datetime.now(tz=datetime.UTC)
    with seller_scope(seller):  # logistics sends it inside the seller's scope
        shipment_delivered.send(sender=type(freight), shipment=freight)
    plan.refresh_from_db()
    assert plan.status == InboundShipment.Status.PARTIALLY_RECEIVED
    with pytest.raises(Conflict) as refused:
        receive_inbound(
            seller=seller,
            shipment=plan,
            counts=[{"product": lamp.pk, "received": 100}, {"product": fan.pk, "received": 40}],
            source="operator",
        )
    assert refused.value.fields["lines"] == ["Line 1: LAMP was received when the freight was delivered."]
    assert gwd(seller, lamp) == (100, 0)
    receive_inbound(
        seller=seller, shipment=plan, counts=[{"product": fan.pk, "received": 40}], source="operator"
    )
    assert gwd(seller, fan) == (40, 0)
    plan.refresh_from_db()
    assert plan.status == InboundShipment.Status.RECEIVED
    assert find_mismatches() == []


def test_a_delivery_after_a_partial_count_adds_nothing_for_counted_lines(
    seller, plan, freight, products, django_capture_on_commit_callbacks
):
    lamp, fan = products
    receive_inbound(
        seller=seller, shipment=plan, counts=[{"product": lamp.pk, "received": 60}], source="partner"
    )
    with django_capture_on_commit_callbacks(execute=True):
        deliver(seller, freight)
    assert gwd(seller, lamp) == (60, 40)  # the count is what arrived; 40 still expected
    assert gwd(seller, fan) == (40, 0)  # received by the delivery
    delivery = InboundReceipt.objects.for_seller(seller).get(source="delivery")
    assert [line["sku"] for line in delivery.lines] == ["FAN"]
    assert find_mismatches() == []


def test_another_seller_cannot_count_my_plan(seller, other_seller, plan, products):
    lamp, _fan = products
    response = partner(other_seller).post(
        count_url(plan), {"lines": [{"product": lamp.pk, "received": 5}]}, format="json"
    )
    assert response.status_code == 404
    assert gwd(seller, lamp) == (0, 100)


def test_the_plan_page_explains_the_rule(owner_client, plan):
    page = owner_client.get(reverse("inventory:inbound_detail", args=[plan.pk])).content.decode()
    assert "Each line is received once" in page
