"""Publishing 1,000 products to the 23 marketplaces (23,000 listings), then resyncing them."""

from __future__ import annotations

import os
import platform
import time
from decimal import Decimal

TITLE = "Publish once: 1,000 products × 23 marketplaces"
PRODUCTS = int(os.environ.get("BENCH_PUBLISH_PRODUCTS", "1000"))


class QueryCounter:
    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def _measure(label, work, connection):
    counter = QueryCounter()
    with connection.execute_wrapper(counter):
        started = time.perf_counter()
        result = work()
        elapsed = time.perf_counter() - started
    return label, elapsed, counter.count, result


def run() -> str:
    from pathlib import Path

    from django.db import connection
    from django.db.models import Count

    from bench.database import bench_database
    from listings.models import FxRate, Listing, Product
    from listings.services.fx import import_ecb_file
    from listings.services.publishing import publish_products, select_marketplaces
    from portal.models import Seller
    from portal.tenancy import seller_scope

    load = os.getloadavg()[0]
    fixture = (
        Path(__file__).resolve().parent.parent / "listings" / "tests" / "fixtures" / "eurofxref-daily.xml"
    )
    with bench_database():
        import_ecb_file(fixture)
        FxRate.objects.create(
            currency="EGP",
            base_currency="USD",
            rate=Decimal("48.60"),
            rate_date="2026-11-20",
            source="operator",
        )
        seller = Seller.objects.create(name="Bench Seller", slug="bench-seller")
        with seller_scope(seller):
            Product.objects.for_seller(seller).bulk_create(
                [
                    Product(
                        seller=seller,
                        sku=f"BENCH-{i:05d}",
                        title=f"Stackable Drawer Organizer, 4 Pack, Model {i}",
                        bullet_points=["BPA-free PET", "Stacks securely", "Fits kitchen drawers"],
                        description="Clear organisers for kitchen drawers.",
                        category="Home & Kitchen > Lighting" if i % 5 == 0 else "Home & Kitchen > Storage",
                        unit_cost=Decimal("21.40") + i % 50,
                        weight_g=640,
                        status="active",
                    )
                    for i in range(PRODUCTS)
                ]
            )
            products = list(Product.objects.for_seller(seller).order_by("pk"))
            markets = select_marketplaces(codes="all")

            def publish():
                return publish_products(seller=seller, products=products, marketplaces=markets)

            rows = [_measure("First publish (creates)", publish, connection)]
            rows.append(_measure("Republish, nothing changed", publish, connection))
            Product.objects.for_seller(seller).update(title="Stackable Drawer Organizer, 6 Pack")
            products = list(Product.objects.for_seller(seller).order_by("pk"))
            rows.append(_measure("Republish after a title change (updates all)", publish, connection))
            total = Listing.objects.for_seller(seller).count()
            states = dict(
                Listing.objects.for_seller(seller)
                .values_list("state")
                .annotate(n=Count("pk"))
                .order_by("state")
            )
    lines = [
        f"{PRODUCTS} products × {len(markets)} marketplaces = {total:,} listings, published with "
        "`listings.services.publishing.publish_products` in one call (the job calls it in batches of "
        "PUBLISH_BATCH_SIZE products). Pricing (FX from the recorded ECB file), localised content, "
        "compliance and the existing listings are read in bulk; forbidden terms are screened with one "
        "cached regex per marketplace and prices formatted with Babel patterns parsed once per locale. "
        "New listings are written with one `INSERT … SELECT FROM unnest(…)` and changed ones with one "
        "`INSERT … ON CONFLICT DO UPDATE` per PUBLISH_WRITE_BATCH_SIZE rows, each column bound as one "
        "array in PostgreSQL's binary format (`portal.pg.insert_rows`; other databases use `bulk_create`).",
        "",
        "| step | time (s) | queries | created | updated | unchanged |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for label, elapsed, queries, result in rows:
        lines.append(
            f"| {label} | {elapsed:.2f} | {queries} "
            f"| {result.created} | {result.updated} | {result.unchanged} |"
        )
    lines += [
        "",
        f"States after the run: {states} (every fifth product is a lamp, which needs CE/UKCA/RCM/WEEE "
        "documents it does not have; the EU also wants a GPSR responsible person).",
        "",
        f"Machine: {platform.processor() or platform.machine()}, {os.cpu_count()} CPUs shared, "
        f"Python {platform.python_version()}, PostgreSQL on localhost; load average {load:.1f} when it "
        "started, from other work sharing the machine.",
        "Goal: 23,000 listings in well under a minute with a query count independent of the number "
        "of products per batch.",
    ]
    return "\n".join(lines)
