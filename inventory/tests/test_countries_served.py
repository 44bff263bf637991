"""Ship-to countries without a marketplace of their own reserve at the node that delivers there."""

import pytest
from django.core.exceptions import ValidationError

from inventory.models import Node, OrderAllocation, StockBalance
from inventory.services import ledger
from inventory.services.allocation import nodes_for_country
from inventory.services.orders import OrderInput, OrderLineInput, receive_channel_order
from inventory.tests.factories import ProductFactory, node
from inventory.tests.order_factories import ChannelConnectionFactory


@pytest.fixture
def lamp(seller):
    return ProductFactory(seller=seller, sku="BH-LAMP-01")


@pytest.fixture
def shop(seller):
    return ChannelConnectionFactory(seller=seller, name="Brightora Shopify", channel="shopify")


def stock(seller, product, code, units):
    ledger.receive(seller, product, node(code), units, cause_type="inbound", cause_ref="INB-TEST")


def order(seller, connection, external_id, country, quantity=2, sku="BH-LAMP-01"):
    data = OrderInput(
        external_id=external_id,
        ship_to_country=country,
        lines=[OrderLineInput(sku=sku, quantity=quantity)],
    )
    return receive_channel_order(seller=seller, connection=connection, data=data)[0]


def allocated(seller, channel_order):
    return sorted(
        (a.node.code, a.quantity)
        for a in OrderAllocation.objects.for_seller(seller)
        .filter(line__order=channel_order)
        .select_related("node")
    )


@pytest.mark.parametrize("country", ["AT", "PT", "CZ", "DK", "FI", "GR", "HU", "CH", "NO"])
def test_european_countries_without_a_marketplace_try_the_eu_hub_before_the_gwd(db, country):
    assert [n.code for n in nodes_for_country(country)] == ["FC-DE", "GWD-SZX"]


def test_new_zealand_is_delivered_from_australia(db):
    assert [n.code for n in nodes_for_country("NZ")] == ["FC-AU", "GWD-SZX"]


def test_an_austrian_order_reserves_at_fc_de_not_at_the_gwd(seller, lamp, shop):
    stock(seller, lamp, "FC-DE", 5)
    stock(seller, lamp, "GWD-SZX", 50)
    placed = order(seller, shop, "AT-1", "AT", quantity=3)
    assert placed.status == "reserved"
    assert allocated(seller, placed) == [("FC-DE", 3)]


def test_austrian_order_falls_back_to_the_gwd_when_the_eu_hub_is_short(seller, lamp, shop):
    stock(seller, lamp, "FC-DE", 1)
    stock(seller, lamp, "GWD-SZX", 50)
    placed = order(seller, shop, "AT-2", "AT", quantity=3)
    assert allocated(seller, placed) == [("GWD-SZX", 3)]


def test_other_fcs_of_the_region_follow_the_hub(seller, lamp, shop):
    """An operator adds a French FC to the EU region: Portugal tries FC-DE, then FC-FR, then the GWD."""
    Node.objects.create(code="FC-FR", name="Fulfilment centre France", kind="fc", region="EU", country="FR")
    assert [n.code for n in nodes_for_country("PT")] == ["FC-DE", "FC-FR", "GWD-SZX"]
    stock(seller, lamp, "FC-FR", 4)
    stock(seller, lamp, "GWD-SZX", 50)
    placed = order(seller, shop, "PT-1", "PT", quantity=4)
    assert allocated(seller, placed) == [("FC-FR", 4)]


def test_an_inactive_hub_is_skipped(db):
    Node.objects.filter(code="FC-DE").update(is_active=False)
    assert [n.code for n in nodes_for_country("AT")] == ["GWD-SZX"]


def test_countries_served_must_be_iso_codes(db):
    hub = node("FC-DE")
    hub.countries_served = ["AT", "austria"]
    with pytest.raises(ValidationError) as error:
        hub.full_clean()
    assert "countries_served" in error.value.message_dict


def test_another_sellers_stock_at_the_hub_is_never_taken(seller, other_seller, lamp, shop):
    their_lamp = ProductFactory(seller=other_seller, sku="BH-LAMP-01")
    stock(other_seller, their_lamp, "FC-DE", 10)
    placed = order(seller, shop, "AT-3", "AT", quantity=2)
    assert placed.status == "backordered"
    assert allocated(seller, placed) == []
    theirs = StockBalance.objects.for_seller(other_seller).get(product=their_lamp, node=node("FC-DE"))
    assert (theirs.on_hand, theirs.reserved) == (10, 0)
