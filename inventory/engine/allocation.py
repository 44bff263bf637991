"""The allocation engine: how many units of each SKU the global pool sends to each node.

Pure numpy over whole arrays (STYLE.md point 9): no Django, no loop over SKUs or nodes.
One call plans every (SKU, node) pair at once. The rule, in the seller's words:

1. **Target position.** A node should hold enough to cover the demand of the lead time of
   the lane that serves it plus the review period (the time until the next plan's units
   can arrive), at a service level α = cu / (cu + co) — the critical fractile — where cu
   is the margin lost on a missed sale (unit margin less the lane's freight per unit) and
   co the cost of one unit too many (holding at the node over the review period plus the
   cost of pulling it back). A breakout market halves its chance of running short; a
   seller's service-level override replaces α.
2. **The demand distribution.** The forecast gives, per week, a mean and the p10/p50/p90
   quantiles. Each week's spread is read from its quantiles (a lognormal through p10 and
   p90 when p10 > 0, else the p10–p90 width of an intermittent week, never below a
   Poisson spread); the weeks of the horizon are summed with a correlation between weeks
   (forecast errors of one series share a level) and the sum is matched by a lognormal of
   the same mean and variance (Fenton–Wilkinson). Its α-quantile is the target. Part of a
   week counts in proportion to its days.
3. **Lane.** The cheapest lane that arrives before the node's stock runs out; when none
   does, the fastest. A breakout market takes the fastest lane; a pinned lane wins.
4. **Guards.** No node above `max_cover_weeks` of cover (26 weeks, the storage-utilisation
   surcharge) and none below `min_supply_days` of supply (28 days, the low-inventory fee)
   where demand exists; a trial market gets at most its test batch; a declining market gets
   no new stock and a pull-back suggestion for what it holds beyond its target; an excluded
   pair gets nothing; a seller's min/max units per line hold.
5. **Short pool.** When a SKU's pool cannot cover every target, one shadow price λ per SKU
   — the value of a unit left in the pool — is found by bisection on all SKUs at once: each
   pair's service level becomes (cu − λ) / (cu − λ + co), so the lower-margin markets give
   way first and the marginal unit goes where it earns most. Never more than the pool.
6. **Cartons.** Units are whole cartons; a line below the minimum transfer is dropped.

Shapes: K pairs (one SKU at one node), S SKUs, N nodes, J lanes per node, W forecast weeks.
`pair_sku` (K,) and `pair_node` (K,) index the SKUs and nodes.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from scipy.special import ndtr, ndtri

Z90 = float(ndtri(0.9))
DAYS_PER_WEEK = 7.0

# Market stages, as codes in the `stage` array.
STEADY, GROWTH, TRIAL, BREAKOUT, DECLINE = 0, 1, 2, 3, 4
STAGE_NAMES = np.array(["steady", "growth", "trial", "breakout", "decline"])


@dataclass(frozen=True)
class AllocationSettings:
    """The scalar rules of a plan (the fee bands come from the storage fee schedules)."""

    review_days: float = 7.0
    max_cover_weeks: float = 26.0
    min_supply_days: float = 28.0
    max_service_level: float = 0.995
    week_correlation: float = 0.3
    bisection_steps: int = 40


@dataclass(frozen=True)
class AllocationInputs:
    """Everything the engine reads, as arrays (see the module docstring for the shapes).

    Forecast arrays are (K, W), week 0 being the first week after the plan. Money is
    float in the SKU's plan currency: the engine only ranks and compares, the service
    keeps the Decimals. `lane_cost` is per freight unit; `freight_units` (S,) says how
    many freight units one unit of the SKU is (1.0 when the lane is priced per unit).
    Optional per-pair arrays use NaN or -1 for "no rule".
    """

    pair_sku: np.ndarray
    pair_node: np.ndarray
    pool: np.ndarray
    on_hand: np.ndarray
    inbound: np.ndarray
    mean: np.ndarray
    p10: np.ndarray
    p50: np.ndarray
    p90: np.ndarray
    unit_margin: np.ndarray
    holding_week: np.ndarray
    pullback_cost: np.ndarray
    lane_transit_days: np.ndarray
    lane_cost: np.ndarray
    freight_units: np.ndarray | None = None
    carton: np.ndarray | None = None
    min_transfer: np.ndarray | None = None
    stage: np.ndarray | None = None
    test_batch: np.ndarray | None = None
    excluded: np.ndarray | None = None
    min_units: np.ndarray | None = None
    max_units: np.ndarray | None = None
    service_override: np.ndarray | None = None
    pinned_lane: np.ndarray | None = None


@dataclass
class Allocation:
    """The plan as arrays, one entry per pair (K,) unless said otherwise.

    `units` ≥ 0 go from the pool to the node by `lane` (index into the node's lanes, -1 for
    none); `pullback` ≥ 0 units are suggested back from the node to the pool. `service_level`
    is the chance the node covers its horizon after the move; `target_service_level` what
    the economics asked for before a short pool lowered it; `shadow_price` (S,) is 0 where the
    pool sufficed.
    """

    units: np.ndarray
    pullback: np.ndarray
    lane: np.ndarray
    lane_days: np.ndarray
    freight_cost: np.ndarray
    target: np.ndarray
    cover_days: np.ndarray
    weekly_demand: np.ndarray
    cu: np.ndarray
    co: np.ndarray
    target_service_level: np.ndarray
    service_level: np.ndarray
    shadow_price: np.ndarray
    limit: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype="<U16"))


def _per_pair(value: np.ndarray | None, k: int, default, dtype) -> np.ndarray:
    if value is None:
        return np.full(k, default, dtype=dtype)
    return np.asarray(value, dtype=dtype)


def week_spread(mean: np.ndarray, p10: np.ndarray, p90: np.ndarray) -> np.ndarray:
    """Standard deviation of each forecast week, read from its p10 and p90.

    A lognormal through p10 and p90 where p10 > 0 (its sd scaled to the forecast's mean);
    where p10 is 0 (an intermittent week) the p10–p90 width over 2·z₉₀. Never below the
    Poisson spread √mean: a count is never more certain than that.
    """
    mean = np.maximum(np.asarray(mean, dtype=float), 0.0)
    p10 = np.maximum(np.asarray(p10, dtype=float), 0.0)
    p90 = np.maximum(np.asarray(p90, dtype=float), p10)
    with np.errstate(divide="ignore", invalid="ignore"):
        sigma = np.log(p90 / p10) / (2 * Z90)
        lognormal_sd = mean * np.sqrt(np.expm1(sigma**2))
    width_sd = (p90 - p10) / (2 * Z90)
    sd = np.where(p10 > 0, lognormal_sd, width_sd)
    return np.maximum(np.nan_to_num(sd), np.sqrt(mean))


def horizon_moments(
    mean: np.ndarray, sd: np.ndarray, horizon_weeks: np.ndarray, correlation: float
) -> tuple[np.ndarray, np.ndarray]:
    """Mean and variance of the demand over the first `horizon_weeks` (K,) weeks.

    A fraction of a week counts its share of the mean and sd; weeks past the forecast repeat
    the last one. Between weeks the errors correlate by `correlation`:
    Var = (1 − ρ)·Σ sᵢ² + ρ·(Σ sᵢ)².
    """
    k, w = mean.shape
    weight = np.clip(horizon_weeks[:, None] - np.arange(w)[None, :], 0.0, 1.0)
    weight[:, -1] += np.maximum(horizon_weeks - w, 0.0)
    total = (weight * mean).sum(axis=1)
    ws = weight * sd
    # A fraction f of a week carries f² of its variance; m repeated weeks carry m times it.
    share = np.where(weight > 1, weight, weight**2)
    variance = (1 - correlation) * (share * sd**2).sum(axis=1)
    variance += correlation * ws.sum(axis=1) ** 2
    return total, variance


def lognormal_quantile(total: np.ndarray, variance: np.ndarray, alpha: np.ndarray) -> np.ndarray:
    """The α-quantile of the lognormal with this mean and variance (0 where the mean is 0)."""
    mu, sigma = _lognormal_params(total, variance)
    z = ndtri(np.clip(alpha, 1e-9, 1 - 1e-9))
    q = np.exp(mu + sigma * z)
    return np.where((total > 0) & (alpha > 0), q, 0.0)


def lognormal_cdf(total: np.ndarray, variance: np.ndarray, x: np.ndarray) -> np.ndarray:
    """P(demand ≤ x) under the same lognormal (1 where the mean is 0)."""
    mu, sigma = _lognormal_params(total, variance)
    with np.errstate(divide="ignore", invalid="ignore"):
        p = ndtr((np.log(np.maximum(x, 1e-12)) - mu) / sigma)
    return np.where(total > 0, np.nan_to_num(p, nan=1.0), 1.0)


def _lognormal_params(total, variance):
    safe = np.maximum(total, 1e-12)
    sigma2 = np.log1p(np.maximum(variance, 1e-12) / safe**2)
    return np.log(safe) - sigma2 / 2, np.sqrt(sigma2)


def critical_fractile(cu: np.ndarray, co: np.ndarray, cap: float) -> np.ndarray:
    """α = cu / (cu + co), 0 where a sale earns nothing, at most `cap`."""
    with np.errstate(divide="ignore", invalid="ignore"):
        alpha = np.where(cu > 0, cu / (cu + np.maximum(co, 1e-12)), 0.0)
    return np.clip(alpha, 0.0, cap)


def choose_lanes(
    inputs: AllocationInputs, cover_days: np.ndarray, stage: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per pair: the lane index, its transit days and its freight cost per unit.

    Lanes a node lacks are NaN in `lane_transit_days`/`lane_cost`. Cheapest that arrives
    within the node's cover; none in time → the fastest; breakout → the fastest; pinned wins.
    """
    k = inputs.pair_sku.size
    days = np.asarray(inputs.lane_transit_days, dtype=float)[inputs.pair_node]
    freight = _per_pair(inputs.freight_units, inputs.pool.size, 1.0, float)[inputs.pair_sku]
    cost = np.asarray(inputs.lane_cost, dtype=float)[inputs.pair_node] * freight[:, None]
    usable = ~np.isnan(days) & ~np.isnan(cost)
    in_time = usable & (days <= cover_days[:, None])
    cheapest = np.argmin(np.where(in_time, cost, np.inf), axis=1)
    fastest = np.argmin(np.where(usable, days + cost * 1e-9, np.inf), axis=1)
    lane = np.where(in_time.any(axis=1) & (stage != BREAKOUT), cheapest, fastest)
    pinned = _per_pair(inputs.pinned_lane, k, -1, np.int64)
    pinned_ok = (pinned >= 0) & usable[np.arange(k), np.clip(pinned, 0, days.shape[1] - 1)]
    lane = np.where(pinned_ok, pinned, lane)
    has_lane = usable.any(axis=1)
    rows = np.arange(k)
    lane_days = np.where(has_lane, days[rows, lane], np.nan)
    lane_cost = np.where(has_lane, cost[rows, lane], np.nan)
    return np.where(has_lane, lane, -1), lane_days, lane_cost


def plan_allocation(inputs: AllocationInputs, settings: AllocationSettings | None = None) -> Allocation:
    """Plan every pair at once; see the module docstring for the rule."""
    s = settings or AllocationSettings()
    k = inputs.pair_sku.size
    n_sku = inputs.pool.size
    sku = np.asarray(inputs.pair_sku, dtype=np.int64)
    pool = np.maximum(np.asarray(inputs.pool, dtype=float), 0.0)
    on_hand = np.maximum(np.asarray(inputs.on_hand, dtype=float), 0.0)
    position = on_hand + np.maximum(np.asarray(inputs.inbound, dtype=float), 0.0)
    mean = np.maximum(np.asarray(inputs.mean, dtype=float), 0.0)
    stage = _per_pair(inputs.stage, k, STEADY, np.int64)
    excluded = _per_pair(inputs.excluded, k, False, bool)
    carton = np.maximum(_per_pair(inputs.carton, k, 1, np.int64), 1)
    min_transfer = _per_pair(inputs.min_transfer, k, 0, np.int64)

    weekly = mean.mean(axis=1) if mean.shape[1] else np.zeros(k)
    with np.errstate(divide="ignore", invalid="ignore"):
        cover_days = np.where(weekly > 0, position / weekly * DAYS_PER_WEEK, np.inf)
    lane, lane_days, lane_cost = choose_lanes(inputs, cover_days, stage)
    no_lane = lane < 0

    cu = np.asarray(inputs.unit_margin, dtype=float) - np.nan_to_num(lane_cost)
    co = np.asarray(inputs.holding_week, dtype=float) * s.review_days / DAYS_PER_WEEK
    co = co + np.asarray(inputs.pullback_cost, dtype=float)
    alpha = critical_fractile(cu, co, s.max_service_level)
    alpha = np.where(stage == BREAKOUT, np.minimum(1 - (1 - alpha) / 2, s.max_service_level), alpha)
    override = _per_pair(inputs.service_override, k, np.nan, float)
    alpha = np.where(np.isnan(override), alpha, np.clip(override, 0.0, s.max_service_level))

    horizon_weeks = (np.nan_to_num(lane_days) + s.review_days) / DAYS_PER_WEEK
    sd = week_spread(mean, inputs.p10, inputs.p90)
    total, variance = horizon_moments(mean, sd, horizon_weeks, s.week_correlation)

    # Caps and floors that hold whatever the shadow price (units to send, per pair).
    cap = np.full(k, np.inf)
    cap = np.where(weekly > 0, np.minimum(cap, s.max_cover_weeks * weekly - position), cap)
    test_batch = _per_pair(inputs.test_batch, k, np.inf, float)
    cap = np.where(stage == TRIAL, np.minimum(cap, test_batch - position), cap)
    max_units = _per_pair(inputs.max_units, k, np.nan, float)
    cap = np.where(np.isnan(max_units), cap, np.minimum(cap, max_units))
    blocked = excluded | (stage == DECLINE) | no_lane
    cap = np.where(blocked, 0.0, np.maximum(cap, 0.0))
    min_units = np.nan_to_num(_per_pair(inputs.min_units, k, np.nan, float))
    floor_units = np.where(weekly > 0, s.min_supply_days / DAYS_PER_WEEK * weekly, 0.0)

    mu, sigma = _lognormal_params(total, variance)

    def need(lam: np.ndarray, at: np.ndarray | slice) -> np.ndarray:
        """Units the pairs `at` ask for when a pool unit is worth `lam` (per pair)."""
        c = cu[at]
        a = critical_fractile(c - lam, co[at], s.max_service_level)
        a = np.where(lam > 0, np.minimum(a, alpha[at]), alpha[at])
        z = ndtri(np.clip(a, 1e-9, 1 - 1e-9))
        target = np.where((total[at] > 0) & (a > 0), np.exp(mu[at] + sigma[at] * z), 0.0)
        # The supply floor gives way as the shadow price eats the margin.
        share = np.where(c > 0, np.clip((c - lam) / np.where(c > 0, c, 1.0), 0.0, 1.0), 0.0)
        target = np.maximum(target, floor_units[at] * share)
        return np.minimum(np.maximum(target - position[at], min_units[at]), cap[at])

    everyone = slice(None)
    wanted = need(np.zeros(k), everyone)
    short = np.bincount(sku, weights=wanted, minlength=n_sku) > pool + 1e-9
    shadow = np.zeros(n_sku)
    if short.any():
        # Bisect only the pairs of short SKUs: on a large catalogue they are few.
        at = np.flatnonzero(short[sku])
        owner = sku[at]
        lo = np.zeros(n_sku)
        hi = np.full(n_sku, max(float(np.max(cu, initial=0.0)), 0.0) + 1.0)
        for _ in range(s.bisection_steps):
            mid = (lo + hi) / 2
            fits = np.bincount(owner, weights=need(mid[owner], at), minlength=n_sku) <= pool
            hi = np.where(fits, mid, hi)
            lo = np.where(fits, lo, mid)
        shadow = np.where(short, hi, 0.0)
        wanted[at] = need(shadow[owner], at)

    units = _whole_cartons(wanted, carton, sku, pool, short)
    units = np.where(units < min_transfer, 0, units)

    target_sl = alpha
    after = position + units
    service = lognormal_cdf(total, variance, after)
    target = lognormal_quantile(total, variance, alpha)
    over_cap = np.where(weekly > 0, position - s.max_cover_weeks * weekly, -np.inf)
    pullback = np.where(stage == DECLINE, position - target, 0.0)
    pullback = np.maximum(pullback, over_cap)
    pullback = np.clip(np.floor(np.minimum(pullback, on_hand)), 0, None).astype(np.int64)

    limit = np.full(k, "", dtype="<U16")
    limit = np.where(units >= np.floor(np.where(np.isfinite(cap), cap, np.inf)) - carton + 1, "cap", limit)
    limit = np.where(short[sku] & (units > 0), "pool", limit)
    limit = np.where(excluded, "excluded", limit)
    limit = np.where(stage == DECLINE, "decline", limit)
    limit = np.where(no_lane & ~excluded, "no_lane", limit)
    limit = np.where((stage == TRIAL) & (units > 0) & (limit == "cap"), "test_batch", limit)

    return Allocation(
        units=units,
        pullback=pullback,
        lane=lane,
        lane_days=lane_days,
        freight_cost=units * np.nan_to_num(lane_cost),
        target=target,
        cover_days=cover_days,
        weekly_demand=weekly,
        cu=cu,
        co=co,
        target_service_level=target_sl,
        service_level=service,
        shadow_price=shadow,
        limit=limit,
    )


def _whole_cartons(
    wanted: np.ndarray, carton: np.ndarray, sku: np.ndarray, pool: np.ndarray, short: np.ndarray
) -> np.ndarray:
    """Round to whole cartons: up where the pool is ample, down where it is short.

    If rounding up would still exceed a SKU's pool, that SKU rounds down; rounding down
    never exceeds the pool because the bisection's total already fits.
    """
    wanted = np.maximum(np.nan_to_num(wanted, posinf=0.0), 0.0)
    up = np.ceil(wanted / carton - 1e-9).astype(np.int64) * carton
    down = np.floor(wanted / carton + 1e-9).astype(np.int64) * carton
    n_sku = pool.size
    up_total = np.bincount(sku, weights=up, minlength=n_sku)
    round_down = short | (up_total > pool)
    units = np.where(round_down[sku], down, up)
    # Floating error in the bisection may leave a sliver over the pool: take whole cartons
    # from the largest lines of such a SKU until it fits (rare, so done on the few SKUs).
    over = np.bincount(sku, weights=units, minlength=n_sku) - np.floor(pool)
    if (over > 0).any():
        scale = np.where(over > 0, np.floor(pool) / np.maximum(over + np.floor(pool), 1), 1.0)
        units = (np.floor(units * scale[sku] / carton) * carton).astype(np.int64)
    return units


LIMIT_WORDS = {
    "": "",
    "cap": "capped by the cover limit or the rule's maximum",
    "pool": "pool short",
    "excluded": "excluded by rule",
    "decline": "declining market: no new stock",
    "no_lane": "no lane serves this node",
    "test_batch": "trial market: test batch",
}


def reasons(
    allocation: Allocation,
    *,
    node_names: np.ndarray,
    lane_names: np.ndarray,
    pair_node: np.ndarray,
    pair_sku: np.ndarray,
    carton: np.ndarray | None = None,
    currency: str = "$",
) -> list[str]:
    """One sentence per pair, in words and numbers, built once the arrays are final.

    "US: 38 days of cover, 24 days by SEND sea, 92% service level from a $6.10 margin
    against $0.21 holding → 240 units, 2 cartons". `lane_names` is (N, J). The numbers are
    rounded over whole arrays; one format per line joins them (faster than concatenating
    string columns).
    """
    a = allocation
    k = a.units.size
    carton = _per_pair(carton, k, 1, np.int64)
    node = np.asarray(node_names, dtype=object)[pair_node]
    lane = np.where(
        a.lane >= 0, np.asarray(lane_names, dtype=object)[pair_node, np.clip(a.lane, 0, None)], ""
    )
    finite = np.isfinite(a.cover_days)
    cover = np.where(finite, np.round(np.where(finite, a.cover_days, 0)), -1).astype(np.int64)
    days = np.nan_to_num(a.lane_days).astype(np.int64)
    service = np.round(a.service_level * 100).astype(np.int64)
    asked = np.round(a.target_service_level * 100).astype(np.int64)
    shadow = a.shadow_price[pair_sku]
    columns = zip(
        node.tolist(),
        cover.tolist(),
        days.tolist(),
        lane.tolist(),
        service.tolist(),
        asked.tolist(),
        a.cu.tolist(),
        a.co.tolist(),
        a.units.tolist(),
        (a.units // carton).tolist(),
        a.pullback.tolist(),
        a.limit.tolist(),
        shadow.tolist(),
        np.ceil(np.nan_to_num(a.target)).astype(np.int64).tolist(),
        strict=True,
    )
    out = []
    for n, c, d, ln, sl, tsl, cu, co, u, ct, pb, lim, sh, keep in columns:
        cover_words = f"{c} days of cover" if c >= 0 else "no demand forecast"
        moves = f"{u} units, {ct} cartons" if u > 0 or pb == 0 else f"keep {keep} units, pull back {pb}"
        text = (
            f"{n}: {cover_words}, {d} days by {ln}, {sl}% service level from a {currency}{cu:.2f} "
            f"margin against {currency}{co:.2f} holding → {moves}"
        )
        if lim == "pool":
            text += f" (pool short: {tsl}% lowered at a {currency}{sh:.2f} shadow price)"
        elif lim:
            text += f" ({LIMIT_WORDS[lim]})"
        if pb > 0 and u > 0:
            text += f"; pull back {pb} units"
        out.append(text)
    return out
