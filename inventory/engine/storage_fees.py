"""Storage fee arithmetic: which schedule applies to a unit, and what holding it costs.

Pure functions over plain values: a product is anything with `length_mm`, `width_mm`,
`height_mm` and `weight_g`; a node anything with `kind` and `region`; a schedule anything
with the fields of `inventory.models.StorageFeeSchedule`. The service loads them.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

# The codes of StorageFeeSchedule's choices (its model gives them labels).
SIZE_ANY, SIZE_STANDARD, SIZE_OVERSIZE = "any", "standard", "oversize"
SEASON_ALL_YEAR, SEASON_OFF_PEAK, SEASON_PEAK = "all_year", "off_peak", "peak"
UNIT_CUBIC_FOOT = "cu_ft"
UNIT_BOX = "box"
CHARGE_STORAGE, CHARGE_AGED = "storage", "aged"
CHARGE_PROCESSING, CHARGE_TRANSPORT = "processing", "transport"

CUBIC_FEET_PER_M3 = Decimal("35.3146667")
# Amazon's standard-size limits: 20 lb and 18 × 14 × 8 inches.
STANDARD_MAX_G = 9072
STANDARD_MAX_MM = (457, 356, 203)
PEAK_MONTHS = frozenset({10, 11, 12})


def size_tier(product) -> str:
    dims = sorted([product.length_mm or 0, product.width_mm or 0, product.height_mm or 0], reverse=True)
    if (product.weight_g or 0) > STANDARD_MAX_G or any(
        d > m for d, m in zip(dims, STANDARD_MAX_MM, strict=True)
    ):
        return SIZE_OVERSIZE
    return SIZE_STANDARD


def has_dimensions(product) -> bool:
    """False for a product whose volume is unknown: its storage cannot be priced."""
    return bool(product.length_mm and product.width_mm and product.height_mm)


def volume_m3(product) -> Decimal:
    if not (product.length_mm and product.width_mm and product.height_mm):
        return Decimal(0)
    return Decimal(product.length_mm * product.width_mm * product.height_mm) / Decimal(10**9)


class FeeBook:
    """The schedules in force, loaded once; picks the most specific one for a node and product."""

    def __init__(self, schedules: list):
        self.schedules = schedules

    def find(self, node, tier: str, day: datetime.date, charge: str = CHARGE_STORAGE):
        """The most specific schedule of `charge` in force on `day`, or None (unknown)."""
        season = SEASON_PEAK if day.month in PEAK_MONTHS else SEASON_OFF_PEAK
        best, best_rank = None, None
        for s in self.schedules:
            if getattr(s, "charge", CHARGE_STORAGE) != charge:
                continue
            if s.node_kind != node.kind or s.valid_from > day or (s.valid_to and s.valid_to < day):
                continue
            if s.season not in (season, SEASON_ALL_YEAR):
                continue
            if s.size_tier not in (tier, SIZE_ANY):
                continue
            if s.region not in ("", node.region):
                continue
            rank = (s.region != "", s.size_tier != "any", s.season != "all_year", s.valid_from)
            if best_rank is None or rank > best_rank:
                best, best_rank = s, rank
        return best

    def monthly_cost(self, node, product, units: int, day: datetime.date):
        """(cost per month, currency) of `units` of `product` at `node`, or None without a
        schedule (before the first one starts the cost is unknown, not zero)."""
        schedule = self.find(node, size_tier(product), day)
        if schedule is None:
            return None
        return schedule.rate * _volume_in(schedule, product, units), schedule.currency

    def aged_surcharge(self, node, product, ages: list[tuple[int, int]], day: datetime.date):
        """(surcharge per month, currency) for units of `product` at `node` by age:
        `ages` is [(age in days, units)]. None when no surcharge schedule is in force;
        (0, currency) when no unit is old enough."""
        bands = [
            s
            for s in self.schedules
            if getattr(s, "charge", CHARGE_STORAGE) == CHARGE_AGED
            and s.node_kind == node.kind
            and s.region in ("", node.region)
            and s.valid_from <= day
            and not (s.valid_to and s.valid_to < day)
        ]
        if not bands:
            return None
        total = Decimal(0)
        for age, units in ages:
            for band in bands:
                if band.min_age_days <= age and (band.max_age_days is None or age <= band.max_age_days):
                    total += band.rate * _volume_in(band, product, units)
                    break
        return total, bands[0].currency

    def transport_cost(self, node, product, units: int, day: datetime.date):
        """(one-off cost, currency) of moving `units` out of `node` (AWD transport), or None."""
        schedule = self.find(node, size_tier(product), day, CHARGE_TRANSPORT)
        if schedule is None:
            return None
        return schedule.rate * _volume_in(schedule, product, units), schedule.currency

    def processing_rate(self, node, product, day: datetime.date):
        """The processing schedule (per box, in and out) in force at `node`, or None."""
        return self.find(node, size_tier(product), day, CHARGE_PROCESSING)


def _volume_in(schedule, product, units: int) -> Decimal:
    volume = volume_m3(product) * units
    if schedule.volume_unit == UNIT_CUBIC_FOOT:
        volume *= CUBIC_FEET_PER_M3
    return volume
