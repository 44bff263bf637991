"""Fee bands in money: the pool's flags priced, and warnings before stock moves into a breach."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from inventory.engine.fee_bands import NodeState, band_costs
from inventory.models import SalesDay
from inventory.services import ledger
from inventory.services.allocation import nodes_for_country
from inventory.services.inbound import create_inbound_shipment
from inventory.services.transfers import create_transfer
from inventory.tests.factories import ProductFactory, marketplace, node
from inventory.tests.order_factories import ChannelOrderLineFactory

pytestmark = pytest.mark.django_db
# 300 × 200 × 100 mm = 0.006 m³ = 0.2118880 cubic feet a unit.
CUBIC_FEET = Decimal("0.006") * Decimal("35.3146667")


@pytest.fixture
def usd_seller(seller):
    seller.home_currency = "USD"
    seller.save(update_fields=["home_currency"])
    return seller


def sell(seller, product, per_day, market="US"):
    today = timezone.localdate()
    SalesDay.objects.for_seller(seller).bulk_create(
        [
            SalesDay(
                seller=seller,
                product=product,
                marketplace=marketplace(market),
                day=today - datetime.timedelta(days=d),
                units=per_day,
            )
            for d in range(1, 29)
        ]
    )


@pytest.fixture
def lamp(usd_seller):
    """100 units at the US FC selling 3 a day (33 days of cover), 1,000 at the GWD."""
    product = ProductFactory(seller=usd_seller, sku="LAMP")
    ledger.receive(usd_seller, product, node("FC-US"), 100, cause_type="inbound", cause_key="seed-fc")
    ledger.receive(usd_seller, product, node("GWD-SZX"), 1000, cause_type="inbound", cause_key="seed-gwd")
    sell(usd_seller, product, 3)
    return product


def test_the_engine_prices_each_band():
    fc = NodeState(is_fc=True, on_hand=700, available=20, aged=10, daily_demand=1.0)
    hub = NodeState(is_fc=False, on_hand=5000, available=5000, aged=4000, daily_demand=0.0)
    costs = band_costs(
        [fc, hub], daily_demand=1.0, unit_cubic_feet=2.0, rates={"low_inventory": 0.5, "aged": 1.0}
    )
    # Low: 30 units a month × 0.5; aged: 10 FC units × 2 cu ft × 1.0 (the hub's are not charged);
    # utilisation has no rate.
    assert costs == {"low_inventory": 15.0, "aged": 20.0, "utilisation": None}


def test_a_transfer_past_26_weeks_warns_with_the_monthly_amount_before_dispatch(
    owner_client, usd_seller, lamp
):
    transfer = create_transfer(
        seller=usd_seller, from_node="GWD-SZX", to_node="FC-US", lines=[{"product": lamp, "quantity": 600}]
    )
    body = owner_client.get(reverse("inventory:transfer_detail", args=[transfer.pk])).content.decode()
    # 700 units at the FC cover 233 days: every unit pays the surcharge.
    amount = (700 * CUBIC_FEET * Decimal("0.44")).quantize(Decimal("0.01"))
    assert amount == Decimal("65.26")
    assert "Over 26 weeks of supply — 65.26 USD more a month (65.26 USD a month in all)." in body
    assert "estimate" in body


def test_a_small_transfer_warns_of_nothing(owner_client, usd_seller, lamp):
    transfer = create_transfer(
        seller=usd_seller, from_node="GWD-SZX", to_node="FC-US", lines=[{"product": lamp, "quantity": 10}]
    )
    body = owner_client.get(reverse("inventory:transfer_detail", args=[transfer.pk])).content.decode()
    assert "Storage fees this would add" not in body


def test_an_order_allocation_below_28_days_warns_of_the_low_inventory_fee(owner_client, usd_seller, lamp):
    assert nodes_for_country("US")[0].code == "FC-US"
    line = ChannelOrderLineFactory(seller=usd_seller, product=lamp, quantity=20, order__status="open")
    body = owner_client.get(reverse("inventory:order_detail", args=[line.order.pk])).content.decode()
    # 80 left cover 26.7 days: 3 a day × 30 days × 0.32 USD.
    assert "Low inventory (under 28 days of supply) — 28.80 USD more a month" in body


def test_an_inbound_plan_beyond_181_days_of_sales_warns_of_the_aged_surcharge(owner_client, usd_seller, lamp):
    # The pool holds 1,100 units against 3 a day × 181 days = 543 usable: 557 will age already;
    # a plan of 200 more ages whole.
    plan = create_inbound_shipment(
        seller=usd_seller,
        node=node("GWD-SZX"),
        expected_date=timezone.localdate(),
        lines=[{"product": lamp, "quantity": 200}],
        reference="IN-1",
    )
    body = owner_client.get(reverse("inventory:inbound_detail", args=[plan.pk])).content.decode()
    increase = (200 * CUBIC_FEET * Decimal("0.50")).quantize(Decimal("0.01"))
    total = (757 * CUBIC_FEET * Decimal("0.50")).quantize(Decimal("0.01"))
    assert (
        f"Aged stock (older than 181 days) — {increase} USD more a month ({total} USD a month in all)."
        in body
    )


def test_the_pool_page_shows_what_each_flag_costs(owner_client, usd_seller, lamp):
    ledger.receive(usd_seller, lamp, node("FC-US"), 600, cause_type="inbound", cause_key="seed-more")
    body = owner_client.get(reverse("inventory:index")).content.decode()
    assert "Over 26 weeks of supply — 65.26 USD a month" in body
