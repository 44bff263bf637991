"""On PostgreSQL, concurrent channel orders never take a ring-fence or more than is available."""

import threading

import pytest
from django.db import connection
from django.db.models import Sum

from inventory.models import ChannelOrder, OrderAllocation, StockBalance
from inventory.services import ledger
from inventory.services.orders import OrderInput, OrderLineInput, receive_channel_order, set_ring_fence
from inventory.tests.factories import ProductFactory, node
from inventory.tests.order_factories import ChannelConnectionFactory
from portal.tenancy import seller_scope
from portal.tests.factories import SellerFactory

CLIENTS = 16
ON_HAND = 10
FENCE = 4


@pytest.mark.usefixtures("require_postgres")
def test_concurrent_orders_of_other_channels_leave_the_fence(transactional_db):
    seller = SellerFactory(slug="fenced")
    product = ProductFactory(seller=seller, sku="FENCED-1")
    fc_us = node("FC-US")
    shop = ChannelConnectionFactory(seller=seller, name="Shop")
    ebay = ChannelConnectionFactory(
        seller=seller, channel="ebay", name="eBay", shop_domain="", webhook_secret=""
    )
    ledger.receive(seller, product, fc_us, ON_HAND, cause_type="inbound")
    set_ring_fence(seller=seller, connection=shop, product=product, node=fc_us, quantity=FENCE)
    start = threading.Barrier(CLIENTS)

    def client(number: int) -> None:
        try:
            start.wait()
            with seller_scope(seller):
                receive_channel_order(
                    seller=seller,
                    connection=ebay,
                    data=OrderInput(
                        external_id=f"EB-{number}",
                        ship_to_country="US",
                        lines=[OrderLineInput(sku="FENCED-1", quantity=1)],
                    ),
                )
        finally:
            connection.close()

    threads = [threading.Thread(target=client, args=(n,)) for n in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    statuses = list(ChannelOrder.objects.for_seller(seller).values_list("status", flat=True))
    assert len(statuses) == CLIENTS
    assert statuses.count("reserved") == ON_HAND - FENCE
    assert statuses.count("backordered") == CLIENTS - (ON_HAND - FENCE)
    balance = StockBalance.objects.for_seller(seller).get(product=product, node=fc_us)
    assert (balance.on_hand, balance.reserved) == (ON_HAND, ON_HAND - FENCE)
    allocated = OrderAllocation.objects.for_seller(seller).aggregate(units=Sum("quantity"))["units"]
    assert allocated == ON_HAND - FENCE
