"""Ledger throughput on PostgreSQL: concurrent reservations and the bulk ledger path."""

from __future__ import annotations

import os
import threading
import time

TITLE = "Stock ledger: reservations under 16 concurrent clients, movements in bulk through the ledger"
CLIENTS = 16
RESERVATIONS_PER_CLIENT = 150
SKUS = 8
BULK_MOVEMENTS = 50_000
BULK_SKUS = 2_000


def run() -> str:
    from django.db import connection
    from django_scopes import scopes_disabled

    from bench.database import bench_database
    from inventory.exceptions import InsufficientStock
    from inventory.models import Node, StockBalance
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
                    except InsufficientStock:
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

        # The bulk path: receipts for many SKUs at two nodes with cause keys, through the
        # ledger (movements + summed balance deltas in one transaction), then a replay.
        bulk_products = Product.objects.bulk_create(
            [Product(seller=seller, sku=f"BULK-{i}", title=f"Bulk {i}") for i in range(BULK_SKUS)]
        )
        fc = Node.objects.get(code="FC-US")
        specs = [
            ledger.MovementSpec.receipt(
                bulk_products[i % BULK_SKUS],
                gwd if i % 2 else fc,
                1 + i % 5,
                cause_ref="bench",
                cause_key=f"bulk-{i}",
            )
            for i in range(BULK_MOVEMENTS)
        ]
        began_bulk = time.perf_counter()
        result = ledger.apply_movements(seller, specs)
        bulk_elapsed = time.perf_counter() - began_bulk
        assert len(result.written) == BULK_MOVEMENTS
        began_replay = time.perf_counter()
        replay = ledger.apply_movements(seller, specs)
        replay_elapsed = time.perf_counter() - began_replay
        assert not replay.written
        assert len(replay.skipped_keys) == BULK_MOVEMENTS
        on_hand = sum(
            StockBalance.objects.filter(seller=seller, product__in=bulk_products).values_list(
                "on_hand", flat=True
            )
        )
        assert on_hand == sum(spec.quantity for spec in specs), on_hand
    return (
        f"- Reservations: {CLIENTS} threads, each with its own PostgreSQL connection, "
        f"{RESERVATIONS_PER_CLIENT} single-unit reservations each over {SKUS} SKUs "
        f"(conditional UPDATE + movement insert per call, one transaction each).\n"
        f"  {counts['ok']} succeeded and {counts['refused']} were refused (stock ran out), "
        f"balance equals the successes; **{total / elapsed:,.0f} reservation calls per second** "
        f"({elapsed:.2f} s).\n"
        f"- Bulk ledger: `ledger.apply_movements` with {BULK_MOVEMENTS:,} receipts (cause keys) over "
        f"{BULK_SKUS:,} SKUs at 2 nodes, in one transaction: known-key check, movement inserts, "
        f"missing balances created in bulk, summed deltas applied by a conditional "
        f"`UPDATE … FROM (VALUES …)` (no balance may go negative); balances checked against the "
        f"movements afterwards. **{BULK_MOVEMENTS / bulk_elapsed:,.0f} movements per second** "
        f"({bulk_elapsed:.2f} s). Replaying the same batch (every key known, nothing written): "
        f"{replay_elapsed:.2f} s.\n"
        f"- Machine: {os.cpu_count()} CPU cores shared with other work; PostgreSQL on localhost.\n"
        f"- Goal: hundreds of reservations per second without overselling (orders arrive far slower).\n"
    )
