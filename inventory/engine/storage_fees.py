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


def volume_m3(product) -> Decimal:
    if not (product.length_mm and product.width_mm and product.height_mm):
        return Decimal(0)
    return Decimal(product.length_mm * product.width_mm * product.height_mm) / Decimal(10**9)


class FeeBook:
    """The schedules in force, loaded once; picks the most specific one for a node and product."""

    def __init__(self, schedules: list):
        self.schedules = schedules

    def find(self, node, tier: str, day: datetime.date):
        season = SEASON_PEAK if day.month in PEAK_MONTHS else SEASON_OFF_PEAK
        best, best_rank = None, None
        for s in self.schedules:
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
        """(cost per month, currency) of `units` of `product` at `node`, or None without a schedule."""
        schedule = self.find(node, size_tier(product), day)
        if schedule is None:
            return None
        volume = volume_m3(product) * units
        if schedule.volume_unit == UNIT_CUBIC_FOOT:
            volume *= CUBIC_FEET_PER_M3
        return schedule.rate * volume, schedule.currency
