"""Storage costs: which fee schedule applies, the daily accrual, and the where-to-hold comparison."""

from __future__ import annotations

import calendar
import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction

from inventory.engine import storage_fees
from inventory.engine.storage_fees import size_tier, volume_m3  # noqa: F401 - part of this service's API
from inventory.models import Node, StockBalance, StorageAccrual, StorageFeeSchedule
from listings.services.fx import FxUnavailable, RateTable
from portal.models import Seller
from portal.services.platform_scope import platform_scope

# The node that stands for each way of holding stock in the comparison.
ALTERNATIVES = (("gwd", "GWD-SZX"), ("awd", "AWD-US"), ("fc", "FC-US"))


class FeeBook(storage_fees.FeeBook):
    """The schedules in force, read from the database once (see the engine for the picking)."""

    @classmethod
    def load(cls) -> FeeBook:
        return cls(list(StorageFeeSchedule.objects.all()))


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
