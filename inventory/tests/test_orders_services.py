"""Channel orders: allocation by ship-to country with fallback, short stock, ring-fences,
cancellation, shipment, SKU mapping and the sales history they feed."""

import datetime

import pytest

from inventory.models import ChannelOrder, ChannelOrderLine, OrderAllocation, SalesDay, StockBalance
from inventory.services import ledger
from inventory.services.allocation import nodes_for_country
from inventory.services.orders import (
    OrderInput,
    OrderLineInput,
    cancel_order,
    create_channel_connection,
    map_channel_sku,
    receive_channel_order,
    set_ring_fence,
    set_short_stock_policy,
    ship_order,
)
from inventory.tests.factories import ProductFactory, marketplace, node
from inventory.tests.order_factories import ChannelConnectionFactory
from portal.exceptions import Conflict, InvalidInput


@pytest.fixture
def lamp(seller):
    return ProductFactory(seller=seller, sku="BH-LAMP-01")


@pytest.fixture
def shop(seller):
    return ChannelConnectionFactory(seller=seller, name="Brightora Shopify", channel="shopify")


@pytest.fixture
def ebay(seller):
    return ChannelConnectionFactory(
        seller=seller, name="eBay US", channel="ebay", shop_domain="", webhook_secret=""
    )


def stock(seller, product, code, units):
    ledger.receive(seller, product, node(code), units, cause_type="inbound", cause_ref="INB-TEST")


def balance(seller, product, code):
    row = StockBalance.objects.for_seller(seller).filter(product=product, node=node(code)).first()
    return (row.on_hand, row.reserved) if row else (0, 0)


def order_input(external_id, country="US", lines=(("BH-LAMP-01", 2),), **extra):
    return OrderInput(
        external_id=external_id,
        ship_to_country=country,
        lines=[OrderLineInput(sku=sku, quantity=qty) for sku, qty in lines],
        **extra,
    )


def allocations(seller, order):
    return sorted(
        (a.node.code, a.quantity, a.status)
        for a in OrderAllocation.objects.for_seller(seller).filter(line__order=order).select_related("node")
    )


def test_nodes_for_a_country_start_with_its_fc_then_remote_then_the_gwd(db):
    assert [n.code for n in nodes_for_country("CA")] == ["FC-CA", "FC-US", "GWD-SZX"]
    assert [n.code for n in nodes_for_country("US")] == ["FC-US", "GWD-SZX"]
    # The UK marketplace's code is UK, Shopify says GB: the node in that country serves it.
    assert [n.code for n in nodes_for_country("GB")] == ["FC-UK", "GWD-SZX"]
    # A country without a marketplace: the node that lists it, then the global pool.
    assert [n.code for n in nodes_for_country("NZ")] == ["FC-AU", "GWD-SZX"]
    # A country nobody serves: the global pool alone.
    assert [n.code for n in nodes_for_country("AQ")] == ["GWD-SZX"]


def test_order_reserves_at_the_fc_serving_the_ship_to_country(seller, lamp, shop):
    stock(seller, lamp, "FC-US", 5)
    stock(seller, lamp, "FC-DE", 5)
    stock(seller, lamp, "GWD-SZX", 50)
    order, created = receive_channel_order(seller=seller, connection=shop, data=order_input("1001", "DE"))
    assert created
    assert order.status == "reserved"
    assert allocations(seller, order) == [("FC-DE", 2, "reserved")]
    assert balance(seller, lamp, "FC-DE") == (5, 2)
    assert balance(seller, lamp, "FC-US") == (5, 0)


def test_canadian_order_falls_back_to_the_us_fc_then_the_gwd(seller, lamp, shop):
    stock(seller, lamp, "FC-US", 1)
    stock(seller, lamp, "GWD-SZX", 10)
    order, _ = receive_channel_order(seller=seller, connection=shop, data=order_input("1002", "CA"))
    assert order.status == "reserved"
    assert allocations(seller, order) == [("GWD-SZX", 2, "reserved")]  # one node had all of it
    stock(seller, lamp, "FC-US", 5)
    order, _ = receive_channel_order(seller=seller, connection=shop, data=order_input("1003", "CA"))
    assert allocations(seller, order) == [("FC-US", 2, "reserved")]


def test_short_stock_backorders_the_whole_order_by_default(seller, lamp, shop):
    stock(seller, lamp, "FC-US", 1)
    order, _ = receive_channel_order(seller=seller, connection=shop, data=order_input("1004", "US"))
    assert order.status == "backordered"
    assert allocations(seller, order) == []
    assert balance(seller, lamp, "FC-US") == (1, 0)


def test_partial_policy_reserves_what_is_there_and_completes_when_stock_arrives(seller, lamp, shop):
    set_short_stock_policy(seller=seller, policy="partial")
    stock(seller, lamp, "FC-US", 1)
    order, _ = receive_channel_order(
        seller=seller, connection=shop, data=order_input("1005", "US", (("BH-LAMP-01", 3),))
    )
    assert order.status == "partially_reserved"
    assert allocations(seller, order) == [("FC-US", 1, "reserved")]
    stock(seller, lamp, "GWD-SZX", 10)
    from inventory.services.allocation import reallocate_waiting_orders

    summary = reallocate_waiting_orders(seller=seller)
    assert summary == {"orders": 1, "reserved": 1}
    order.refresh_from_db()
    assert order.status == "reserved"
    assert allocations(seller, order) == [("FC-US", 1, "reserved"), ("GWD-SZX", 2, "reserved")]


def test_ring_fence_keeps_units_for_its_channel(seller, lamp, shop, ebay):
    stock(seller, lamp, "FC-US", 5)
    set_ring_fence(seller=seller, connection=shop, product=lamp, node=node("FC-US"), quantity=4)
    # eBay may take only the one unit above Shopify's fence: its order of 2 waits.
    order, _ = receive_channel_order(seller=seller, connection=ebay, data=order_input("EB-1", "US"))
    assert order.status == "backordered"
    assert balance(seller, lamp, "FC-US") == (5, 0)
    one, _ = receive_channel_order(
        seller=seller, connection=ebay, data=order_input("EB-2", "US", (("BH-LAMP-01", 1),))
    )
    assert one.status == "reserved"
    # Shopify takes from its own fence.
    mine, _ = receive_channel_order(
        seller=seller, connection=shop, data=order_input("SH-1", "US", (("BH-LAMP-01", 4),))
    )
    assert mine.status == "reserved"
    assert balance(seller, lamp, "FC-US") == (5, 5)


def test_cancellation_releases_the_reserved_units(seller, lamp, shop):
    stock(seller, lamp, "FC-US", 5)
    order, _ = receive_channel_order(seller=seller, connection=shop, data=order_input("1006"))
    assert balance(seller, lamp, "FC-US") == (5, 2)
    order = cancel_order(seller=seller, order=order)
    assert order.status == "cancelled"
    assert balance(seller, lamp, "FC-US") == (5, 0)
    assert allocations(seller, order) == [("FC-US", 2, "released")]
    # A second cancellation changes nothing.
    cancel_order(seller=seller, order=order)
    assert balance(seller, lamp, "FC-US") == (5, 0)


def test_shipment_takes_the_units_off_hand(seller, lamp, shop):
    stock(seller, lamp, "FC-US", 5)
    order, _ = receive_channel_order(seller=seller, connection=shop, data=order_input("1007"))
    order = ship_order(seller=seller, order=order)
    assert order.status == "shipped"
    assert balance(seller, lamp, "FC-US") == (3, 0)
    assert ChannelOrderLine.objects.for_seller(seller).get(order=order).quantity_shipped == 2
    with pytest.raises(Conflict):
        cancel_order(seller=seller, order=order)
    with pytest.raises(Conflict):
        ship_order(seller=seller, order=order)
    assert balance(seller, lamp, "FC-US") == (3, 0)


def test_the_same_order_twice_changes_nothing(seller, lamp, shop):
    stock(seller, lamp, "FC-US", 5)
    first, created = receive_channel_order(seller=seller, connection=shop, data=order_input("1008"))
    again, created_again = receive_channel_order(seller=seller, connection=shop, data=order_input("1008"))
    assert (created, created_again) == (True, False)
    assert again.pk == first.pk
    assert balance(seller, lamp, "FC-US") == (5, 2)


def test_unknown_sku_keeps_the_line_flagged_until_mapped(seller, lamp, shop):
    stock(seller, lamp, "FC-US", 5)
    order, _ = receive_channel_order(
        seller=seller, connection=shop, data=order_input("1009", lines=(("SHOP-LAMP-WHT", 2),))
    )
    line = ChannelOrderLine.objects.for_seller(seller).get(order=order)
    assert line.is_unmapped
    assert line.channel_sku == "SHOP-LAMP-WHT"
    assert order.status == "backordered"
    map_channel_sku(seller=seller, connection=shop, channel_sku="SHOP-LAMP-WHT", product=lamp)
    order.refresh_from_db()
    assert order.status == "reserved"
    assert allocations(seller, order) == [("FC-US", 2, "reserved")]


def test_bad_orders_are_refused_with_field_errors_and_change_nothing(seller, lamp, shop):
    data = order_input("1010", lines=(("BH-LAMP-01", 0),))
    with pytest.raises(InvalidInput) as refused:
        receive_channel_order(seller=seller, connection=shop, data=data)
    assert "lines.0.quantity" in refused.value.fields
    with pytest.raises(InvalidInput) as refused:
        receive_channel_order(seller=seller, connection=shop, data=order_input("1011", marketplace_code="XX"))
    assert "marketplace" in refused.value.fields
    with pytest.raises(InvalidInput) as refused:
        receive_channel_order(seller=seller, connection=shop, data=order_input("1012", country="usa"))
    assert "ship_to_country" in refused.value.fields
    assert not ChannelOrder.objects.for_seller(seller).exists()


def test_marketplace_orders_feed_the_sales_history_and_cancellation_takes_it_back(seller, lamp):
    amazon = ChannelConnectionFactory(
        seller=seller, name="Marketplaces", channel="marketplace", shop_domain=""
    )
    stock(seller, lamp, "FC-JP", 10)
    placed = datetime.datetime(2025, 3, 1, 16, 30, tzinfo=datetime.UTC)  # 01:30 on 2 March in Tokyo
    first, _ = receive_channel_order(
        seller=seller,
        connection=amazon,
        data=order_input("503-1", "JP", marketplace_code="JP", placed_at=placed),
    )
    receive_channel_order(
        seller=seller,
        connection=amazon,
        data=order_input("503-2", "JP", (("BH-LAMP-01", 3),), marketplace_code="JP", placed_at=placed),
    )
    day = SalesDay.objects.for_seller(seller).get(product=lamp, marketplace=marketplace("JP"))
    assert (day.day, day.units) == (datetime.date(2025, 3, 2), 5)
    cancel_order(seller=seller, order=first)
    day.refresh_from_db()
    assert day.units == 3
    with pytest.raises(InvalidInput) as refused:
        receive_channel_order(seller=seller, connection=amazon, data=order_input("503-3", "JP"))
    assert "marketplace" in refused.value.fields


def test_shopify_connection_needs_domain_and_secret(seller):
    with pytest.raises(InvalidInput) as refused:
        create_channel_connection(
            seller=seller, channel="shopify", name="My shop", shop_domain="not a domain"
        )
    assert set(refused.value.fields) == {"shop_domain", "webhook_secret"}
    connection = create_channel_connection(
        seller=seller,
        channel="shopify",
        name="My shop",
        shop_domain="Brightora.myshopify.com",
        webhook_secret="shpss_secret",
    )
    assert connection.shop_domain == "brightora.myshopify.com"


def test_another_sellers_connection_cannot_take_orders(seller, other_seller, lamp):
    theirs = ChannelConnectionFactory(seller=other_seller, name="Their shop")
    with pytest.raises(InvalidInput):
        receive_channel_order(seller=seller, connection=theirs, data=order_input("X-1"))
    assert not ChannelOrder.objects.with_scopes_disabled().exists()


def test_backorder_job_reserves_waiting_orders_once_stock_arrives(
    seller, lamp, shop, django_capture_on_commit_callbacks
):
    from inventory.services.allocation import backorder_allocation_work, start_backorder_allocation
    from portal.services.jobs import run_job

    order, _ = receive_channel_order(seller=seller, connection=shop, data=order_input("1020"))
    assert order.status == "backordered"
    stock(seller, lamp, "GWD-SZX", 5)
    with django_capture_on_commit_callbacks(execute=False):
        job = start_backorder_allocation(seller=seller)
    job = run_job(job.pk, backorder_allocation_work)
    assert job.status == "succeeded"
    assert job.summary == {"orders": 1, "reserved": 1}
    order.refresh_from_db()
    assert order.status == "reserved"
    # Run again: nothing is waiting, nothing changes.
    assert run_job(job.pk, backorder_allocation_work).summary == {"orders": 1, "reserved": 1}
    assert balance(seller, lamp, "GWD-SZX") == (5, 2)
