"""Storage costs: which fee schedule applies, the daily accrual, and the where-to-hold comparison."""

from __future__ import annotations

import calendar
import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction

from inventory.models import Node, StockBalance, StorageAccrual, StorageFeeSchedule
from listings.models import Product
from listings.services.fx import FxUnavailable, RateTable
from portal.models import Seller
from portal.tenancy import platform_scope

CUBIC_FEET_PER_M3 = Decimal("35.3146667")
# Amazon's standard-size limits: 20 lb and 18 × 14 × 8 inches.
STANDARD_MAX_G = 9072
STANDARD_MAX_MM = (457, 356, 203)
PEAK_MONTHS = frozenset({10, 11, 12})
# The node that stands for each way of holding stock in the comparison.
ALTERNATIVES = (("gwd", "GWD-SZX"), ("awd", "AWD-US"), ("fc", "FC-US"))


def size_tier(product: Product) -> str:
    dims = sorted([product.length_mm or 0, product.width_mm or 0, product.height_mm or 0], reverse=True)
    if (product.weight_g or 0) > STANDARD_MAX_G or any(
        d > m for d, m in zip(dims, STANDARD_MAX_MM, strict=True)
    ):
        return StorageFeeSchedule.SizeTier.OVERSIZE
    return StorageFeeSchedule.SizeTier.STANDARD


def volume_m3(product: Product) -> Decimal:
    if not (product.length_mm and product.width_mm and product.height_mm):
        return Decimal(0)
    return Decimal(product.length_mm * product.width_mm * product.height_mm) / Decimal(10**9)


class FeeBook:
    """The schedules in force, loaded once; picks the most specific one for a node and product."""

    def __init__(self, schedules: list[StorageFeeSchedule]):
        self.schedules = schedules

    @classmethod
    def load(cls) -> FeeBook:
        return cls(list(StorageFeeSchedule.objects.all()))

    def find(self, node: Node, tier: str, day: datetime.date) -> StorageFeeSchedule | None:
        season = (
            StorageFeeSchedule.Season.PEAK if day.month in PEAK_MONTHS else StorageFeeSchedule.Season.OFF_PEAK
        )
        best, best_rank = None, None
        for s in self.schedules:
            if s.node_kind != node.kind or s.valid_from > day or (s.valid_to and s.valid_to < day):
                continue
            if s.season not in (season, StorageFeeSchedule.Season.ALL_YEAR):
                continue
            if s.size_tier not in (tier, StorageFeeSchedule.SizeTier.ANY):
                continue
            if s.region not in ("", node.region):
                continue
            rank = (s.region != "", s.size_tier != "any", s.season != "all_year", s.valid_from)
            if best_rank is None or rank > best_rank:
                best, best_rank = s, rank
        return best

    def monthly_cost(self, node: Node, product: Product, units: int, day: datetime.date):
        """(cost per month, currency) of `units` of `product` at `node`, or None without a schedule."""
        schedule = self.find(node, size_tier(product), day)
        if schedule is None:
            return None
        volume = volume_m3(product) * units
        if schedule.volume_unit == StorageFeeSchedule.VolumeUnit.CUBIC_FOOT:
            volume *= CUBIC_FEET_PER_M3
        return schedule.rate * volume, schedule.currency


def accrue_storage_fees(*, day: datetime.date) -> int:
    """Write `day`'s storage cost per seller, node and currency; returns the rows written.

    Idempotent: a second run for the same day rewrites the same rows.
    """
    book = FeeBook.load()
    days_in_month = calendar.monthrange(day.year, day.month)[1]
    totals: dict[tuple, list] = defaultdict(lambda: [Decimal(0), Decimal(0), 0])
    with platform_scope(reason=f"Daily storage fee accrual for {day.isoformat()}"):
        balances = StockBalance.objects.filter(on_hand__gt=0).select_related("product", "node")
        for balance in balances.iterator(chunk_size=2000):
            cost = book.monthly_cost(balance.node, balance.product, balance.on_hand, day)
            if cost is None:
                continue
            key = (balance.seller_id, balance.node_id, cost[1])
            totals[key][0] += cost[0] / days_in_month
            totals[key][1] += volume_m3(balance.product) * balance.on_hand
            totals[key][2] += balance.on_hand
        rows = [
            StorageAccrual(
                seller_id=seller_id,
                node_id=node_id,
                day=day,
                currency=currency,
                cost=cost.quantize(Decimal("0.0001"), ROUND_HALF_UP),
                volume_m3=volume.quantize(Decimal("0.000001"), ROUND_HALF_UP),
                units=units,
            )
            for (seller_id, node_id, currency), (cost, volume, units) in totals.items()
        ]
        with transaction.atomic():
            StorageAccrual.objects.bulk_create(
                rows,
                update_conflicts=True,
                unique_fields=["seller", "node", "day", "currency"],
                update_fields=["cost", "volume_m3", "units"],
            )
    return len(rows)


@dataclass
class Holding:
    label: str
    node: str
    monthly_cost: Decimal | None  # in the seller's home currency
    native: list[tuple[Decimal, str]]  # costs in the schedules' currencies
    saving: Decimal | None = None  # now − this way, in the home currency (positive: cheaper)


def money(amount: Decimal | None, currency: str) -> Decimal | None:
    if amount is None:
        return None
    exponent = Decimal(1) if currency == "JPY" else Decimal("0.01")
    return amount.quantize(exponent, ROUND_HALF_UP)


def _convert(amount: Decimal, source: str, target: str, rates: RateTable) -> Decimal | None:
    """`amount` of `source` in `target`, or None when the FX table lacks either currency."""
    try:
        return amount * rates.convert(source, target).rate
    except FxUnavailable:
        return None


def storage_comparison(seller: Seller, *, day: datetime.date) -> dict:
    """What the seller's stock costs a month where it is now, against holding the same
    units all in the GWD, in AWD or in FBA; money in the seller's home currency."""
    book = FeeBook.load()
    rates = RateTable.load()
    home = seller.home_currency
    balances = list(
        StockBalance.objects.for_seller(seller).filter(on_hand__gt=0).select_related("product", "node")
    )
    reference = Node.objects.in_bulk([code for _, code in ALTERNATIVES], field_name="code")

    def total(placements) -> Holding:
        native: dict[str, Decimal] = defaultdict(Decimal)
        for node, product, units in placements:
            cost = book.monthly_cost(node, product, units, day)
            if cost is not None:
                native[cost[1]] += cost[0]
        converted = [_convert(amount, currency, home, rates) for currency, amount in native.items()]
        home_total = None if any(c is None for c in converted) else sum(converted, Decimal(0))
        return Holding(
            label="",
            node="",
            monthly_cost=money(home_total, home),
            native=[(money(a, c), c) for c, a in sorted(native.items())],
        )

    now = total([(b.node, b.product, b.on_hand) for b in balances])
    now.label = "now"
    options = []
    for kind, code in ALTERNATIVES:
        node = reference.get(code)
        if node is None:
            continue
        option = total([(node, b.product, b.on_hand) for b in balances])
        option.label, option.node = kind, code
        if option.monthly_cost is not None and now.monthly_cost is not None:
            option.saving = now.monthly_cost - option.monthly_cost
        options.append(option)
    return {
        "home_currency": home,
        "now": now,
        "options": options,
        "units": sum(b.on_hand for b in balances),
        "volume_m3": sum((volume_m3(b.product) * b.on_hand for b in balances), Decimal(0)),
        "fx_missing": now.monthly_cost is None or any(o.monthly_cost is None for o in options),
    }
