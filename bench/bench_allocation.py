"""Allocation: the engine on 100,000 SKUs × 23 nodes, and the sales replay on the dev file.

The engine (`inventory.engine.allocation.plan_allocation`) plans every (SKU, node) pair in
whole-array operations; the baseline is the same engine called SKU by SKU (23 pairs at a
time), which is what a loop over SKUs would at best do, timed on a sample and scaled.
The replay (`inventory.engine.simulation`) runs both policies on the 407 series of
`dominicks_oj_dev.csv`, last 26 weeks, default settings, and reports the goal's figures;
the same on an earlier 26-week window and on halves of the stores show how far the
result carries.
"""

from __future__ import annotations

import os
import platform
import time
from pathlib import Path

import numpy as np

TITLE = "Allocation plan and simulation (inventory)"
SKUS = 100_000
NODES = 23
WEEKS = 6
LANES = 3
SAMPLE_SKUS = 1_000
DEV_FILE = Path(os.environ.get("DEMAND_DIR", "/work/shared/data/demand")) / "dominicks_oj_dev.csv"


def synthetic_inputs(n_sku: int, rng):
    """Pool, stock, forecasts and lanes shaped like a large seller's catalogue."""
    from inventory.engine.allocation import BREAKOUT, DECLINE, TRIAL, AllocationInputs

    k = n_sku * NODES
    level = rng.gamma(0.6, 8.0, size=k) * (rng.random(k) < 0.7)
    mean = level[:, None] * rng.uniform(0.7, 1.3, size=(k, WEEKS))
    spread = rng.uniform(0.2, 0.9, size=(k, 1))
    z = 1.2815515655446004
    p10 = np.floor(mean * np.exp(-z * spread))
    p90 = np.ceil(mean * np.exp(z * spread))
    sku_demand = np.bincount(np.repeat(np.arange(n_sku), NODES), weights=level, minlength=n_sku)
    stage = rng.choice([0, 1, TRIAL, BREAKOUT, DECLINE], p=[0.6, 0.15, 0.1, 0.05, 0.1], size=k)
    return AllocationInputs(
        pair_sku=np.repeat(np.arange(n_sku), NODES),
        pair_node=np.tile(np.arange(NODES), n_sku),
        pool=np.floor(sku_demand * rng.uniform(2.0, 8.0, size=n_sku)),
        on_hand=np.floor(level * rng.uniform(0, 4, size=k)),
        inbound=np.floor(level * rng.uniform(0, 2, size=k)),
        mean=mean,
        p10=p10,
        p50=mean,
        p90=p90,
        unit_margin=rng.uniform(1.0, 15.0, size=k),
        holding_week=rng.uniform(0.02, 0.3, size=k),
        pullback_cost=rng.uniform(0.2, 2.0, size=k),
        lane_transit_days=np.tile([[35.0, 18.0, 6.0]], (NODES, 1)) * rng.uniform(0.8, 1.2, (NODES, 1)),
        lane_cost=np.tile([[0.3, 0.9, 2.5]], (NODES, 1)) * rng.uniform(0.8, 1.2, (NODES, 1)),
        freight_units=rng.uniform(0.2, 3.0, size=n_sku),
        carton=rng.choice([1, 6, 12, 24], size=k),
        min_transfer=rng.choice([0, 12, 24], size=k),
        stage=stage,
        test_batch=np.full(k, 24.0),
    )


def _slice(inputs, skus: np.ndarray):
    """The pairs of the given SKUs (renumbered 0…), for the per-SKU baseline."""
    from dataclasses import fields, replace

    pairs = np.isin(inputs.pair_sku, skus)
    changes = {}
    for f in fields(inputs):
        value = getattr(inputs, f.name)
        if value is None or f.name in ("lane_transit_days", "lane_cost"):
            continue
        if f.name in ("pool", "freight_units"):
            changes[f.name] = value[skus]
        elif f.name == "pair_sku":
            changes[f.name] = np.searchsorted(skus, value[pairs])
        else:
            changes[f.name] = value[pairs]
    return replace(inputs, **changes)


def _engine_section() -> list[str]:
    from inventory.engine.allocation import plan_allocation, reasons

    rng = np.random.default_rng(7)
    inputs = synthetic_inputs(SKUS, rng)
    began = time.perf_counter()
    plan = plan_allocation(inputs)
    compute = time.perf_counter() - began
    lines = np.flatnonzero((plan.units > 0) | (plan.pullback > 0))
    began = time.perf_counter()
    node_names = np.array([f"N{i:02d}" for i in range(NODES)])
    lane_names = np.tile(np.array([["ocean", "rail", "air"]]), (NODES, 1))
    text = reasons(
        _take(plan, lines),
        node_names=node_names,
        lane_names=lane_names,
        pair_node=inputs.pair_node[lines],
        pair_sku=inputs.pair_sku[lines],
        carton=inputs.carton[lines],
    )
    wording = time.perf_counter() - began
    assert len(text) == lines.size
    sent = np.bincount(inputs.pair_sku, weights=plan.units, minlength=SKUS)
    assert (sent <= inputs.pool).all()
    short = int((plan.shadow_price > 0).sum())

    sample = np.sort(rng.choice(SKUS, size=SAMPLE_SKUS, replace=False))
    began = time.perf_counter()
    for sku in sample:
        plan_allocation(_slice(inputs, np.array([sku])))
    loop = (time.perf_counter() - began) / SAMPLE_SKUS * SKUS
    return [
        f"- Engine, {SKUS:,} SKUs × {NODES} nodes ({SKUS * NODES:,} pairs, {WEEKS} forecast weeks, "
        f"{LANES} lanes per node), {short:,} SKUs with a short pool: **{compute:.1f} s** to plan, "
        f"{wording:.1f} s to word the {lines.size:,} lines' reasons.",
        f"- The same engine called SKU by SKU (the least a loop over SKUs costs), {SAMPLE_SKUS:,} "
        f"SKUs timed and scaled: {loop:.0f} s for {SKUS:,} SKUs — the whole-array run is "
        f"**{loop / compute:.0f}×** faster.",
    ]


def _take(plan, index):
    from dataclasses import fields, replace

    return replace(
        plan,
        **{
            f.name: getattr(plan, f.name)[index]
            for f in fields(plan)
            if f.name != "shadow_price" and getattr(plan, f.name).size == plan.units.size
        },
    )


def _simulation_section() -> list[str]:
    import pandas as pd

    from inventory.engine.simulation import run_policies, sales_history

    if not DEV_FILE.exists():
        return [f"- Simulation: {DEV_FILE} not found, not measured."]
    frame = pd.read_csv(DEV_FILE)
    history = sales_history(frame)
    n_weeks = history.weeks.size
    began = time.perf_counter()
    results = run_policies(history, start=n_weeks - 26, weeks=26)
    elapsed = time.perf_counter() - began
    out = [
        f"- Simulation of the dev file ({history.pair_sku.size} series, 26 weeks, both policies): "
        f"**{elapsed:.1f} s** (goal ≤ 120 s).",
        "",
        "| window / stores | engine fill | static fill | engine lost ÷ static lost "
        "| engine node holding ÷ static |",
        "|---|---|---|---|---|",
    ]

    def row(label, res):
        e, s = res["engine"].totals, res["static"].totals
        return (
            f"| {label} | {e['fill_rate']:.2%} | {s['fill_rate']:.2%} | "
            f"{e['lost_units'] / max(s['lost_units'], 1):.2f} | "
            f"{e['node_holding_cost'] / max(s['node_holding_cost'], 1e-9):.2f} |"
        )

    out.append(row("last 26 weeks, all 37 stores (the goal: ≥ 98%, ≤ 0.50, ≤ 1.00)", results))
    out.append(row("the 26 weeks before, all stores", run_policies(history, start=n_weeks - 52, weeks=26)))
    stores = np.sort(frame["marketplace"].unique())
    rng = np.random.default_rng(0)
    for i in range(4):
        pick = rng.choice(stores, size=len(stores) // 2, replace=False)
        half = sales_history(frame[frame["marketplace"].isin(pick)])
        out.append(
            row(
                f"last 26 weeks, random half of the stores #{i + 1}",
                run_policies(half, start=half.weeks.size - 26, weeks=26),
            )
        )
    return out


E2E_SKUS = int(os.environ.get("BENCH_ALLOCATION_SKUS", "100000"))
LOOP_SAMPLE = 100


def _seed(seller, n_sku: int, today, rng):
    """Products with pool stock, some stock at the nodes, listings and weekly sales, written
    in binary batches (seeding is not timed)."""
    import datetime
    from decimal import Decimal

    from django.utils import timezone

    from inventory.models import Forecast, MarketStage, StockBalance
    from inventory.selectors.allocation_plans import destinations
    from listings.models import Listing, Product
    from portal.pg import insert_rows

    hub, nodes, node_marketplace, _ = destinations()
    products = [
        Product(
            seller=seller,
            sku=f"B-{i:06d}",
            title=f"Bench {i}",
            status=Product.Status.ACTIVE,
            unit_cost=Decimal("5.00"),
            unit_cost_currency="USD",
            weight_g=int(rng.integers(100, 3000)),
            length_mm=300,
            width_mm=200,
            height_mm=100,
        )
        for i in range(n_sku)
    ]
    insert_rows(Product, products, batch_size=50_000)
    ids = list(Product.objects.for_seller(seller).order_by("pk").values_list("pk", flat=True))
    balances = [
        StockBalance(seller=seller, product_id=pid, node=hub, on_hand=int(rng.integers(50, 5000)))
        for pid in ids
    ]
    listings, forecasts, stages = [], [], []
    start = today - datetime.timedelta(days=today.weekday())
    made_at = timezone.now()
    for pid in ids:
        for node, marketplace_id in zip(nodes, node_marketplace, strict=True):
            if rng.random() < 0.3:
                balances.append(
                    StockBalance(seller=seller, product_id=pid, node=node, on_hand=int(rng.integers(0, 80)))
                )
            if rng.random() < 0.4:
                listings.append(
                    Listing(
                        seller=seller,
                        product_id=pid,
                        marketplace_id=marketplace_id,
                        marketplace_sku=f"{pid}-{marketplace_id}",
                        locale="en_US",
                        price=Decimal("19.99"),
                        currency="USD",
                        fulfilment_route=Listing.Route.LOCAL_FC,
                        fulfilment_from="US",
                        delivery_days_min=1,
                        delivery_days_max=3,
                        state=Listing.State.LIVE,
                    )
                )
                # The forecasting job's output: 26 weeks of mean and quantiles per series.
                mean = np.round(rng.gamma(1.0, 6.0) * rng.uniform(0.8, 1.2, 26), 2)
                spread = float(rng.uniform(0.2, 0.8))
                forecasts.append(
                    Forecast(
                        seller=seller,
                        product_id=pid,
                        marketplace_id=marketplace_id,
                        made_at=made_at,
                        first_week=start,
                        method="global",
                        weeks={
                            "start": start.isoformat(),
                            "mean": mean.tolist(),
                            "p10": np.round(mean * (1 - spread), 2).tolist(),
                            "p50": mean.tolist(),
                            "p90": np.round(mean * (1 + 2 * spread), 2).tolist(),
                        },
                    )
                )
                stages.append(
                    MarketStage(
                        seller=seller,
                        product_id=pid,
                        marketplace_id=marketplace_id,
                        stage="steady",
                        reason="bench",
                        decided_at=made_at,
                    )
                )
    insert_rows(StockBalance, balances, batch_size=50_000)
    insert_rows(Listing, listings, batch_size=50_000)
    insert_rows(Forecast, forecasts, batch_size=50_000)
    insert_rows(MarketStage, stages, batch_size=50_000)
    return ids, len(nodes), len(forecasts)


def _end_to_end_section() -> list[str]:
    import datetime

    from django.db import connection, transaction

    from bench.database import bench_database
    from inventory.engine.allocation import plan_allocation, reasons
    from inventory.models import AllocationPlan, AllocationPlanLine
    from inventory.selectors.allocation_plans import load_reference, plan_arrays
    from inventory.services.allocation_plans import run_allocation_plan
    from portal.models import Seller
    from portal.tenancy import seller_scope

    today = datetime.date(2026, 6, 1)
    rng = np.random.default_rng(11)
    with bench_database():
        seller = Seller.objects.create(name="Bench Seller", slug="bench-seller")
        with seller_scope(seller):
            ids, n_node, n_sales = _seed(seller, E2E_SKUS, today, rng)
            began = time.perf_counter()
            plan = run_allocation_plan(seller=seller, today=today)
            batch = time.perf_counter() - began
            n_lines = AllocationPlanLine.objects.for_seller(seller).filter(plan=plan).count()

            # The baseline: the same reads, engine and reasons, one SKU at a time, each line
            # saved on its own; the platform's tables read once, as a careful loop would.
            sample = [int(i) for i in rng.choice(ids, size=LOOP_SAMPLE, replace=False)]
            loop_plan = AllocationPlan.objects.for_seller(seller).create(seller=seller)
            began = time.perf_counter()
            reference = load_reference(today)
            saved = 0
            for pid in sample:
                with transaction.atomic():
                    arrays = plan_arrays(seller, today=today, reference=reference, only=[pid])
                    if arrays is None:
                        continue
                    result = plan_allocation(arrays.inputs)
                    words = reasons(
                        result,
                        node_names=np.array([n.code for n in arrays.nodes], dtype=object),
                        lane_names=np.array(
                            [[str(x) for x in lanes] for lanes in arrays.lanes], dtype=object
                        ),
                        pair_node=arrays.inputs.pair_node,
                        pair_sku=arrays.inputs.pair_sku,
                    )
                    for at in np.flatnonzero(result.units > 0):
                        AllocationPlanLine(
                            seller=seller,
                            plan=loop_plan,
                            product_id=pid,
                            from_node=arrays.hub,
                            to_node=arrays.nodes[arrays.inputs.pair_node[at]],
                            units=int(result.units[at]),
                            suggested_units=int(result.units[at]),
                            service_level=round(float(result.service_level[at]), 4),
                            reason=words[at],
                        ).save()
                        saved += 1
            loop = (time.perf_counter() - began) / LOOP_SAMPLE * len(ids)
        vendor = connection.vendor
    return [
        f"- End to end on {vendor}: {E2E_SKUS:,} SKUs with pool stock × {n_node} destination nodes "
        f"(the nodes that serve a marketplace first), {n_sales:,} stored forecasts (26 weeks each) "
        f"and market stages: read, plan, write {n_lines:,} lines in **{batch:.1f} s**.",
        f"- The per-SKU ORM loop (same reads filtered to one product, the engine on its "
        f"{n_node} pairs, each line saved on its own; reference tables read once), {LOOP_SAMPLE} SKUs "
        f"timed ({saved} lines) and scaled: {loop:.0f} s for {len(ids):,} SKUs — the batch run is "
        f"**{loop / batch:.0f}×** faster.",
    ]


def run() -> str:
    machine = f"{platform.machine()}, {os.cpu_count()} CPUs, load {os.getloadavg()[0]:.1f} at start"
    lines = [__doc__.strip(), "", f"Machine: {machine}; numpy {np.__version__}.", ""]
    lines += _engine_section()
    lines += _end_to_end_section()
    lines += _simulation_section()
    return "\n".join(lines) + "\n"
