"""Inbound to the GWD: plans, the warehouse's count by API, discrepancies, units into the pool."""

import datetime

import pytest
from rest_framework.test import APIClient

from inventory.models import InboundCarton, InboundShipment, StockBalance, StockMovement
from inventory.services.inbound import close_inbound, create_inbound_shipment, receive_inbound
from inventory.tests.factories import ProductFactory, node
from portal.exceptions import Conflict, InvalidInput
from portal.services.api_keys import create_api_key


def api(seller, scopes):
    _, raw = create_api_key(seller=seller, name="warehouse partner", scopes=scopes)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    return client


@pytest.fixture
def products(seller):
    return ProductFactory(seller=seller, sku="LAMP"), ProductFactory(seller=seller, sku="FAN")


@pytest.fixture
def plan(seller, products):
    lamp, fan = products
    return create_inbound_shipment(
        seller=seller,
        reference="INB-001",
        node=node("GWD-SZX"),
        expected_date=datetime.date(2025, 5, 1),
        lines=[{"product": lamp, "quantity": 100}, {"product": fan.pk, "quantity": 40}],
        cartons=[{"count": 5, "length_mm": 600, "width_mm": 400, "height_mm": 400, "weight_g": 15000}],
    )


def balance(seller, product):
    return StockBalance.objects.for_seller(seller).get(product=product, node__code="GWD-SZX")


def test_a_plan_announces_its_units_as_inbound(seller, products, plan):
    lamp, fan = products
    assert (balance(seller, lamp).inbound, balance(seller, fan).inbound) == (100, 40)
    assert InboundCarton.objects.for_seller(seller).get(shipment=plan).count == 5


def test_bad_plans_name_each_field_and_save_nothing(seller, other_seller, products):
    theirs = ProductFactory(seller=other_seller)
    with pytest.raises(InvalidInput) as refused:
        create_inbound_shipment(
            seller=seller,
            reference="",
            node=node("FC-US"),
            expected_date=datetime.date(2025, 5, 1),
            lines=[{"product": theirs.pk, "quantity": 3}, {"product": products[0].pk, "quantity": 0}],
            cartons=[{"count": 1, "length_mm": 0, "width_mm": 1, "height_mm": 1, "weight_g": 1}],
        )
    assert set(refused.value.fields) == {"reference", "node", "lines", "cartons"}
    assert refused.value.fields["lines"] == [
        "Line 1: no such product.",
        "Line 2: quantity must be a whole number, 1 or more.",
    ]
    assert not InboundShipment.objects.for_seller(seller).exists()
    assert not StockMovement.objects.for_seller(seller).exists()


def test_partner_receives_by_api_with_short_over_and_damaged(seller, products, plan):
    lamp, fan = products
    client = api(seller, ["inventory:read", "inventory:write"])
    body = {
        "reference": "WMS-77",
        "lines": [
            {"product": lamp.pk, "received": 96, "damaged": 2},
            {"product": fan.pk, "received": 42, "damaged": 0},
        ],
    }
    response = client.post(f"/api/v1/inbound-shipments/{plan.pk}/receive/", body, format="json")
    assert response.status_code == 200, response.content
    lines = {line["sku"]: line for line in response.json()["lines"]}
    assert (
        lines["LAMP"]["quantity_short"],
        lines["LAMP"]["quantity_damaged"],
        lines["LAMP"]["quantity_good"],
    ) == (
        4,
        2,
        94,
    )
    assert lines["FAN"]["quantity_over"] == 2
    assert response.json()["status"] == "partially_received"
    lamp_row, fan_row = balance(seller, lamp), balance(seller, fan)
    assert (lamp_row.on_hand, lamp_row.inbound) == (94, 4)
    assert (fan_row.on_hand, fan_row.inbound) == (42, 0)

    # The same count sent again (a retried call) is not applied twice.
    again = client.post(f"/api/v1/inbound-shipments/{plan.pk}/receive/", body, format="json")
    assert again.status_code == 200
    assert balance(seller, lamp).on_hand == 94

    close_inbound(seller=seller, shipment=plan)
    assert balance(seller, lamp).inbound == 0


def test_receipt_with_unknown_product_is_refused_and_changes_nothing(seller, other_seller, products, plan):
    client = api(seller, ["inventory:write"])
    stray = ProductFactory(seller=seller, sku="NOT-ON-PLAN")
    body = {"lines": [{"product": products[0].pk, "received": 5}, {"product": stray.pk, "received": 1}]}
    response = client.post(f"/api/v1/inbound-shipments/{plan.pk}/receive/", body, format="json")
    assert response.status_code == 400
    assert response.json()["fields"] == {"lines": ["Line 2: the product is not on this inbound plan."]}
    assert balance(seller, products[0]).on_hand == 0
    bad = client.post(
        f"/api/v1/inbound-shipments/{plan.pk}/receive/",
        {"lines": [{"product": products[0].pk, "received": -1}]},
        format="json",
    )
    assert bad.status_code == 400


def test_receiving_needs_the_write_scope(seller, products, plan):
    client = api(seller, ["inventory:read"])
    response = client.post(
        f"/api/v1/inbound-shipments/{plan.pk}/receive/",
        {"lines": [{"product": products[0].pk, "received": 5}]},
        format="json",
    )
    assert response.status_code == 403
    assert balance(seller, products[0]).on_hand == 0


def test_another_sellers_shipment_answers_404(seller, other_seller, plan, products):
    client = api(other_seller, ["inventory:read", "inventory:write"])
    assert client.get(f"/api/v1/inbound-shipments/{plan.pk}/").status_code == 404
    response = client.post(
        f"/api/v1/inbound-shipments/{plan.pk}/receive/",
        {"lines": [{"product": products[0].pk, "received": 5}]},
        format="json",
    )
    assert response.status_code == 404
    assert balance(seller, products[0]).on_hand == 0


def test_a_closed_shipment_takes_no_more_counts(seller, products, plan):
    close_inbound(seller=seller, shipment=plan)
    with pytest.raises(Conflict):
        receive_inbound(
            seller=seller,
            shipment=plan,
            counts=[{"product": products[0].pk, "received": 1}],
            source="operator",
        )


def test_seller_creates_a_plan_by_api(seller, products):
    client = api(seller, ["inventory:write"])
    body = {
        "reference": "INB-API-1",
        "expected_date": "2025-06-01",
        "lines": [{"product": products[0].pk, "quantity": 12}],
        "cartons": [{"count": 1, "length_mm": 300, "width_mm": 300, "height_mm": 300, "weight_g": 5000}],
    }
    response = client.post("/api/v1/inbound-shipments/", body, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["node"] == "GWD-SZX"
    assert balance(seller, products[0]).inbound == 12
    duplicate = client.post("/api/v1/inbound-shipments/", body, format="json")
    assert duplicate.status_code == 400
    assert "reference" in duplicate.json()["fields"]


def test_a_retried_receipt_with_the_same_idempotency_key_is_answered_not_redone(seller, products, plan):
    client = api(seller, ["inventory:write"])
    body = {"lines": [{"product": products[0].pk, "received": 10}]}
    url = f"/api/v1/inbound-shipments/{plan.pk}/receive/"
    first = client.post(url, body, format="json", HTTP_IDEMPOTENCY_KEY="count-1")
    second = client.post(url, body, format="json", HTTP_IDEMPOTENCY_KEY="count-1")
    assert first.status_code == second.status_code == 200
    assert second.headers["Idempotent-Replayed"] == "true"
    assert balance(seller, products[0]).on_hand == 10
