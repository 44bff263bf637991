"""Stock ages from the date the units were received, not the date the receipt was recorded."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from inventory.models import StockMovement
from inventory.selectors.pool import pool_row
from inventory.services import ledger
from inventory.services.inbound import create_inbound_shipment, receive_inbound
from inventory.tests.factories import ProductFactory, node
from inventory.tests.test_inbound import api
from portal.exceptions import InvalidInput


@pytest.fixture
def lamp(seller):
    return ProductFactory(seller=seller, sku="LAMP")


@pytest.fixture
def plan(seller, lamp):
    return create_inbound_shipment(
        seller=seller,
        reference="INB-AGE",
        node=node("GWD-SZX"),
        expected_date=datetime.date(2025, 5, 1),
        lines=[{"product": lamp, "quantity": 100}],
        cartons=[],
    )


def days_ago(days):
    return timezone.now() - datetime.timedelta(days=days)


def test_a_backdated_receipt_shows_as_aged_stock(seller, lamp, plan):
    receive_inbound(
        seller=seller,
        shipment=plan,
        counts=[{"product": lamp.pk, "received": 100}],
        source="operator",
        reference="R-1",
        received_at=days_ago(200),
    )
    movement = StockMovement.objects.for_seller(seller).get(kind="receipt")
    assert (timezone.now() - movement.effective_at).days == 200
    assert (timezone.now() - movement.created_at).days == 0
    plan.refresh_from_db()
    assert plan.received_at == movement.effective_at
    assert pool_row(seller, lamp).aged_units == 100


def test_a_receipt_recorded_today_is_not_aged(seller, lamp, plan):
    receive_inbound(
        seller=seller, shipment=plan, counts=[{"product": lamp.pk, "received": 100}], source="operator"
    )
    assert pool_row(seller, lamp).aged_units == 0


def test_units_shipped_leave_from_the_oldest_receipt_first(seller, lamp):
    gwd = node("GWD-SZX")
    ledger.receive(seller, lamp, gwd, 30, cause_type="inbound", effective_at=days_ago(300))
    ledger.receive(seller, lamp, gwd, 50, cause_type="inbound", effective_at=days_ago(10))
    ledger.reserve(seller, lamp, gwd, 20, cause_type="order")
    ledger.ship(seller, lamp, gwd, 20, cause_type="order")
    assert pool_row(seller, lamp).aged_units == 10


def test_the_pool_page_flags_backdated_stock(owner_client, seller, lamp):
    ledger.receive(seller, lamp, node("GWD-SZX"), 40, cause_type="inbound", effective_at=days_ago(190))
    body = owner_client.get(reverse("inventory:index")).content.decode()
    assert "40 units older than 181 days" in body


def test_a_receiving_date_in_the_future_is_refused(seller, lamp, plan):
    with pytest.raises(InvalidInput) as error:
        ledger.receive(seller, lamp, node("GWD-SZX"), 5, cause_type="inbound", effective_at=days_ago(-2))
    assert "effective_at" in error.value.fields
    with pytest.raises(InvalidInput) as error:
        receive_inbound(
            seller=seller,
            shipment=plan,
            counts=[{"product": lamp.pk, "received": 1}],
            source="operator",
            received_at=days_ago(-1),
        )
    assert "received_at" in error.value.fields
    assert not StockMovement.objects.for_seller(seller).filter(kind="receipt").exists()


def test_the_warehouse_partner_sends_the_receiving_date(seller, lamp, plan):
    client = api(seller, ["inventory:read", "inventory:write"])
    received_at = days_ago(190).replace(microsecond=0)
    response = client.post(
        f"/api/v1/inbound-shipments/{plan.pk}/receive/",
        {
            "reference": "WH-9",
            "received_at": received_at.isoformat(),
            "lines": [{"product": lamp.pk, "received": 100}],
        },
        format="json",
    )
    assert response.status_code == 200, response.json()
    assert StockMovement.objects.for_seller(seller).get(kind="receipt").effective_at == received_at
    assert pool_row(seller, lamp).aged_units == 100
