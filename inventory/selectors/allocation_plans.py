"""Reads for allocation plans: everything the engine needs, in a constant number of queries.

`plan_arrays` loads the pool (GWD available less ring-fences), the stock at each
destination node, weekly sales, listing prices and unit costs, lanes with their rate
cards, storage fee schedules and the seller's rules, and shapes them as the engine's
arrays. Money is converted to the plan currency (USD) with the FX table.

The destinations are the nodes that serve a marketplace first (`NodeService.priority` 1,
not remote); a node's demand is the sum of the marketplaces it serves first, and its
price and rules those of its first marketplace by code.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import numpy as np
from django.db import connection
from django.db.models import F, Sum
from django.db.models.functions import TruncWeek

from inventory.engine.allocation import BREAKOUT, DECLINE, TRIAL, AllocationInputs
from inventory.engine.simulation import ForecastRequest, PromotionForecaster, WeeklyForecast
from inventory.engine.storage_fees import FeeBook, size_tier, volume_m3
from inventory.models import (
    AllocationPlan,
    AllocationPlanLine,
    AllocationRule,
    Forecast,
    MarketStage,
    Node,
    NodeService,
    RingFence,
    SalesDay,
    StockBalance,
    StorageFeeSchedule,
)
from listings.models import Listing, Product
from listings.services.fx import FxUnavailable, RateTable
from logistics.models import Lane, RateCard
from portal.models import Seller

PLAN_CURRENCY = "USD"
HISTORY_WEEKS = 52
FORECAST_WEEKS = 8
TRIAL_WEEKS = 8  # fewer weeks of sales than this in a market: a trial
TEST_BATCH_UNITS = 24
WEEKS_PER_MONTH = 52 / 12


@dataclass
class PlanArrays:
    """The engine's inputs and what the service needs to write lines back."""

    inputs: AllocationInputs
    hub: Node
    nodes: list[Node]
    node_marketplace: list[int | None]
    products: list[Product]
    lanes: list[list[Lane | None]]
    unit_value: np.ndarray  # (S,) unit cost in the plan currency
    carton: np.ndarray  # (K,)


class _Fx:
    """Amounts in the plan currency, one FX look-up per currency (None without a rate)."""

    def __init__(self, rates: RateTable):
        self.rates = rates
        self.factors: dict[str, float | None] = {PLAN_CURRENCY: 1.0}

    def __call__(self, amount, currency: str) -> float | None:
        if amount is None:
            return None
        if currency not in self.factors:
            try:
                self.factors[currency] = float(self.rates.convert(currency, PLAN_CURRENCY).rate)
            except FxUnavailable:
                self.factors[currency] = None
        factor = self.factors[currency]
        return None if factor is None else float(amount) * factor


def destinations() -> tuple[Node | None, list[Node], list[int | None], dict[int, int]]:
    """The GWD hub, the destination nodes, each node's first marketplace id and the map
    marketplace id → node index."""
    hub = Node.objects.filter(kind=Node.Kind.GWD, is_active=True).order_by("code").first()
    services = (
        NodeService.objects.filter(priority=1, is_remote=False, node__is_active=True)
        .exclude(node__kind=Node.Kind.GWD)
        .select_related("node", "marketplace")
        .order_by("node__code", "marketplace__code")
    )
    nodes: list[Node] = []
    first_marketplace: list[int | None] = []
    by_marketplace: dict[int, int] = {}
    index: dict[int, int] = {}
    for service in services:
        if service.node_id not in index:
            index[service.node_id] = len(nodes)
            nodes.append(service.node)
            first_marketplace.append(service.marketplace_id)
        by_marketplace[service.marketplace_id] = index[service.node_id]
    return hub, nodes, first_marketplace, by_marketplace


@dataclass
class Reference:
    """The platform's tables a plan reads, the same for every seller: read once per run."""

    hub: Node | None
    nodes: list[Node]
    node_marketplace: list[int | None]
    by_marketplace: dict[int, int]
    fees: FeeBook
    lanes: list[Lane]
    cards: dict[int, RateCard]
    fx: _Fx


def load_reference(today: datetime.date) -> Reference:
    hub, nodes, node_marketplace, by_marketplace = destinations()
    lanes: list[Lane] = []
    cards: dict[int, RateCard] = {}
    if hub is not None:
        lanes = list(
            Lane.objects.valid_on(today)
            .filter(origin_country=hub.country, destination_country__in={n.country for n in nodes})
            .select_related("program")
            .order_by("transit_days_max", "code")
        )
        for card in RateCard.objects.filter(lane__in=lanes, valid_from__lte=today).order_by("valid_from"):
            if card.valid_to is None or card.valid_to >= today:
                cards[card.lane_id] = card
    return Reference(
        hub=hub,
        nodes=nodes,
        node_marketplace=node_marketplace,
        by_marketplace=by_marketplace,
        fees=FeeBook(list(StorageFeeSchedule.objects.all())),
        lanes=lanes,
        cards=cards,
        fx=_Fx(RateTable.load(today=today)),
    )


def plan_arrays(
    seller: Seller,
    *,
    today: datetime.date,
    reference: Reference | None = None,
    only: list[int] | None = None,
) -> PlanArrays | None:
    """The engine's arrays for the seller's products with pool stock (or the products
    `only`); None without any. `reference` is read when not given."""
    ref = reference or load_reference(today)
    hub, nodes, node_marketplace, by_marketplace = (
        ref.hub,
        ref.nodes,
        ref.node_marketplace,
        ref.by_marketplace,
    )
    if hub is None or not nodes:
        return None

    def mine(queryset):
        return queryset if only is None else queryset.filter(product_id__in=only)

    fences = dict(
        mine(RingFence.objects.for_seller(seller))
        .filter(node=hub)
        .values("product_id")
        .annotate(n=Sum("quantity"))
        .values_list("product_id", "n")
    )
    pool_rows = (
        mine(StockBalance.objects.for_seller(seller))
        .filter(node=hub)
        .annotate(free=F("on_hand") - F("reserved"))
        .filter(free__gt=0)
        .values_list("product_id", "free")
    )
    pool_by_product = {pid: free - fences.get(pid, 0) for pid, free in pool_rows}
    pool_by_product = {pid: n for pid, n in pool_by_product.items() if n > 0}
    if not pool_by_product:
        return None
    catalogue = Product.objects.for_seller(seller).order_by("pk")
    if only is not None:
        catalogue = catalogue.filter(pk__in=only)
    products = [p for p in catalogue if p.pk in pool_by_product]
    n_sku, n_node = len(products), len(nodes)
    k = n_sku * n_node
    sku_index = {p.pk: i for i, p in enumerate(products)}
    node_index = {n.pk: j for j, n in enumerate(nodes)}
    pair_sku = np.repeat(np.arange(n_sku), n_node)
    pair_node = np.tile(np.arange(n_node), n_sku)

    def pair(product_id: int, node_pos: int) -> int:
        return sku_index[product_id] * n_node + node_pos

    on_hand = np.zeros(k)
    inbound = np.zeros(k)
    for product_id, node_id, hand, reserved, transit, coming in (
        mine(StockBalance.objects.for_seller(seller))
        .filter(node_id__in=node_index)
        .values_list("product_id", "node_id", "on_hand", "reserved", "in_transit", "inbound")
    ):
        if product_id not in sku_index:
            continue
        at = pair(product_id, node_index[node_id])
        on_hand[at] = hand - reserved
        inbound[at] = transit + coming

    stored = stored_forecast(
        seller, sku_index=sku_index, by_marketplace=by_marketplace, n_node=n_node, today=today, only=only
    )
    if stored is not None:
        forecast, stage_codes = stored
        first_week = np.where(stage_codes == TRIAL, HISTORY_WEEKS, 0)
    else:
        forecast, first_week = history_forecast(
            seller, sku_index=sku_index, by_marketplace=by_marketplace, n_node=n_node, today=today, only=only
        )
        stage_codes = None

    fx = ref.fx
    unit_value = np.array([fx(p.unit_cost, p.unit_cost_currency) or 0.0 for p in products])
    price = np.full(k, np.nan)
    first_of_node = {m: j for j, m in enumerate(node_marketplace)}
    for product_id, marketplace_id, amount, currency in (
        mine(Listing.objects.for_seller(seller))
        .filter(marketplace_id__in=first_of_node, price__isnull=False)
        .values_list("product_id", "marketplace_id", "price", "currency")
    ):
        if product_id not in sku_index:
            continue
        price[pair(product_id, first_of_node[marketplace_id])] = fx(amount, currency) or np.nan
    # No listing price in a market: a sale there earns nothing the plan can count on.
    margin = np.where(np.isnan(price), 0.0, price - unit_value[pair_sku])

    # Storage: each node's fee per m³ and month for each size tier, times the unit volume.
    book = ref.fees
    volume = np.array([float(volume_m3(p)) for p in products])
    tier = [size_tier(p) for p in products]
    tiers = sorted(set(tier))
    rate = np.zeros((n_node, len(tiers)))
    for j, node in enumerate(nodes):
        for t, name in enumerate(tiers):
            schedule = book.find(node, name, today)
            if schedule is not None:
                per_m3 = float(schedule.rate) * (35.3146667 if schedule.volume_unit == "cu_ft" else 1.0)
                rate[j, t] = fx(per_m3, schedule.currency) or 0.0
    tier_pos = np.array([tiers.index(t) for t in tier])
    holding_week = rate[pair_node, tier_pos[pair_sku]] * volume[pair_sku] / WEEKS_PER_MONTH

    # Lanes from the hub's country to each node's, priced per kg of chargeable weight.
    lanes, cards = ref.lanes, ref.cards
    by_country: dict[str, list[tuple[Lane, float]]] = {}
    for lane in lanes:
        card = cards.get(lane.pk)
        if card is None:
            continue
        # On "weight or measure" a revenue ton is a cubic metre or a tonne: per kg = per cbm / 1000.
        per_kg = float(card.per_cbm or 0) / 1000 if card.basis == "wm" else float(card.per_kg or 0)
        per_kg *= 1 + float(card.fuel_surcharge_pct or 0) / 100
        converted = fx(per_kg, card.currency)
        if converted is not None:
            by_country.setdefault(lane.destination_country, []).append((lane, converted))
    n_lanes = max([len(v) for v in by_country.values()] + [1])
    lane_days = np.full((n_node, n_lanes), np.nan)
    lane_cost = np.full((n_node, n_lanes), np.nan)
    node_lanes: list[list[Lane | None]] = []
    for j, node in enumerate(nodes):
        options = by_country.get(node.country, [])
        node_lanes.append([lane for lane, _ in options] + [None] * (n_lanes - len(options)))
        for i, (lane, per_kg) in enumerate(options):
            lane_days[j, i] = lane.transit_days_max
            lane_cost[j, i] = per_kg
    weight_kg = np.array(
        [max((p.weight_g or 0) / 1000, float(volume_m3(p)) * 1_000_000 / 6000) for p in products]
    )

    # The seller's rules, by product × the node's marketplace.
    excluded = np.zeros(k, dtype=bool)
    min_units = np.full(k, np.nan)
    max_units = np.full(k, np.nan)
    service = np.full(k, np.nan)
    pinned = np.full(k, -1, dtype=np.int64)
    for rule in mine(AllocationRule.objects.for_seller(seller)):
        node_pos = by_marketplace.get(rule.marketplace_id)
        if node_pos is None or rule.product_id not in sku_index:
            continue
        at = pair(rule.product_id, node_pos)
        excluded[at] |= rule.exclude
        if rule.min_units is not None:
            min_units[at] = rule.min_units
        if rule.max_units is not None:
            max_units[at] = rule.max_units
        if rule.service_level is not None:
            service[at] = float(rule.service_level)
        if rule.pinned_lane_id is not None:
            ids = [lane.pk if lane else None for lane in node_lanes[node_pos]]
            if rule.pinned_lane_id in ids:
                pinned[at] = ids.index(rule.pinned_lane_id)

    # A market with a listing but little history is a trial: a test batch, no more.
    weeks_seen = HISTORY_WEEKS - first_week
    listed = ~np.isnan(price)
    if stage_codes is None:
        trial = listed & (weeks_seen < TRIAL_WEEKS)
        stage = np.where(trial, TRIAL, 0)
    else:
        # The forecasting job's market stages; a trial still needs a listing to be sent to.
        stage = np.where((stage_codes == TRIAL) & ~listed, 0, stage_codes)
        trial = stage == TRIAL
    position = on_hand + inbound
    min_units = np.where(trial & np.isnan(min_units), np.maximum(TEST_BATCH_UNITS - position, 0), min_units)
    carton = np.array([int((p.attributes or {}).get("units_per_carton") or 1) for p in products])[pair_sku]

    with np.errstate(all="ignore"):
        cheapest = np.nan_to_num(
            np.nanmin(np.where(np.isnan(lane_cost), np.inf, lane_cost), axis=1), posinf=0.0
        )
    pullback = cheapest[pair_node] * weight_kg[pair_sku]

    inputs = AllocationInputs(
        pair_sku=pair_sku,
        pair_node=pair_node,
        pool=np.array([pool_by_product[p.pk] for p in products], dtype=float),
        on_hand=np.maximum(on_hand, 0),
        inbound=inbound,
        mean=forecast.mean,
        p10=forecast.p10,
        p50=forecast.p50,
        p90=forecast.p90,
        unit_margin=margin,
        holding_week=holding_week,
        # Bringing a unit back costs about what sending it did: one more trip on the lane.
        pullback_cost=pullback,
        lane_transit_days=lane_days,
        lane_cost=lane_cost,
        freight_units=weight_kg,
        carton=carton,
        min_transfer=np.ones(k, dtype=np.int64),
        stage=stage,
        test_batch=np.full(k, float(TEST_BATCH_UNITS)),
        excluded=excluded,
        min_units=min_units,
        max_units=max_units,
        service_override=service,
        pinned_lane=pinned,
    )
    return PlanArrays(
        inputs=inputs,
        hub=hub,
        nodes=nodes,
        node_marketplace=node_marketplace,
        products=products,
        lanes=node_lanes,
        unit_value=unit_value,
        carton=carton,
    )


STAGE_CODES = {"steady": 0, "growth": 1, "trial": TRIAL, "breakout": BREAKOUT, "decline": DECLINE}
STAGE_ORDER = ("decline", "trial", "steady", "growth", "breakout")  # least to most active


def stored_forecast(
    seller: Seller,
    *,
    sku_index: dict[int, int],
    by_marketplace: dict[int, int],
    n_node: int,
    today: datetime.date,
    only: list[int] | None = None,
):
    """The latest forecasting run's weeks and market stages per pair, or None if the seller
    has no stored forecast. A node's forecast is the sum of its marketplaces' (quantiles
    summed too: a slight overstatement of the spread, on the side of having stock). Weeks
    already past are skipped; a series shorter than the plan's weeks repeats its last one."""
    latest = (
        Forecast.objects.for_seller(seller).order_by("-made_at").values_list("made_at", flat=True).first()
    )
    if latest is None:
        return None
    k = len(sku_index) * n_node
    arrays = {name: np.zeros((k, FORECAST_WEEKS)) for name in ("mean", "p10", "p50", "p90")}
    this_week = today - datetime.timedelta(days=today.weekday())
    rows = Forecast.objects.for_seller(seller).filter(made_at=latest)
    if only is not None:
        rows = rows.filter(product_id__in=only)
    if connection.vendor == "postgresql":
        products, markets, values = _sliced_weeks_pg(rows, this_week)
    else:
        products, markets, values = _sliced_weeks(rows, this_week)
    node_pos = np.array([by_marketplace.get(m, -1) for m in markets.tolist()], dtype=np.int64)
    sku = np.array([sku_index.get(p, -1) for p in products.tolist()], dtype=np.int64)
    keep = (node_pos >= 0) & (sku >= 0)
    at = sku[keep] * n_node + node_pos[keep]
    for i, target in enumerate(arrays.values()):
        np.add.at(target, at, values[keep, i * FORECAST_WEEKS : (i + 1) * FORECAST_WEEKS])
    # A node serving several marketplaces takes the most active stage among them (a
    # breakout anywhere speeds it up, a decline only counts when all its markets decline).
    rank = np.full(k, -1)
    stages = MarketStage.objects.for_seller(seller).filter(decided_at=latest)
    if only is not None:
        stages = stages.filter(product_id__in=only)
    for product_id, marketplace_id, stage in stages.values_list("product_id", "marketplace_id", "stage"):
        node_pos = by_marketplace.get(marketplace_id)
        sku = sku_index.get(product_id)
        if node_pos is not None and sku is not None:
            at = sku * n_node + node_pos
            rank[at] = max(rank[at], STAGE_ORDER.index(stage) if stage in STAGE_ORDER else 2)
    stage_codes = np.where(rank >= 0, np.array([STAGE_CODES[n] for n in STAGE_ORDER])[np.maximum(rank, 0)], 0)
    forecast = WeeklyForecast(
        mean=arrays["mean"],
        p10=arrays["p10"],
        p50=arrays["p50"],
        p90=np.maximum(arrays["p90"], arrays["p50"]),
    )
    return forecast, stage_codes


QUANTITIES = ("mean", "p10", "p50", "p90")


def _sliced_weeks(rows, this_week: datetime.date):
    """(product ids, marketplace ids, (n, 4 × FORECAST_WEEKS) values) from the stored JSON:
    the weeks from this week on, the last one repeated when a forecast runs out."""
    products, markets, values = [], [], []
    for product_id, marketplace_id, weeks in rows.values_list("product_id", "marketplace_id", "weeks"):
        skip = max((this_week - datetime.date.fromisoformat(weeks["start"])).days // 7, 0)
        row = []
        for name in QUANTITIES:
            series = weeks[name]
            row += [series[min(skip + i, len(series) - 1)] for i in range(FORECAST_WEEKS)]
        products.append(product_id)
        markets.append(marketplace_id)
        values.append(row)
    return (
        np.array(products, dtype=np.int64),
        np.array(markets, dtype=np.int64),
        np.array(values, dtype=float).reshape(-1, 4 * FORECAST_WEEKS),
    )


def _sliced_weeks_pg(rows, this_week: datetime.date):
    """The same, with PostgreSQL slicing the JSON: each row comes back as one line of
    numbers, all rows are parsed by numpy at once (no JSON decoding per row in Python)."""
    from django.db.models.expressions import RawSQL

    table = Forecast._meta.db_table
    numbers = RawSQL(
        f"""(SELECT string_agg(coalesce({table}.weeks -> q.k ->> least(
                 greatest((%s::date - ({table}.weeks ->> 'start')::date) / 7, 0) + g.i,
                 jsonb_array_length({table}.weeks -> q.k) - 1), '0'), ' ' ORDER BY q.o, g.i)
             FROM unnest(%s::text[]) WITH ORDINALITY AS q(k, o), generate_series(0, %s) AS g(i))""",
        (this_week, list(QUANTITIES), FORECAST_WEEKS - 1),
    )
    found = list(rows.annotate(numbers=numbers).values_list("product_id", "marketplace_id", "numbers"))
    if not found:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64), np.zeros((0, 4 * FORECAST_WEEKS))
    products, markets, texts = zip(*found, strict=True)
    values = np.fromstring(" ".join(texts), sep=" ").reshape(len(found), 4 * FORECAST_WEEKS)
    return np.array(products, dtype=np.int64), np.array(markets, dtype=np.int64), values


def history_forecast(
    seller: Seller,
    *,
    sku_index: dict[int, int],
    by_marketplace: dict[int, int],
    n_node: int,
    today: datetime.date,
    only: list[int] | None = None,
):
    """Weekly forecasts per pair (product × node, in `sku_index` order) from the last
    `HISTORY_WEEKS` weeks of sales, and each pair's first week with sales (HISTORY_WEEKS if
    none). Weeks before a pair's first sale are unknown, not zeros."""
    k = len(sku_index) * n_node
    week0 = today - datetime.timedelta(days=today.weekday()) - datetime.timedelta(weeks=HISTORY_WEEKS)
    units = np.zeros((k, HISTORY_WEEKS))
    first_week = np.full(k, HISTORY_WEEKS)
    sales = SalesDay.objects.for_seller(seller)
    if only is not None:
        sales = sales.filter(product_id__in=only)
    rows = (
        sales.filter(day__gte=week0, day__lt=week0 + datetime.timedelta(weeks=HISTORY_WEEKS))
        .annotate(week=TruncWeek("day"))
        .values("product_id", "marketplace_id", "week")
        .annotate(n=Sum("units"))
        .values_list("product_id", "marketplace_id", "week", "n")
    )
    for product_id, marketplace_id, week, n in rows:
        node_pos = by_marketplace.get(marketplace_id)
        sku = sku_index.get(product_id)
        if node_pos is None or sku is None:
            continue
        w = ((week.date() if isinstance(week, datetime.datetime) else week) - week0).days // 7
        at = sku * n_node + node_pos
        units[at, w] += n
        first_week[at] = min(first_week[at], w)
    units[np.arange(HISTORY_WEEKS)[None, :] < first_week[:, None]] = np.nan
    zeros = np.zeros((k, HISTORY_WEEKS + FORECAST_WEEKS))
    forecast = PromotionForecaster()(
        ForecastRequest(
            units=units,
            price=zeros,
            deal=zeros,
            feat=zeros,
            pair_sku=np.repeat(np.arange(len(sku_index)), n_node),
            horizon=FORECAST_WEEKS,
        )
    )
    return forecast, first_week


def plans_for(seller: Seller):
    return AllocationPlan.objects.for_seller(seller).order_by("-created_at", "-id")


def plan_lines(seller: Seller, plan: AllocationPlan, *, order: str = "-value"):
    allowed = {"value", "-value", "units", "-units", "freight_cost", "-freight_cost", "id"}
    return (
        AllocationPlanLine.objects.for_seller(seller)
        .filter(plan=plan)
        .select_related("product", "from_node", "to_node", "marketplace", "lane")
        .order_by(order if order in allowed else "-value", "id")
    )


def weekly_sales_frame(seller: Seller, *, weeks: int = 104):
    """The seller's sales as the simulation reads them: one row per SKU, marketplace and week
    (week starting Monday) with units, for the last `weeks` weeks."""
    import pandas as pd
    from django.utils import timezone

    since = timezone.now().date() - datetime.timedelta(weeks=weeks)
    rows = list(
        SalesDay.objects.for_seller(seller)
        .filter(day__gte=since)
        .annotate(week=TruncWeek("day"))
        .values("product__sku", "marketplace__code", "week")
        .annotate(units=Sum("units"))
        .values_list("product__sku", "marketplace__code", "week", "units")
    )
    frame = pd.DataFrame(rows, columns=["sku", "marketplace", "date", "units"])
    if not frame.empty:
        frame["date"] = pd.to_datetime(frame["date"]).dt.normalize()
    return frame
