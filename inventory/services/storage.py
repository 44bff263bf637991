"""Storage costs: which fee schedule applies, the daily accrual, and the where-to-hold comparison."""

from __future__ import annotations

import calendar
import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

import numpy as np
from django.db import transaction
from django.utils import timezone

from inventory.engine import storage_fees
from inventory.engine.pool import fifo_aged_units
from inventory.engine.storage_fees import (  # noqa: F401 - part of this service's API
    has_dimensions,
    size_tier,
    volume_m3,
)
from inventory.models import Node, StockBalance, StockMovement, StorageAccrual, StorageFeeSchedule
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


# The lower bounds of the aged-inventory bands (days); units older than each are counted.
AGE_THRESHOLDS = (180, 210, 240, 270, 300, 330, 365)


def _ages_by_balance(
    node_ids: set[int], day: datetime.date
) -> dict[tuple[int, int, int], list[tuple[int, int]]]:
    """(seller, product, node) → [(age in days, units)] of the units on hand at the end of
    `day` at these nodes, oldest first out (FIFO): one representative age per band."""
    if not node_ids:
        return {}
    end = timezone.make_aware(datetime.datetime.combine(day, datetime.time.max))
    moves = list(
        StockMovement.objects.filter(node_id__in=node_ids, effective_at__lte=end)
        .exclude(on_hand_delta=0)
        .values_list("seller_id", "product_id", "node_id", "effective_at", "on_hand_delta")
    )
    if not moves:
        return {}
    keys = sorted({m[:3] for m in moves})
    index = {key: i for i, key in enumerate(keys)}
    groups = np.array([index[m[:3]] for m in moves], dtype=np.int64)
    ages = np.array([(end - m[3]).total_seconds() / 86400 for m in moves], dtype=np.float64)
    deltas = np.array([m[4] for m in moves], dtype=np.int64)
    older = [fifo_aged_units(groups, ages, deltas, len(keys), t) for t in AGE_THRESHOLDS]
    result: dict[tuple[int, int, int], list[tuple[int, int]]] = {}
    for band, threshold in enumerate(AGE_THRESHOLDS):
        in_band = older[band] - (older[band + 1] if band + 1 < len(older) else 0)
        for i in np.flatnonzero(in_band):
            result.setdefault(keys[i], []).append((threshold + 1, int(in_band[i])))
    return result


def accrue_storage_fees(*, day: datetime.date) -> int:
    """Write `day`'s storage cost per seller, node and currency; returns the rows written.

    The cost is the monthly storage fee plus, where a schedule is in force (FBA), the
    aged-inventory surcharge of the units old enough (first in, first out), each for one
    day of the month. Idempotent: a second run for the same day rewrites the same rows.
    """
    book = FeeBook.load()
    days_in_month = calendar.monthrange(day.year, day.month)[1]
    totals: dict[tuple, list] = defaultdict(lambda: [Decimal(0), Decimal(0), 0])
    with platform_scope(reason=f"Daily storage fee accrual for {day.isoformat()}"):
        aged_kinds = {
            s.node_kind for s in book.schedules if s.charge == StorageFeeSchedule.Charge.AGED_SURCHARGE
        }
        ages = _ages_by_balance(
            set(Node.objects.filter(kind__in=aged_kinds).values_list("pk", flat=True)), day
        )
        balances = StockBalance.objects.filter(on_hand__gt=0).select_related("product", "node")
        for balance in balances.iterator(chunk_size=2000):
            cost = book.monthly_cost(balance.node, balance.product, balance.on_hand, day)
            if cost is None:
                continue
            key = (balance.seller_id, balance.node_id, cost[1])
            totals[key][0] += cost[0] / days_in_month
            old = ages.get((balance.seller_id, balance.product_id, balance.node_id))
            surcharge = book.aged_surcharge(balance.node, balance.product, old, day) if old else None
            if surcharge is not None:
                totals[(balance.seller_id, balance.node_id, surcharge[1])][0] += surcharge[0] / days_in_month
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
    # No fee schedule was in force on the day for some of the stock: the total is unknown.
    unknown: bool = False
    # One-off costs of moving the stock on (AWD transport), in the home currency, and the
    # processing schedule charged per box in and per box out.
    one_off: Decimal | None = None
    processing: object | None = None
    unpriced_units: int = 0  # units at nodes for which no rate is in force
    fx_missing: bool = False  # a schedule's currency cannot be converted to the home currency


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
    units all in the GWD, in AWD or in FBA; money in the seller's home currency.

    A total is None (`unknown`) when no schedule was in force on `day` for some of the
    stock; products without dimensions are left out and named in `missing_dimensions`.
    AWD's one-off transport (and its per-box processing) is given beside its monthly cost."""
    book = FeeBook.load()
    rates = RateTable.load()
    home = seller.home_currency
    balances = list(
        StockBalance.objects.for_seller(seller).filter(on_hand__gt=0).select_related("product", "node")
    )
    reference = Node.objects.in_bulk([code for _, code in ALTERNATIVES], field_name="code")

    rated_kinds = {schedule.node_kind for schedule in book.schedules}

    def total(placements) -> Holding:
        native: dict[str, Decimal] = defaultdict(Decimal)
        moving: dict[str, Decimal] = defaultdict(Decimal)
        unknown = False
        processing = None
        unpriced = 0
        for node, product, units in placements:
            if not has_dimensions(product):
                continue  # listed in `missing_dimensions`, never priced as zero volume
            cost = book.monthly_cost(node, product, units, day)
            if cost is None:
                # No rate at all for this kind of node (an operator has not entered one): the
                # units are unpriced and named. A kind that has schedules, none in force on the
                # day: the total is unknown.
                if node.kind in rated_kinds:
                    unknown = True
                else:
                    unpriced += units
                continue
            native[cost[1]] += cost[0]
            transport = book.transport_cost(node, product, units, day)
            if transport is not None:
                moving[transport[1]] += transport[0]
            processing = processing or book.processing_rate(node, product, day)
        converted = [_convert(amount, currency, home, rates) for currency, amount in native.items()]
        fx_missing = any(c is None for c in converted)
        home_total = None if unknown or fx_missing else sum(converted, Decimal(0))
        one_off = None
        if moving:
            legs = [_convert(amount, currency, home, rates) for currency, amount in moving.items()]
            one_off = None if any(c is None for c in legs) else money(sum(legs, Decimal(0)), home)
        return Holding(
            label="",
            node="",
            monthly_cost=money(home_total, home),
            native=[(money(a, c), c) for c, a in sorted(native.items())],
            unknown=unknown,
            one_off=one_off,
            processing=processing,
            unpriced_units=unpriced,
            fx_missing=fx_missing,
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
        if option.unpriced_units:
            # No rate in force there: say so rather than show a saving of everything.
            option.monthly_cost = None
        if option.monthly_cost is not None and now.monthly_cost is not None and not now.unpriced_units:
            option.saving = now.monthly_cost - option.monthly_cost
        options.append(option)
    return {
        "home_currency": home,
        "now": now,
        "options": options,
        "units": sum(b.on_hand for b in balances),
        "volume_m3": sum((volume_m3(b.product) * b.on_hand for b in balances), Decimal(0)),
        "fx_missing": any(h.fx_missing for h in (now, *options)),
        "unknown": any(h.unknown for h in (now, *options)),
        "missing_dimensions": sorted({b.product.sku for b in balances if not has_dimensions(b.product)}),
        "sources": rate_sources(day=day, kinds=[kind for kind, _code in ALTERNATIVES]),
        "unrated_kinds": [o.label for o in options if o.unpriced_units],
    }


def rate_sources(*, day: datetime.date, kinds: list[str]) -> list[StorageFeeSchedule]:
    """The storage rates in force on `day` for these node kinds, each with its source (one query)."""
    return [
        s
        for s in StorageFeeSchedule.objects.filter(node_kind__in=kinds).order_by("node_kind", "name")
        if s.valid_from <= day and (s.valid_to is None or s.valid_to >= day)
    ]
