"""Quote and compare: the rating engine over many lanes × cartons, and the whole quote service.

The engine (`logistics.services.rating.rate_freight`) prices one carton set on every lane in
a few whole-array operations; a Python loop over lanes and cartons is the baseline it
replaces. The service (`quote_lanes`) adds the database reads (lanes, rate cards, duty rates,
VAT) and the landed cost per unit, in a constant number of queries.
"""

from __future__ import annotations

import datetime
import os
import platform
import time
from decimal import Decimal

import numpy as np

from bench.database import bench_database

TITLE = "Quote and compare (logistics)"
READY = datetime.date(2026, 3, 2)


def _cartons(n: int, rng):
    from logistics.engine.rating import Carton

    return [
        Carton(
            weight_g=int(rng.integers(1_000, 30_000)),
            length_mm=int(rng.integers(200, 800)),
            width_mm=int(rng.integers(200, 600)),
            height_mm=int(rng.integers(150, 600)),
        )
        for _ in range(n)
    ]


def _rates(m: int, rng):
    from logistics.engine.rating import RateArrays

    return RateArrays(
        wm_basis=rng.random(m) < 0.4,
        per_piece=rng.random(m) < 0.2,
        per_kg=rng.uniform(1, 10, m),
        per_cbm=rng.uniform(100, 250, m),
        divisor=rng.choice([5000.0, 6000.0, 1000.0], m),
        min_charge=rng.uniform(0, 200, m),
        fuel_pct=rng.uniform(0, 20, m),
    )


def _loop_baseline(cartons, rates) -> list[float]:
    """The same arithmetic, lane by lane and carton by carton, in plain Python."""
    totals = []
    for j in range(len(rates.per_kg)):
        divisor = rates.divisor[j]
        actual = sum(c.weight_g for c in cartons) / 1000
        vols = [c.length_mm * c.width_mm * c.height_mm / 1000 / divisor for c in cartons]
        if rates.per_piece[j]:
            chargeable = sum(max(c.weight_g / 1000, v) for c, v in zip(cartons, vols, strict=True))
        else:
            chargeable = max(actual, sum(vols))
        cbm = sum(c.length_mm * c.width_mm * c.height_mm for c in cartons) / 1e9
        freight = (
            max(cbm, actual / 1000) * rates.per_cbm[j] if rates.wm_basis[j] else chargeable * rates.per_kg[j]
        )
        totals.append(max(freight * (1 + rates.fuel_pct[j] / 100), rates.min_charge[j]))
    return totals


def _best_of(fn, repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def run() -> str:
    from logistics.engine.rating import CartonArrays, rate_freight

    rng = np.random.default_rng(7)
    rows = []
    for lanes, cartons in ((30, 100), (200, 2_000), (1_000, 10_000)):
        carton_list = _cartons(cartons, rng)
        rates = _rates(lanes, rng)
        arrays = CartonArrays.from_cartons(carton_list)
        engine = _best_of(lambda arrays=arrays, rates=rates: rate_freight(arrays, rates))
        loop = _best_of(lambda c=carton_list, r=rates: _loop_baseline(c, r), repeat=1)
        check = rate_freight(arrays, rates).total
        assert np.allclose(check, _loop_baseline(carton_list, rates))
        speed_up = loop / engine
        rows.append(
            f"| {lanes:,} × {cartons:,} | {engine * 1000:.2f} ms | {loop * 1000:.0f} ms | {speed_up:.0f}× |"
        )

    with bench_database():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        from logistics.services.quotes import quote_lanes
        from logistics.tests.factories import ProductFactory
        from portal.tests.factories import SellerFactory

        seller = SellerFactory(slug="bench-quotes")
        products = [ProductFactory(seller=seller, hs_code=hs) for hs in ("940520", "392410", "850940")]
        items = [{"product_id": p.pk, "quantity": 500} for p in products]
        cartons = [c.__dict__ for c in _cartons(500, rng)]

        def service():
            return quote_lanes(
                seller=seller,
                origin_country="CN",
                destination_country="US",
                cartons=cartons,
                items=items,
                ready_on=READY,
                value_per_day=Decimal("25"),
            )

        service()
        with CaptureQueriesContext(connection) as queries:
            quote = service()
        service_time = _best_of(service, repeat=5)

    cpu = platform.processor() or platform.machine()
    return "\n".join(
        [
            "What: `rate_freight` prices one carton set on m lanes at once (chargeable and volumetric "
            "weight, W/M, fuel, minimum charge) against the same arithmetic as a Python loop; then the "
            "whole `quote_lanes` service on PostgreSQL (seeded lanes, duty rates, VAT, landed cost of "
            "3 products).",
            "",
            f"Machine: {cpu}, {os.cpu_count()} CPUs, Python {platform.python_version()}, "
            f"numpy {np.__version__}.",
            "",
            "| lanes × cartons | engine (best of 3) | Python loop | speed-up |",
            "|---|---|---|---|",
            *rows,
            "",
            f"`quote_lanes`, CN→US, {len(quote.lanes)} lanes, 500 cartons, 3 products: "
            f"{service_time * 1000:.1f} ms (best of 5), {len(queries)} queries.",
            "",
            "Goal: the engine prices 1,000 lanes × 10,000 cartons in under 100 ms, so a comparison "
            "answers within a page request; the service's query count does not grow with lanes or cartons.",
        ]
    )
