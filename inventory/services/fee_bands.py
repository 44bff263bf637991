"""Fee bands in money: what each pool flag costs a month, and warnings where stock moves.

`pool_band_costs(seller, rows)` prices the pool page's flags in the seller's home currency
with the operators' fee bands (`FeeBand`). `band_warnings(seller, moves)` answers, before a
transfer is dispatched or an order allocated, which bands the move would create or deepen and
by how much a month, so the seller sees the cost first; `inbound_warnings` projects the aged
surcharge an inbound plan's surplus units will pay once they reach the fulfilment centres.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Q
from django.utils import timezone

from inventory.engine.fee_bands import AGED, BANDS, LOW_INVENTORY, UTILISATION, NodeState, band_costs
from inventory.engine.pool import AGED_DAYS
from inventory.engine.storage_fees import CUBIC_FEET_PER_M3, volume_m3
from inventory.models import FeeBand, Node
from inventory.selectors.pool import PoolRow, pool_rows
from listings.models import Product
from listings.services.fx import FxUnavailable, RateTable
from portal.models import Seller


@dataclass(frozen=True)
class BandRates:
    """The rate of each band in the seller's home currency (None: no band or no FX rate)."""

    currency: str
    rates: dict[str, float | None]
    sources: dict[str, FeeBand]

    @classmethod
    def load(
        cls, seller: Seller, *, day: datetime.date | None = None, rates: RateTable | None = None
    ) -> BandRates:
        day = day or timezone.localdate()
        chosen: dict[str, FeeBand] = {}
        for band in (
            FeeBand.objects.filter(node_kind=Node.Kind.FC, valid_from__lte=day)
            .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))
            .order_by("region", "-valid_from")
        ):
            chosen.setdefault(band.band, band)
        home = seller.home_currency
        table = None
        converted: dict[str, float | None] = {}
        for name in BANDS:
            band = chosen.get(name)
            if band is None:
                converted[name] = None
                continue
            if band.currency == home:
                converted[name] = float(band.rate)
                continue
            table = table or rates or RateTable.load()
            try:
                converted[name] = float(band.rate * table.convert(band.currency, home).rate)
            except FxUnavailable:
                converted[name] = None
        return cls(currency=home, rates=converted, sources=chosen)


@dataclass(frozen=True)
class BandWarning:
    """A move that creates or deepens a band: its monthly cost after the move and the increase."""

    sku: str
    band: str
    label: str
    nodes: tuple[str, ...]
    monthly_after: Decimal
    increase: Decimal
    currency: str
    estimate: bool


@dataclass(frozen=True)
class Move:
    """Units a step would add to (or take from) a node: on hand and available, separately."""

    product: Product
    node: Node
    on_hand: int = 0
    available: int = 0


def _money(value: float, currency: str) -> Decimal:
    exponent = Decimal(1) if currency == "JPY" else Decimal("0.01")
    return Decimal(repr(round(value, 6))).quantize(exponent, ROUND_HALF_UP)


def _states(row: PoolRow, moves: list[Move]) -> list[NodeState]:
    nodes = {stock.node.pk: stock for stock in row.nodes}
    states = {
        pk: [s.node.kind == Node.Kind.FC, s.on_hand, s.available, s.aged, s.daily_demand]
        for pk, s in nodes.items()
    }
    for move in moves:
        state = states.setdefault(move.node.pk, [move.node.kind == Node.Kind.FC, 0, 0, 0, 0.0])
        state[1] += move.on_hand
        state[2] += move.available
    return [NodeState(*state) for state in states.values()]


def _unit_cubic_feet(product: Product) -> float:
    return float(volume_m3(product) * CUBIC_FEET_PER_M3)


def row_band_costs(row: PoolRow, rates: BandRates, moves: list[Move] = ()) -> dict[str, Decimal | None]:
    """What each band costs a month for the row's product (after `moves`, when given)."""
    costs = band_costs(
        _states(row, list(moves)),
        daily_demand=row.daily_demand,
        unit_cubic_feet=_unit_cubic_feet(row.product),
        rates=rates.rates,
    )
    return {band: None if cost is None else _money(cost, rates.currency) for band, cost in costs.items()}


def pool_band_costs(seller: Seller, rows: list[PoolRow]) -> tuple[BandRates, dict[int, dict]]:
    """The bands' rates and each row's monthly cost per band, by product id (one query for rates)."""
    rates = BandRates.load(seller)
    return rates, {row.product.pk: row_band_costs(row, rates) for row in rows}


def band_warnings(seller: Seller, moves: list[Move]) -> list[BandWarning]:
    """The bands the moves would create or deepen, per product, with the monthly amounts.

    Nothing is written. The moves' products must be the seller's.
    """
    if not moves:
        return []
    products = {move.product.pk: move.product for move in moves}
    for product in products.values():
        if product.seller_id != seller.pk:
            raise ValueError(f"Product {product.pk} does not belong to seller {seller.pk}.")
    rates = BandRates.load(seller)
    labels = dict(FeeBand.Band.choices)
    warnings = []
    for row in pool_rows(seller, list(products.values())):
        mine = [m for m in moves if m.product.pk == row.product.pk]
        before = row_band_costs(row, rates)
        after = row_band_costs(row, rates, mine)
        for band in (LOW_INVENTORY, AGED, UTILISATION):
            if after[band] is None or after[band] <= (before[band] or 0):
                continue
            source = rates.sources.get(band)
            warnings.append(
                BandWarning(
                    sku=row.product.sku,
                    band=band,
                    label=str(labels[band]),
                    nodes=tuple(sorted({m.node.code for m in mine})),
                    monthly_after=after[band],
                    increase=after[band] - (before[band] or 0),
                    currency=rates.currency,
                    estimate=bool(source and source.estimate),
                )
            )
    return warnings


def transfer_moves(*, seller: Seller, transfer, lines) -> list[Move]:
    """A draft transfer's lines as moves: out of its source node, into its destination."""
    moves = []
    for line in lines:
        moves.append(Move(line.product, transfer.from_node, -line.quantity, -line.quantity))
        moves.append(Move(line.product, transfer.to_node, line.quantity, line.quantity))
    return moves


def inbound_warnings(*, seller: Seller, plan, lines) -> list[BandWarning]:
    """What an open inbound plan adds to the aged band, projected.

    Inbound plans go to the GWD, which charges no band fees itself; but units the pool's
    sales of the next 181 days will not use reach the fulfilment centres older than that and
    pay the aged surcharge there. The warning prices the units of this plan beyond that line
    (its units are already counted as inbound in the pool).
    """
    due = {line.product_id: max(line.quantity_expected - line.quantity_received, 0) for line in lines}
    products = [line.product for line in lines if due[line.product_id]]
    if not products:
        return []
    rates = BandRates.load(seller)
    rate = rates.rates.get(AGED)
    if rate is None:
        return []
    source = rates.sources.get(AGED)
    label = str(dict(FeeBand.Band.choices)[AGED])
    warnings = []
    for row in pool_rows(seller, products):
        after = sum(n.on_hand + n.inbound + n.in_transit for n in row.nodes)
        usable = row.daily_demand * AGED_DAYS
        excess_after = max(0.0, after - usable)
        excess_before = max(0.0, after - due[row.product.pk] - usable)
        extra = excess_after - excess_before
        if extra <= 0:
            continue
        cubic_feet = _unit_cubic_feet(row.product)
        warnings.append(
            BandWarning(
                sku=row.product.sku,
                band=AGED,
                label=label,
                nodes=(plan.node.code,),
                monthly_after=_money(excess_after * cubic_feet * rate, rates.currency),
                increase=_money(extra * cubic_feet * rate, rates.currency),
                currency=rates.currency,
                estimate=bool(source and source.estimate),
            )
        )
    return warnings


def order_moves(*, seller: Seller, order, lines, nodes: list[Node]) -> list[Move]:
    """What allocating an order's missing units would take: available units at the first node
    that serves its country (where allocation tries first)."""
    if not nodes:
        return []
    return [
        Move(line.product, nodes[0], 0, -line.quantity_missing)
        for line in lines
        if line.product_id and line.quantity_missing > 0
    ]
