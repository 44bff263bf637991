"""Reads of the global pool for its pages, with a constant number of queries."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

import numpy as np
from django.core.paginator import Paginator
from django.db.models import Subquery, Sum
from django.utils import timezone

from inventory.engine.pool import (
    AGED_DAYS,
    DEMAND_WINDOW_DAYS,
    LOW_INVENTORY_DAYS,
    UTILISATION_DAYS,
    days_of_supply,
    fifo_aged_units,
)
from inventory.models import Forecast, Node, NodeService, SalesDay, StockBalance, StockMovement
from listings.models import Product
from portal.models import Seller

STATES = ("on_hand", "reserved", "inbound", "in_transit")
COVER_FORECAST_WEEKS = 4  # days of cover rest on the forecast of the next four weeks


@dataclass
class NodeStock:
    node: Node
    on_hand: int = 0
    reserved: int = 0
    inbound: int = 0
    in_transit: int = 0
    aged: int = 0
    days_of_supply: float | None = None
    daily_demand: float = 0.0  # units a day of the marketplaces this node serves first

    @property
    def available(self) -> int:
        return self.on_hand - self.reserved


@dataclass
class MarketCover:
    marketplace: str
    daily_units: float
    node: str | None
    days: float | None
    remote: bool = False
    from_forecast: bool = False


@dataclass
class PoolRow:
    product: Product
    nodes: list[NodeStock] = field(default_factory=list)
    covers: list[MarketCover] = field(default_factory=list)
    low_inventory: list[str] = field(default_factory=list)
    aged_units: int = 0
    over_utilised: bool = False
    daily_demand: float = 0.0  # units a day, every marketplace
    band_costs: dict = field(default_factory=dict)  # fee band → monthly cost (services.fee_bands)

    def total(self, state: str) -> int:
        return sum(getattr(n, state) for n in self.nodes)

    @property
    def available(self) -> int:
        return sum(n.available for n in self.nodes)

    @property
    def gwd_available(self) -> int:
        return sum(n.available for n in self.nodes if n.node.kind == Node.Kind.GWD)

    @property
    def fc_available(self) -> int:
        return sum(n.available for n in self.nodes if n.node.kind != Node.Kind.GWD)

    @property
    def inbound(self) -> int:
        return self.total("inbound")

    @property
    def in_transit(self) -> int:
        return self.total("in_transit")


@dataclass
class _Reference:
    nodes: list[Node]
    markets: list[str]
    primary: np.ndarray  # markets × nodes
    fallback: dict[str, list[tuple[int, bool]]]  # market → [(node index, remote)] by priority


def _reference() -> _Reference:
    nodes = list(Node.objects.filter(is_active=True).order_by("kind", "code"))
    index = {n.pk: i for i, n in enumerate(nodes)}
    services = list(
        NodeService.objects.filter(node__is_active=True)
        .select_related("marketplace")
        .order_by("marketplace__code", "priority")
    )
    markets = sorted({s.marketplace.code for s in services})
    market_index = {m: i for i, m in enumerate(markets)}
    primary = np.zeros((len(markets), len(nodes)))
    fallback: dict[str, list[tuple[int, bool]]] = {m: [] for m in markets}
    for s in services:
        if s.node_id not in index:
            continue
        if not fallback[s.marketplace.code]:
            primary[market_index[s.marketplace.code], index[s.node_id]] = 1
        fallback[s.marketplace.code].append((index[s.node_id], s.is_remote))
    return _Reference(nodes=nodes, markets=markets, primary=primary, fallback=fallback)


def _rows(seller: Seller, products: list[Product], *, today: datetime.date) -> list[PoolRow]:
    """Pool rows of `products` in 4 queries whatever their number (balances, sales,
    movements, reference nodes), computed over whole arrays."""
    ref = _reference()
    p_index = {p.pk: i for i, p in enumerate(products)}
    n_index = {n.pk: i for i, n in enumerate(ref.nodes)}
    m_index = {m: i for i, m in enumerate(ref.markets)}
    shape = (len(products), len(ref.nodes))
    states = {s: np.zeros(shape, dtype=np.int64) for s in STATES}
    present = np.zeros(shape, dtype=bool)
    for row in (
        StockBalance.objects.for_seller(seller)
        .filter(product_id__in=p_index)
        .values_list("product_id", "node_id", *STATES)
    ):
        i, j = p_index[row[0]], n_index.get(row[1])
        if j is None:
            continue
        present[i, j] = True
        for state, value in zip(STATES, row[2:], strict=True):
            states[state][i, j] = value

    demand = np.zeros((len(products), len(ref.markets)))
    since = today - datetime.timedelta(days=DEMAND_WINDOW_DAYS)
    for product_id, market, units in (
        SalesDay.objects.for_seller(seller)
        .filter(product_id__in=p_index, day__gte=since, day__lt=today)
        .values_list("product_id", "marketplace__code")
        .annotate(units=Sum("units"))
        .order_by()
    ):
        if market in m_index:
            demand[p_index[product_id], m_index[market]] = units / DEMAND_WINDOW_DAYS

    # Where the newest forecast run has the series, days of cover look ahead: the mean of
    # its next four weeks; elsewhere the trailing average stands in.
    forecast = np.zeros(demand.shape, dtype=bool)
    newest = Forecast.objects.for_seller(seller).order_by("-made_at").values("made_at")[:1]
    for product_id, market, weeks in (
        Forecast.objects.for_seller(seller)
        .filter(product_id__in=p_index, made_at=Subquery(newest))
        .values_list("product_id", "marketplace__code", "weeks")
    ):
        ahead = weeks["mean"][:COVER_FORECAST_WEEKS]
        if market in m_index and ahead:
            demand[p_index[product_id], m_index[market]] = sum(ahead) / (7 * len(ahead))
            forecast[p_index[product_id], m_index[market]] = True

    moves = list(
        StockMovement.objects.for_seller(seller)
        .filter(product_id__in=p_index)
        .exclude(on_hand_delta=0)
        .values_list("product_id", "node_id", "effective_at", "on_hand_delta")
    )
    now = timezone.now()
    groups = np.array([p_index[m[0]] * len(ref.nodes) + n_index.get(m[1], 0) for m in moves], dtype=np.int64)
    ages = np.array([(now - m[2]).total_seconds() / 86400 for m in moves], dtype=np.float64)
    deltas = np.array([m[3] for m in moves], dtype=np.int64)
    aged = fifo_aged_units(groups, ages, deltas, shape[0] * shape[1], AGED_DAYS).reshape(shape)

    available = states["on_hand"] - states["reserved"]
    supply = days_of_supply(available, demand, ref.primary)
    node_demand = demand @ ref.primary
    is_fc = np.array([n.kind == Node.Kind.FC for n in ref.nodes], dtype=bool)
    fc_on_hand = (states["on_hand"] * is_fc).sum(axis=1)
    total_demand = demand.sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        fc_days = np.where(total_demand > 0, fc_on_hand / total_demand, np.where(fc_on_hand > 0, np.inf, 0))
    low = (supply < LOW_INVENTORY_DAYS) & is_fc & (demand @ ref.primary > 0)

    rows = []
    for i, product in enumerate(products):
        row = PoolRow(product=product)
        for j, node in enumerate(ref.nodes):
            if not present[i, j]:
                continue
            dos = supply[i, j]
            row.nodes.append(
                NodeStock(
                    node=node,
                    **{s: int(states[s][i, j]) for s in STATES},
                    aged=int(aged[i, j]),
                    # No sales here: no finite figure (the page shows “—”, never “inf”).
                    days_of_supply=float(dos) if np.isfinite(dos) else None,
                    daily_demand=float(node_demand[i, j]),
                )
            )
            if low[i, j]:
                row.low_inventory.append(node.code)
        for market, k in m_index.items():
            if demand[i, k] <= 0:
                continue
            chosen = next(((j, r) for j, r in ref.fallback[market] if available[i, j] > 0), None)
            if chosen is None:
                chosen = ref.fallback[market][0] if ref.fallback[market] else None
            days = None if chosen is None else supply[i, chosen[0]]
            row.covers.append(
                MarketCover(
                    marketplace=market,
                    daily_units=round(float(demand[i, k]), 2),
                    node=ref.nodes[chosen[0]].code if chosen else None,
                    days=None if days is None or np.isnan(days) else float(days),
                    remote=bool(chosen and chosen[1]),
                    from_forecast=bool(forecast[i, k]),
                )
            )
        row.aged_units = int(aged[i].sum())
        row.over_utilised = bool(fc_days[i] > UTILISATION_DAYS)
        row.daily_demand = float(total_demand[i])
        rows.append(row)
    return rows


def pool_page(
    seller: Seller, *, page: int = 1, per_page: int = 50, today: datetime.date | None = None, query: str = ""
):
    """One page of the pool, SKU by SKU: (Django page, rows)."""
    products = Product.objects.for_seller(seller).order_by("sku")
    if query:
        products = products.filter(sku__icontains=query)
    paginator = Paginator(products, per_page)
    page_obj = paginator.get_page(page)
    rows = _rows(seller, list(page_obj.object_list), today=today or timezone.localdate())
    return page_obj, rows


def pool_row(seller: Seller, product: Product, *, today: datetime.date | None = None) -> PoolRow:
    return _rows(seller, [product], today=today or timezone.localdate())[0]


def pool_rows(
    seller: Seller, products: list[Product], *, today: datetime.date | None = None
) -> list[PoolRow]:
    """Pool rows of the given products (the seller's), in the same constant number of queries."""
    return _rows(seller, products, today=today or timezone.localdate())


def region_totals(seller: Seller) -> list[dict]:
    """Units by node region and state, over all the seller's stock (one grouped query)."""
    rows = (
        StockBalance.objects.for_seller(seller)
        .values("node__region")
        .annotate(**{s: Sum(s) for s in STATES})
        .order_by("node__region")
    )
    return [{**r, "region": r["node__region"], "available": r["on_hand"] - r["reserved"]} for r in rows]


def recent_movements(seller: Seller, product: Product, *, limit: int = 30):
    return list(
        StockMovement.objects.for_seller(seller)
        .filter(product=product)
        .select_related("node", "actor")
        .order_by("-created_at", "-id")[:limit]
    )
