"""On PostgreSQL, orders whose lines come in opposite orders, and orders racing
cancellations, all succeed: rows are locked in one order (docs/locking.md), so none of the
customers' orders fails with a deadlock, and the stock and sales history add up."""

import datetime
import threading

import pytest
from django.db import connection
from django.db.models import Sum

from inventory.models import ChannelOrder, SalesDay, StockBalance, StockMovement
from inventory.services import ledger
from inventory.services.orders import OrderInput, OrderLineInput, cancel_order, receive_channel_order
from inventory.tests.factories import ProductFactory, marketplace, node
from inventory.tests.order_factories import ChannelConnectionFactory
from portal.tenancy import seller_scope
from portal.tests.factories import SellerFactory

CLIENTS = 10
ORDERS_EACH = 12
PLACED = datetime.datetime(2026, 3, 2, 15, 0, tzinfo=datetime.UTC)


def _run(clients: int, work) -> list[BaseException]:
    """Run `work(number)` in `clients` threads started together; the exceptions they raised."""
    start = threading.Barrier(clients)
    failures: list[BaseException] = []
    lock = threading.Lock()

    def client(number: int) -> None:
        try:
            start.wait()
            work(number)
        except BaseException as exc:  # noqa: BLE001 - every failure is the test's finding
            with lock:
                failures.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return failures


@pytest.fixture
def shop(transactional_db):
    seller = SellerFactory(slug="two-lines")
    lamp = ProductFactory(seller=seller, sku="LAMP")
    shade = ProductFactory(seller=seller, sku="SHADE")
    for product in (lamp, shade):
        ledger.receive(seller, product, node("FC-US"), 10_000, cause_type="inbound")
    connection_ = ChannelConnectionFactory(
        seller=seller, channel="marketplace", name="Marketplaces", shop_domain="", webhook_secret=""
    )
    return seller, connection_, lamp, shade


def _order(external_id: str, skus: tuple[str, ...]) -> OrderInput:
    return OrderInput(
        external_id=external_id,
        ship_to_country="US",
        marketplace_code="US",
        placed_at=PLACED,
        lines=[OrderLineInput(sku=sku, quantity=1) for sku in skus],
    )


def _assert_books_balance(seller, products, *, reserved: int, sold: int) -> None:
    for product in products:
        balance = StockBalance.objects.for_seller(seller).get(product=product, node=node("FC-US"))
        assert (balance.on_hand, balance.reserved) == (10_000, reserved)
        day = SalesDay.objects.for_seller(seller).get(product=product, marketplace=marketplace("US"))
        assert day.units == sold
        sums = StockMovement.objects.for_seller(seller).filter(product=product)
        assert sums.aggregate(r=Sum("reserved_delta"))["r"] == reserved


@pytest.mark.usefixtures("require_postgres")
def test_two_line_orders_in_opposite_orders_all_succeed(shop):
    seller, connection_, lamp, shade = shop

    def client(number: int) -> None:
        skus = ("LAMP", "SHADE") if number % 2 else ("SHADE", "LAMP")
        with seller_scope(seller):
            for index in range(ORDERS_EACH):
                receive_channel_order(
                    seller=seller, connection=connection_, data=_order(f"C{number}-{index}", skus)
                )

    failures = _run(CLIENTS, client)

    assert failures == []
    orders = ChannelOrder.objects.for_seller(seller)
    assert orders.count() == CLIENTS * ORDERS_EACH
    assert set(orders.values_list("status", flat=True)) == {"reserved"}
    _assert_books_balance(seller, (lamp, shade), reserved=CLIENTS * ORDERS_EACH, sold=CLIENTS * ORDERS_EACH)


@pytest.mark.usefixtures("require_postgres")
def test_orders_racing_cancellations_all_succeed(shop):
    seller, connection_, lamp, shade = shop
    with seller_scope(seller):
        earlier = [
            receive_channel_order(
                seller=seller,
                connection=connection_,
                data=_order(f"OLD-{n}", ("LAMP", "SHADE") if n % 2 else ("SHADE", "LAMP")),
            )[0]
            for n in range(CLIENTS * ORDERS_EACH // 2)
        ]
    to_cancel = [earlier[n :: CLIENTS // 2] for n in range(CLIENTS // 2)]

    def client(number: int) -> None:
        with seller_scope(seller):
            if number % 2:
                for order in to_cancel[number // 2]:
                    cancel_order(seller=seller, order=order)
                return
            skus = ("LAMP", "SHADE") if number % 4 else ("SHADE", "LAMP")
            for index in range(ORDERS_EACH):
                receive_channel_order(
                    seller=seller, connection=connection_, data=_order(f"NEW-{number}-{index}", skus)
                )

    failures = _run(CLIENTS, client)

    assert failures == []
    orders = ChannelOrder.objects.for_seller(seller)
    assert orders.filter(status="cancelled").count() == len(earlier)
    new = CLIENTS // 2 * ORDERS_EACH
    assert orders.filter(status="reserved").count() == new
    _assert_books_balance(seller, (lamp, shade), reserved=new, sold=new)
