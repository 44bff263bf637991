"""On PostgreSQL, concurrent clients can never take the same last unit."""

import threading

import pytest
from django.db import connection
from django.db.models import Sum

from inventory.exceptions import InsufficientStock
from inventory.models import StockBalance, StockMovement
from inventory.services import ledger
from inventory.tests.factories import ProductFactory, node
from portal.tests.factories import SellerFactory

CLIENTS = 24
AVAILABLE = 7


@pytest.mark.usefixtures("require_postgres")
def test_concurrent_clients_reserve_exactly_the_available_units(transactional_db):
    seller = SellerFactory(slug="race")
    product = ProductFactory(seller=seller, sku="LAST-UNITS")
    gwd = node("GWD-SZX")
    ledger.receive(seller, product, gwd, 10, cause_type="inbound")
    ledger.reserve(seller, product, gwd, 10 - AVAILABLE, cause_type="order", cause_ref="earlier")

    start = threading.Barrier(CLIENTS)
    outcomes: list[str] = []
    refusals: list[InsufficientStock] = []
    lock = threading.Lock()

    def client(number: int) -> None:
        try:
            start.wait()
            try:
                ledger.reserve(seller, product, gwd, 1, cause_type="order", cause_ref=f"SO-{number}")
                result = "reserved"
            except InsufficientStock as exc:
                result = "refused"
                with lock:
                    refusals.append(exc)
            with lock:
                outcomes.append(result)
        finally:
            connection.close()

    threads = [threading.Thread(target=client, args=(n,)) for n in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert outcomes.count("reserved") == AVAILABLE
    assert outcomes.count("refused") == CLIENTS - AVAILABLE
    assert all(refusal.available == 0 for refusal in refusals)
    balance = StockBalance.objects.for_seller(seller).get(product=product, node=gwd)
    assert (balance.on_hand, balance.reserved, balance.available) == (10, 10, 0)
    sums = StockMovement.objects.for_seller(seller).aggregate(
        on_hand=Sum("on_hand_delta"), reserved=Sum("reserved_delta")
    )
    assert sums == {"on_hand": 10, "reserved": 10}
    assert StockMovement.objects.for_seller(seller).filter(kind="reservation").count() == AVAILABLE + 1


@pytest.mark.usefixtures("require_postgres")
def test_concurrent_deliveries_of_one_cause_apply_once(transactional_db):
    seller = SellerFactory(slug="twice")
    product = ProductFactory(seller=seller, sku="ONCE")
    gwd = node("GWD-SZX")
    start = threading.Barrier(16)

    def client() -> None:
        try:
            start.wait()
            ledger.receive(seller, product, gwd, 5, cause_type="inbound", cause_key="inbound:1:line:1")
        finally:
            connection.close()

    threads = [threading.Thread(target=client) for _ in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert StockBalance.objects.for_seller(seller).get(product=product, node=gwd).on_hand == 5
    assert StockMovement.objects.for_seller(seller).count() == 1
