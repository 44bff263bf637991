"""Reorders from the factory: when the pool's cover falls below lead time plus a safety margin.

Pure numpy over whole arrays, one entry per SKU. The pool is every unit the seller will have to
sell everywhere (available at every node, plus inbound and in transit); demand is all markets'
daily units. A SKU needs an order when its cover would fall below the factory's lead time plus
the safety margin within the review period: the order date is the day that happens (today at
the latest), and the quantity refills the pool to cover the lead time, the safety margin and
one order cycle after it arrives, at least the minimum order.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class ReorderArrays:
    needed: np.ndarray  # bool
    cover_days: np.ndarray  # inf where there is no demand
    order_in_days: np.ndarray  # days from today to place the order (0: now)
    quantity: np.ndarray  # units, 0 where not needed


def reorders(
    *,
    pool_units: np.ndarray,
    daily_demand: np.ndarray,
    lead_days: np.ndarray,
    minimum_order: np.ndarray,
    safety_days: float,
    review_days: float,
    cycle_days: float,
) -> ReorderArrays:
    with np.errstate(divide="ignore", invalid="ignore"):
        cover = np.where(daily_demand > 0, pool_units / daily_demand, np.inf)
    trigger = lead_days + safety_days
    needed = (daily_demand > 0) & (cover < trigger + review_days)
    order_in = np.where(needed, np.floor(np.maximum(cover - trigger, 0)), 0).astype(np.int64)
    # What the pool holds on the order day, then what covers lead + safety + one cycle.
    at_order = np.maximum(pool_units - daily_demand * order_in, 0)
    target = daily_demand * (lead_days + safety_days + cycle_days)
    raw = np.ceil(np.maximum(target - at_order, 0))
    quantity = np.where(needed, np.maximum(raw, minimum_order), 0).astype(np.int64)
    return ReorderArrays(needed=needed, cover_days=cover, order_in_days=order_in, quantity=quantity)
