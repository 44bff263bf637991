"""What a seller sees on the pool pages: the fee flags on the right SKUs, regional totals,
inbound and in-transit figures, and the discrepancies of an inbound plan."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from inventory.models import SalesDay
from inventory.selectors.pool import pool_page, region_totals
from inventory.services import ledger
from inventory.services.inbound import create_inbound_shipment, receive_inbound
from inventory.tests.factories import ProductFactory, marketplace, node


def days_ago(days):
    return timezone.now() - datetime.timedelta(days=days)


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
def pool(seller):
    gwd, fc = node("GWD-SZX"), node("FC-US")
    aged = ProductFactory(seller=seller, sku="AGED-LAMP")
    ledger.receive(seller, aged, gwd, 30, cause_type="inbound", effective_at=days_ago(200))
    ledger.receive(seller, aged, gwd, 10, cause_type="inbound", effective_at=days_ago(5))
    young = ProductFactory(seller=seller, sku="YOUNG-FAN")  # 180 days: not yet past 181
    ledger.receive(seller, young, gwd, 50, cause_type="inbound", effective_at=days_ago(180))
    heavy = ProductFactory(seller=seller, sku="HEAVY-RUG")  # 1000 at the FC, 3 a day: 333 days
    ledger.receive(seller, heavy, fc, 1000, cause_type="inbound")
    sell(seller, heavy, 3)
    lean = ProductFactory(seller=seller, sku="LEAN-MUG")  # 300 at the FC, 3 a day: 100 days
    ledger.receive(seller, lean, fc, 300, cause_type="inbound")
    sell(seller, lean, 3)
    # Inbound to the hub and a transfer on its way to the US FC.
    ledger.expect_inbound(seller, lean, gwd, 12)
    ledger.receive(seller, lean, gwd, 20, cause_type="inbound")
    ledger.transfer_out(seller, lean, gwd, 7, destination=fc)
    return {p.sku: p for p in (aged, young, heavy, lean)}


def row_html(body, sku):
    """The table row of the SKU on the pool page."""
    [row] = [r for r in re.split(r"<tr>", body) if f">{sku}</a>" in r]
    return row


def test_the_selector_flags_aged_and_over_utilised_skus(seller, pool):
    _page, rows = pool_page(seller)
    by_sku = {r.product.sku: r for r in rows}
    assert by_sku["AGED-LAMP"].aged_units == 30
    assert by_sku["YOUNG-FAN"].aged_units == 0
    assert by_sku["HEAVY-RUG"].over_utilised
    assert not by_sku["LEAN-MUG"].over_utilised
    assert not by_sku["AGED-LAMP"].over_utilised  # nothing at an FC
    assert (by_sku["LEAN-MUG"].inbound, by_sku["LEAN-MUG"].in_transit) == (12, 7)


def test_the_pool_page_shows_each_flag_on_the_right_sku(owner_client, pool):
    body = owner_client.get(reverse("inventory:index")).content.decode()
    assert "30 units older than 181 days" in row_html(body, "AGED-LAMP")
    assert "older than 181 days" not in row_html(body, "YOUNG-FAN")
    assert "Over 26 weeks of supply" in row_html(body, "HEAVY-RUG")
    for sku in ("LEAN-MUG", "AGED-LAMP", "YOUNG-FAN"):
        assert "Over 26 weeks of supply" not in row_html(body, sku)
    cells = re.findall(r'<td class="num">([^<]*)</td>', row_html(body, "LEAN-MUG"))
    # GWD available 13 (20 − 7), FC 300, inbound 12, in transit 7.
    assert cells[:4] == ["13", "300", "12", "7"]


def test_the_pool_page_totals_stock_by_region(owner_client, seller, pool):
    totals = {r["region"]: r for r in region_totals(seller)}
    assert (totals["CN"]["on_hand"], totals["CN"]["inbound"]) == (30 + 10 + 50 + 13, 12)
    assert (totals["US"]["on_hand"], totals["US"]["in_transit"]) == (1300, 7)
    body = owner_client.get(reverse("inventory:index")).content.decode()
    regions = body.split("By SKU")[0]
    figures = '<td class="num">{}</td>' * 5
    assert "<tr><td>CN</td>" + figures.format("103", "0", "103", "12", "0") + "</tr>" in regions
    # Figures carry the locale's grouping.
    assert "<tr><td>US</td>" + figures.format("1,300", "0", "1,300", "0", "7") + "</tr>" in regions


def test_the_sku_page_shows_aged_units_by_node(owner_client, pool):
    body = owner_client.get(
        reverse("inventory:pool_detail", kwargs={"pk": pool["AGED-LAMP"].pk})
    ).content.decode()
    cells = re.findall(r"<td>([^<]*)</td>", body.split("Stock by node and state")[1].split("</table>")[0])
    # GWD-SZX: 40 on hand, 0 reserved, 40 available, 0 inbound, 0 in transit, no sales (—), 30 aged.
    assert cells[:8] == ["GWD-SZX", "40", "0", "40", "0", "0", "—", "30"]


def test_another_seller_sees_none_of_this(client, other_seller, make_member, pool):
    client.force_login(make_member(other_seller, "owner"))
    body = client.get(reverse("inventory:index")).content.decode()
    assert "AGED-LAMP" not in body
    assert "No stock yet" in body
    assert (
        client.get(reverse("inventory:pool_detail", kwargs={"pk": pool["AGED-LAMP"].pk})).status_code == 404
    )


# Discrepancies on the inbound plan page -------------------------------------------


@pytest.fixture
def counted_plan(seller):
    lamp, fan, bulb = (ProductFactory(seller=seller, sku=s) for s in ("LAMP", "FAN", "BULB"))
    plan = create_inbound_shipment(
        seller=seller,
        reference="INB-DISC-1",
        node=node("GWD-SZX"),
        expected_date=datetime.date(2025, 5, 1),
        lines=[
            {"product": lamp, "quantity": 100},
            {"product": fan, "quantity": 40},
            {"product": bulb, "quantity": 10},
        ],
    )
    receive_inbound(
        seller=seller,
        shipment=plan,
        counts=[
            {"product": lamp.pk, "received": 90, "damaged": 3},
            {"product": fan.pk, "received": 45},
            {"product": bulb.pk, "received": 10},
        ],
        source="partner",
        reference="WH-9",
    )
    return plan


def test_the_seller_sees_short_over_and_damaged_on_the_plan_page(owner_client, counted_plan):
    body = owner_client.get(reverse("inventory:inbound_detail", args=[counted_plan.pk])).content.decode()
    warning = body.split("Discrepancies found at receiving")[1].split("</div>")[0]
    lamp = re.sub(r"\s+", " ", warning.split("LAMP:")[1].split("</li>")[0]).strip()
    fan = re.sub(r"\s+", " ", warning.split("FAN:")[1].split("</li>")[0]).strip()
    assert lamp == "10 short 3 damaged"
    assert fan == "5 over"
    assert "BULB" not in warning
    cells = re.findall(r"<td>([^<]*)</td>", body.split("<td>LAMP</td>")[1].split("</tr>")[0])
    assert cells == ["100", "90", "3", "87", "10", "0"]


def test_another_seller_cannot_see_the_plan(client, other_seller, make_member, counted_plan):
    client.force_login(make_member(other_seller, "owner"))
    assert client.get(reverse("inventory:inbound_detail", args=[counted_plan.pk])).status_code == 404
