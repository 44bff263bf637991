"""The global pool engine: pure numpy over whole arrays, no ORM (STYLE.md point 9).

- `fifo_aged_units`: units still on hand per group (product × node) that are older than a
  threshold, from the ledger's on-hand deltas: outflows consume the oldest inflows first.
- `days_of_supply`: available units at each node over the daily demand of the marketplaces
  the node serves first.
"""

from __future__ import annotations

import numpy as np

LOW_INVENTORY_DAYS = 28  # below this at an FC: the low-inventory-level fee
AGED_DAYS = 181  # older than this: the aged-inventory surcharge
UTILISATION_DAYS = 26 * 7  # more than 26 weeks of supply: the storage-utilisation surcharge
DEMAND_WINDOW_DAYS = 28  # the average of recent sales that days of cover rest on


def fifo_aged_units(
    groups: np.ndarray, ages_days: np.ndarray, deltas: np.ndarray, n_groups: int, older_than: float
) -> np.ndarray:
    """Units per group still on hand that arrived more than `older_than` days ago.

    `groups` (int, 0..n_groups-1), `ages_days` (float, age of each movement) and `deltas`
    (int, on-hand change) describe movements in any order. Positive deltas are arrivals;
    the sum of the negative deltas of a group leaves from its oldest arrivals first.
    Returns an int array of length `n_groups`.
    """
    groups = np.asarray(groups, dtype=np.int64)
    ages = np.asarray(ages_days, dtype=np.float64)
    deltas = np.asarray(deltas, dtype=np.int64)
    if groups.size == 0:
        return np.zeros(n_groups, dtype=np.int64)
    outflow = np.bincount(groups, weights=np.clip(-deltas, 0, None), minlength=n_groups).astype(np.int64)
    inflow_mask = deltas > 0
    g, a, q = groups[inflow_mask], ages[inflow_mask], deltas[inflow_mask]
    if g.size == 0:
        return np.zeros(n_groups, dtype=np.int64)
    # Oldest first within each group: sort by group, then by age descending.
    order = np.lexsort((-a, g))
    g, a, q = g[order], a[order], q[order]
    cumulative = np.cumsum(q)
    group_start = np.r_[0, np.flatnonzero(np.diff(g)) + 1]
    before_group = np.repeat(cumulative[group_start] - q[group_start], np.diff(np.r_[group_start, g.size]))
    within = cumulative - before_group  # cumulative arrivals inside the group, oldest first
    remaining = np.clip(within - outflow[g], 0, q)
    aged = remaining * (a > older_than)
    return np.bincount(g, weights=aged, minlength=n_groups).astype(np.int64)


def days_of_supply(available: np.ndarray, demand_per_market: np.ndarray, primary: np.ndarray) -> np.ndarray:
    """Days the available units last at each node.

    `available`: products × nodes; `demand_per_market`: products × markets (units per day);
    `primary`: markets × nodes, 1 where the node serves the market first. Nodes with no
    demand get +inf when they hold stock and nan when they hold none.
    """
    demand = np.asarray(demand_per_market, dtype=np.float64) @ np.asarray(primary, dtype=np.float64)
    available = np.asarray(available, dtype=np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        days = available / demand
    days[(demand == 0) & (available > 0)] = np.inf
    days[(demand == 0) & (available <= 0)] = np.nan
    return days
