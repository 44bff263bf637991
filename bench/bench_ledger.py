"""Ledger throughput on PostgreSQL: concurrent reservations and bulk movement writes."""

from __future__ import annotations

import os
import threading
import time

TITLE = "Stock ledger: reservations under 16 concurrent clients, movements in bulk"
CLIENTS = 16
RESERVATIONS_PER_CLIENT = 150
SKUS = 8
BULK_MOVEMENTS = 50_000


def run() -> str:
    from django.db import connection, transaction
    from django_scopes import scopes_disabled

    from bench.database import bench_database
    from inventory.models import Node, StockBalance, StockMovement
    from inventory.services import ledger
    from listings.models import Product
    from portal.models import Seller

    with bench_database(), scopes_disabled():
        seller = Seller.objects.create(name="Bench", slug="bench")
        gwd = Node.objects.get(code="GWD-SZX")
        products = Product.objects.bulk_create(
            [Product(seller=seller, sku=f"B-{i}", title=f"Bench {i}") for i in range(SKUS)]
        )
        total = CLIENTS * RESERVATIONS_PER_CLIENT
        stock = total // SKUS - 40  # a little short, so refusals happen too
        for product in products:
            ledger.receive(seller, product, gwd, stock, cause_type="inbound")

        start = threading.Barrier(CLIENTS + 1)
        counts = {"ok": 0, "refused": 0}
        lock = threading.Lock()

        def client(number: int) -> None:
            ok = refused = 0
            try:
                start.wait()
                for i in range(RESERVATIONS_PER_CLIENT):
                    product = products[(number + i) % SKUS]
                    try:
                        ledger.reserve(seller, product, gwd, 1, cause_type="order", cause_ref=f"{number}-{i}")
                        ok += 1
                    except Exception:  # noqa: BLE001 - InsufficientStock counted as refused
                        refused += 1
            finally:
                connection.close()
                with lock:
                    counts["ok"] += ok
                    counts["refused"] += refused

        threads = [threading.Thread(target=client, args=(n,)) for n in range(CLIENTS)]
        for thread in threads:
            thread.start()
        start.wait()
        began = time.perf_counter()
        for thread in threads:
            thread.join()
        elapsed = time.perf_counter() - began
        reserved = sum(StockBalance.objects.filter(seller=seller).values_list("reserved", flat=True))
        assert reserved == counts["ok"] == min(total, stock * SKUS), (reserved, counts)

        rows = [
            StockMovement(
                seller=seller,
                product=products[i % SKUS],
                node=gwd,
                kind="receipt",
                quantity=1,
                on_hand_delta=1,
                cause_type="inbound",
                cause_ref=f"bulk-{i}",
            )
            for i in range(BULK_MOVEMENTS)
        ]
        began_bulk = time.perf_counter()
        with transaction.atomic():
            StockMovement.objects.bulk_create(rows, batch_size=5000)
        bulk_elapsed = time.perf_counter() - began_bulk

    return (
        f"- Reservations: {CLIENTS} threads, each with its own PostgreSQL connection, "
        f"{RESERVATIONS_PER_CLIENT} single-unit reservations each over {SKUS} SKUs "
        f"(conditional UPDATE + movement insert per call, one transaction each).\n"
        f"  {counts['ok']} succeeded and {counts['refused']} were refused (stock ran out), "
        f"balance equals the successes; **{total / elapsed:,.0f} reservation calls per second** "
        f"({elapsed:.2f} s).\n"
        f"- Bulk movements: {BULK_MOVEMENTS:,} movements with `bulk_create` in one transaction: "
        f"**{BULK_MOVEMENTS / bulk_elapsed:,.0f} movements per second** ({bulk_elapsed:.2f} s).\n"
        f"- Machine: {os.cpu_count()} CPU cores shared with other work; PostgreSQL on localhost.\n"
        f"- Goal: hundreds of reservations per second without overselling (orders arrive far slower).\n"
    )
