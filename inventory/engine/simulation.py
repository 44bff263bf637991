"""Replay of real weekly sales: how a stocking policy would have done, week by week.

Pure numpy/pandas (no Django). The rules, so anyone can replay a result:

- each `marketplace` value of the file is a node; weeks before `start` are history every
  policy may see; week by week a policy sees only the past, plus the price/deal/feat of
  the next lead time + 1 weeks (planned promotions are known);
- each SKU's pool holds `pool_cover` × its total demand over the simulated weeks at the
  start (rounded to whole units) and receives nothing more; nodes start empty except each
  policy's opening transfers, which arrive at the first week;
- each week: arrivals land; demand is the file's units (a missing row is 0); sold =
  min(stock, demand), the rest is lost; the policy sends units from the pool that arrive
  `lead_time_weeks` later; holding is charged on the week's closing stock (node and pool);
  each unit moved costs `transfer_cost`;
- `static` is the spreadsheet policy: a fixed order-up-to level per node, (L + 1) × the
  node's mean weekly demand over the last 26 history weeks (a missing row is 0) plus
  1.28 × its standard deviation × √(L + 1), rounded up, topped up weekly, shared pro rata
  (largest remainders) when the pool is short;
- `engine` is the allocation engine fed by a forecaster that sees the same past and
  planned promotions.

A decision at the end of week t is the last one before its units arrive at week t + L, and
the next decision's units arrive at t + L + 1: the engine's position therefore covers weeks
t + 1 … t + L, i.e. a lane of (L − 1) weeks plus a one-week review period.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from inventory.engine.allocation import AllocationInputs, AllocationSettings, plan_allocation

HISTORY_WEEKS_STATIC = 26
STATIC_Z = 1.28


@dataclass(frozen=True)
class SalesHistory:
    """Weekly sales as (pair, week) arrays; NaN where the file has no row."""

    skus: np.ndarray
    markets: np.ndarray
    pair_sku: np.ndarray
    pair_market: np.ndarray
    weeks: np.ndarray
    units: np.ndarray
    price: np.ndarray
    deal: np.ndarray
    feat: np.ndarray

    @property
    def demand(self) -> np.ndarray:
        return np.nan_to_num(self.units)


def sales_history(frame: pd.DataFrame) -> SalesHistory:
    """Arrays from a frame with columns sku, marketplace, date, units[, price, deal, feat].

    Weeks run in 7-day steps from the first date to the last; a date off that grid is
    refused with a ValueError naming it.
    """
    frame = frame.copy()
    frame["date"] = pd.to_datetime(frame["date"])
    first = frame["date"].min()
    offset = (frame["date"] - first).dt.days
    if (offset % 7 != 0).any():
        bad = frame.loc[offset % 7 != 0, "date"].iloc[0].date()
        raise ValueError(f"date {bad} is not a whole number of weeks after {first.date()}")
    week = (offset // 7).to_numpy()
    n_weeks = int(week.max()) + 1
    pairs = frame[["sku", "marketplace"]].drop_duplicates().sort_values(["sku", "marketplace"])
    pairs = pairs.reset_index(drop=True)
    skus, pair_sku = np.unique(pairs["sku"].to_numpy(), return_inverse=True)
    markets, pair_market = np.unique(pairs["marketplace"].to_numpy(), return_inverse=True)
    index = pd.MultiIndex.from_frame(pairs)
    row = index.get_indexer(pd.MultiIndex.from_frame(frame[["sku", "marketplace"]]))

    def grid(column: str) -> np.ndarray:
        values = np.full((len(pairs), n_weeks), np.nan)
        if column in frame:
            values[row, week] = pd.to_numeric(frame[column], errors="coerce").to_numpy(dtype=float)
        return values

    weeks = (first + pd.to_timedelta(np.arange(n_weeks) * 7, unit="D")).to_numpy().astype("datetime64[D]")
    return SalesHistory(
        skus=skus,
        markets=markets,
        pair_sku=pair_sku,
        pair_market=pair_market,
        weeks=weeks,
        units=grid("units"),
        price=grid("price"),
        deal=grid("deal"),
        feat=grid("feat"),
    )


# --- Forecasters -------------------------------------------------------------------------


@dataclass(frozen=True)
class ForecastRequest:
    """What a forecaster may see: past units (K, T) and features (K, T + horizon)."""

    units: np.ndarray
    price: np.ndarray
    deal: np.ndarray
    feat: np.ndarray
    pair_sku: np.ndarray
    horizon: int
    pair_market: np.ndarray | None = None


@dataclass(frozen=True)
class WeeklyForecast:
    """Per pair and coming week (K, horizon): mean and the p10, p50, p90 quantiles."""

    mean: np.ndarray
    p10: np.ndarray
    p50: np.ndarray
    p90: np.ndarray


Forecaster = Callable[[ForecastRequest], WeeklyForecast]


@dataclass(frozen=True)
class PromotionForecaster:
    """A fast global log-linear demand model with a local level, refitted at every call.

    log(1 + units) = level + β · x + error, x = (log price ratio, deal, feat, deal × feat,
    first week of a deal, share of the store's other SKUs on deal, on feature).
    β is fitted within series (series means removed) on all SKUs, then per SKU with a ridge
    pull towards the pooled β, then each series' own response to price, deal and feature
    with a ridge pull towards its SKU's (stores differ in how much a promotion lifts). The
    level is an exponentially weighted mean of the promotion-free log units (gaps skipped).
    The spread comes from the one-step-ahead errors of that level: a scale per series from
    its quiet weeks (shrunk to the pooled one), and one empirical distribution of the scaled
    errors per kind of week (quiet, price cut or deal, featured) gives the quantiles and the
    mean of the back-transformed forecast.
    """

    half_life_weeks: float = 20.0
    ridge: float = 200.0
    shrink_weeks: float = 20.0
    warmup_weeks: int = 8
    grid_points: int = 200
    series_ridge: float = 5.0

    def __call__(self, request: ForecastRequest) -> WeeklyForecast:
        units = request.units
        k, t = units.shape
        h = request.horizon
        sku = np.asarray(request.pair_sku)
        n_sku = int(sku.max()) + 1 if sku.size else 0
        y = np.log1p(np.maximum(units, 0.0))
        seen = ~np.isnan(units)
        x = _features(request, t)  # (K, T + H, F)
        xh, xf = x[:, :t], x[:, t : t + h]
        n_f = x.shape[2]

        # Within-series regression: remove each series' mean over its observed weeks.
        count = seen.sum(axis=1)
        ym = np.where(seen, y, 0.0).sum(axis=1) / np.maximum(count, 1)
        xm = (xh * seen[..., None]).sum(axis=1) / np.maximum(count, 1)[:, None]
        yd = np.where(seen, y - ym[:, None], 0.0)
        xd = np.where(seen[..., None], xh - xm[:, None, :], 0.0)
        a_pair = np.einsum("ktf,ktg->kfg", xd, xd, optimize=True)
        b_pair = np.einsum("ktf,kt->kf", xd, yd, optimize=True)
        a_sku = np.zeros((n_sku, n_f, n_f))
        b_sku = np.zeros((n_sku, n_f))
        np.add.at(a_sku, sku, a_pair)
        np.add.at(b_sku, sku, b_pair)
        eye = np.eye(n_f)
        beta_all = np.linalg.solve(a_sku.sum(axis=0) + 1e-6 * eye, b_sku.sum(axis=0))
        beta = np.linalg.solve(a_sku + self.ridge * eye, (b_sku + self.ridge * beta_all)[..., None])[..., 0]
        beta_pair = beta[sku].copy()  # (K, F)
        if self.series_ridge > 0:
            # Each series' own response to its price and promotions, pulled to its SKU's.
            rd = yd - np.einsum("ktf,kf->kt", xd, beta_pair, optimize=True)
            own = [0, 1, 2]
            xo = xd[..., own]
            a_own = np.einsum("ktf,ktg->kfg", xo, xo, optimize=True) + self.series_ridge * np.eye(len(own))
            b_own = np.einsum("ktf,kt->kf", xo, rd, optimize=True)
            beta_pair[:, own] += np.linalg.solve(a_own, b_own[..., None])[..., 0]

        base = y - np.einsum("ktf,kf->kt", xh, beta_pair, optimize=True)  # promotion-free log units
        level, errors = _ewm_level(base, seen, self.half_life_weeks, self.warmup_weeks)
        kind_hist = _promotion_kind(xh)
        ok = ~np.isnan(errors)
        quiet = ok & (kind_hist == 0)
        pooled = np.sqrt(np.mean(errors[quiet] ** 2)) if quiet.sum() > 10 else 0.5
        n = quiet.sum(axis=1)
        ss = np.where(quiet, errors, 0.0) ** 2
        sigma = np.sqrt((ss.sum(axis=1) + self.shrink_weeks * pooled**2) / (n + self.shrink_weeks))
        z = errors / sigma[:, None]
        # One empirical error distribution per kind of week (quiet, price cut or deal,
        # featured): promotions err wider and with a heavier right tail.
        probs = (np.arange(self.grid_points) + 0.5) / self.grid_points
        fallback = z[quiet] if quiet.any() else np.zeros(1)
        grids = np.stack(
            [
                np.quantile(
                    z[ok & (kind_hist == c)] if (ok & (kind_hist == c)).sum() >= 50 else fallback, probs
                )
                for c in range(N_KINDS)
            ]
        )
        tiles = np.stack([np.quantile(g, [0.1, 0.5, 0.9]) for g in grids])  # quantiles of the grid

        mu = level[:, None] + np.einsum("khf,kf->kh", xf, beta_pair, optimize=True)  # (K, H)
        kind = _promotion_kind(xf)
        # E[exp(mu + σ·e)] − 1 = exp(mu)·E[exp(σ·e)] − 1: the expectation per series and
        # kind of week (only the kinds that occur), not per week.
        factor = np.ones((k, N_KINDS))
        for c in np.unique(kind):
            factor[:, c] = np.mean(np.exp(sigma[:, None] * grids[c][None, :]), axis=1)
        mean = np.exp(mu) * np.take_along_axis(factor, kind, axis=1) - 1.0
        out = [np.maximum(np.expm1(mu + sigma[:, None] * tiles[kind, i]), 0.0) for i in range(3)]
        known = ~np.isnan(level)[:, None]
        mean = np.where(known, np.maximum(mean, 0.0), 0.0)
        p10, p50, p90 = (np.where(known, o, 0.0) for o in out)
        return WeeklyForecast(mean=mean, p10=p10, p50=p50, p90=np.maximum(p90, p50))


def _features(request: ForecastRequest, t: int) -> np.ndarray:
    """(K, T + H, F): own log price ratio, deal, feat, deal × feat, the first week of a
    deal, and the share of the other SKUs of the same marketplace on deal and on feature
    (a rival's promotion takes sales)."""
    price = request.price
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # a series without any price
        ref = np.nanmedian(price[:, :t], axis=1)
        ratio = np.log(price / ref[:, None])
    ratio = np.clip(np.nan_to_num(ratio, nan=0.0, posinf=0.0, neginf=0.0), -1.0, 1.0)
    deal = np.nan_to_num(request.deal)
    feat = np.nan_to_num(request.feat)
    previous = np.concatenate([np.zeros((deal.shape[0], 1)), deal[:, :-1]], axis=1)
    first = deal * (previous <= 0)
    columns = [ratio, deal, feat, deal * feat, first]
    if request.pair_market is not None:
        market = np.asarray(request.pair_market)
        n_market = int(market.max()) + 1
        per_market = np.bincount(market, minlength=n_market).astype(float)
        others = np.maximum(per_market[market] - 1, 1)[:, None]
        for own in (deal, feat):
            total = np.zeros((n_market, own.shape[1]))
            np.add.at(total, market, own)
            columns.append((total[market] - own) / others)
    return np.stack(columns, axis=2)


N_KINDS = 3


def _promotion_kind(x: np.ndarray) -> np.ndarray:
    """0 a quiet week, 1 a price cut or deal, 2 a featured week."""
    cut = (x[..., 1] > 0) | (x[..., 0] < -0.05)
    return np.where(x[..., 2] > 0, 2, np.where(cut, 1, 0))


def _ewm_level(base: np.ndarray, seen: np.ndarray, half_life: float, warmup: int):
    """Exponentially weighted level per series and its one-step-ahead errors (NaN if none)."""
    k, t = base.shape
    keep = 0.5 ** (1.0 / half_life)
    level = np.full(k, np.nan)
    weight = np.zeros(k)
    errors = np.full((k, t), np.nan)
    for week in range(t):  # over weeks, each step on every series at once
        obs = seen[:, week]
        value = base[:, week]
        prior = ~np.isnan(level)
        score = obs & prior & (weight >= 1 - keep**warmup)
        errors[score, week] = value[score] - level[score]
        new_weight = np.where(obs, keep * weight + (1 - keep), weight)
        blended = (keep * weight * np.nan_to_num(level) + (1 - keep) * np.nan_to_num(value)) / np.maximum(
            new_weight, 1e-12
        )
        level = np.where(obs, blended, level)
        weight = new_weight
    return level, errors


# --- Policies ----------------------------------------------------------------------------


@dataclass(frozen=True)
class PolicyView:
    """What a policy sees at the end of week `week` (−1 relative to start for the opening).

    `units` holds the weeks up to and including `week`; the features run `lead_time + 1`
    weeks further (NaN past the file's end).
    """

    week: int
    units: np.ndarray
    price: np.ndarray
    deal: np.ndarray
    feat: np.ndarray
    on_hand: np.ndarray
    inbound: np.ndarray
    pool: np.ndarray
    pair_sku: np.ndarray
    pair_market: np.ndarray
    n_markets: int
    lead_time_weeks: int


Policy = Callable[[PolicyView], np.ndarray]


def pro_rata(wanted: np.ndarray, pair_sku: np.ndarray, pool: np.ndarray) -> np.ndarray:
    """Integer units per pair, all of `wanted` where the SKU's pool suffices, else shared in
    proportion to `wanted`, the leftover units going to the largest remainders."""
    wanted = np.maximum(np.asarray(wanted, dtype=np.int64), 0)
    n_sku = pool.size
    total = np.bincount(pair_sku, weights=wanted, minlength=n_sku)
    short = total > pool
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.where(short, pool / np.maximum(total, 1), 1.0)[pair_sku] * wanted
    units = np.floor(share + 1e-9).astype(np.int64)
    left = (pool - np.bincount(pair_sku, weights=units, minlength=n_sku)).astype(np.int64)
    remainder = share - units
    order = np.lexsort((-remainder, pair_sku))
    rank = np.empty_like(order)
    sorted_sku = pair_sku[order]
    starts = np.searchsorted(sorted_sku, sorted_sku, side="left")
    rank[order] = np.arange(order.size) - starts
    extra = short[pair_sku] & (rank < left[pair_sku]) & (remainder > 1e-9)
    return units + extra.astype(np.int64)


@dataclass
class StaticPolicy:
    """The spreadsheet policy (module docstring); levels fixed from the opening's history."""

    level: np.ndarray | None = None

    def __call__(self, view: PolicyView) -> np.ndarray:
        if self.level is None:
            recent = np.nan_to_num(view.units[:, -HISTORY_WEEKS_STATIC:])
            cover = view.lead_time_weeks + 1
            level = cover * recent.mean(axis=1) + STATIC_Z * recent.std(axis=1) * np.sqrt(cover)
            self.level = np.ceil(level - 1e-9).astype(np.int64)
        wanted = np.maximum(self.level - (view.on_hand + view.inbound), 0)
        return pro_rata(wanted, view.pair_sku, view.pool)


@dataclass
class EnginePolicy:
    """The allocation engine fed by a forecaster that sees only what the rules allow."""

    forecaster: Forecaster = field(default_factory=PromotionForecaster)
    unit_margin: float = 10.0
    holding_week: float = 0.10
    transfer_cost: float = 0.50
    settings: AllocationSettings = field(default_factory=AllocationSettings)

    def __call__(self, view: PolicyView) -> np.ndarray:
        lead = view.lead_time_weeks
        horizon = lead + 1
        forecast = self.forecaster(
            ForecastRequest(
                units=view.units,
                price=view.price,
                deal=view.deal,
                feat=view.feat,
                pair_sku=view.pair_sku,
                horizon=horizon,
                pair_market=view.pair_market,
            )
        )
        k = view.pair_sku.size
        lane_days = np.full((view.n_markets, 1), (lead - 1) * 7.0)
        allocation = plan_allocation(
            AllocationInputs(
                pair_sku=view.pair_sku,
                pair_node=view.pair_market,
                pool=view.pool,
                on_hand=view.on_hand,
                inbound=view.inbound,
                mean=forecast.mean,
                p10=forecast.p10,
                p50=forecast.p50,
                p90=forecast.p90,
                unit_margin=np.full(k, self.unit_margin),
                holding_week=np.full(k, self.holding_week),
                # Nothing comes back in the replay: an extra unit just waits for next week.
                pullback_cost=np.zeros(k),
                lane_transit_days=lane_days,
                lane_cost=np.full((view.n_markets, 1), self.transfer_cost),
            ),
            self.settings,
        )
        return allocation.units


# --- The replay --------------------------------------------------------------------------


@dataclass(frozen=True)
class SimulationSettings:
    lead_time_weeks: int = 3
    pool_cover: float = 1.2
    holding_node: float = 0.10
    holding_pool: float = 0.03
    transfer_cost: float = 0.50
    # The replay's files carry no costs of goods: the margin a missed sale loses is a
    # setting (the engine's service level rests on it, the spreadsheet ignores it).
    unit_margin: float = 10.0


@dataclass
class PolicyResult:
    """Totals of one policy's replay, its transfers and its weekly series."""

    totals: dict
    transfers: pd.DataFrame
    weekly_fill_rate: np.ndarray
    weekly_stock_by_market: np.ndarray  # (weeks, markets) closing node stock
    lost: np.ndarray  # (pairs, weeks) units lost


def simulate(
    history: SalesHistory,
    *,
    start: int,
    weeks: int,
    policy: Policy,
    settings: SimulationSettings,
    name: str = "policy",
) -> PolicyResult:
    """Replay weeks `start` … `start + weeks − 1` of `history` under `policy`."""
    lead = settings.lead_time_weeks
    if lead < 1:
        raise ValueError("lead_time_weeks must be at least 1")
    if start < 1 or weeks < 1 or start + weeks > history.weeks.size:
        raise ValueError(
            f"start {start} and weeks {weeks} must leave history before and fit in {history.weeks.size} weeks"
        )
    k = history.pair_sku.size
    n_sku = history.skus.size
    n_mkt = history.markets.size
    demand = history.demand
    window = demand[:, start : start + weeks]
    sku_demand = np.bincount(history.pair_sku, weights=window.sum(axis=1), minlength=n_sku)
    pool = np.floor(settings.pool_cover * sku_demand + 0.5)
    on_hand = np.zeros(k)
    pipeline = np.zeros((k, lead))
    total_weeks = history.weeks.size
    pad = lead + 1

    def features(values: np.ndarray, upto: int) -> np.ndarray:
        end = upto + pad
        out = np.full((k, end), np.nan)
        avail = min(end, total_weeks)
        out[:, :avail] = values[:, :avail]
        return out

    def view(week: int) -> PolicyView:
        upto = week + 1
        return PolicyView(
            week=week,
            units=history.units[:, :upto],
            price=features(history.price, upto),
            deal=features(history.deal, upto),
            feat=features(history.feat, upto),
            on_hand=on_hand.copy(),
            inbound=pipeline.sum(axis=1),
            pool=pool.copy(),
            pair_sku=history.pair_sku,
            pair_market=history.pair_market,
            n_markets=n_mkt,
            lead_time_weeks=lead,
        )

    def checked(units: np.ndarray) -> np.ndarray:
        units = np.asarray(units, dtype=np.int64)
        if units.shape != (k,) or (units < 0).any():
            raise ValueError(f"policy {name} returned negative or misshapen units")
        if (np.bincount(history.pair_sku, weights=units, minlength=n_sku) > pool + 1e-9).any():
            raise ValueError(f"policy {name} sent more than the pool holds")
        return units

    records = []
    opening = checked(policy(view(start - 1)))
    on_hand += opening
    pool -= np.bincount(history.pair_sku, weights=opening, minlength=n_sku)
    records.append((start, start, opening))

    sold_total = lost_total = node_cost = pool_cost = 0.0
    moved = float(opening.sum())
    fill = np.zeros(weeks)
    stock = np.zeros((weeks, n_mkt))
    lost = np.zeros((k, weeks))
    for i, week in enumerate(range(start, start + weeks)):
        on_hand += pipeline[:, 0]
        pipeline = np.concatenate([pipeline[:, 1:], np.zeros((k, 1))], axis=1)
        want = demand[:, week]
        sold = np.minimum(on_hand, want)
        on_hand -= sold
        sold_total += sold.sum()
        lost[:, i] = want - sold
        lost_total += lost[:, i].sum()
        fill[i] = sold.sum() / want.sum() if want.sum() > 0 else 1.0
        send = checked(policy(view(week)))
        pool -= np.bincount(history.pair_sku, weights=send, minlength=n_sku)
        pipeline[:, lead - 1] += send
        moved += float(send.sum())
        records.append((week, week + lead, send))
        node_cost += settings.holding_node * on_hand.sum()
        pool_cost += settings.holding_pool * pool.sum()
        stock[i] = np.bincount(history.pair_market, weights=on_hand, minlength=n_mkt)

    demand_units = float(window.sum())
    transfer_cost = settings.transfer_cost * moved
    totals = {
        "fill_rate": round(float(sold_total / demand_units), 6) if demand_units else 1.0,
        "demand_units": int(round(demand_units)),
        "sold_units": int(round(sold_total)),
        "lost_units": int(round(lost_total)),
        "node_holding_cost": round(float(node_cost), 2),
        "pool_holding_cost": round(float(pool_cost), 2),
        "transfer_units": int(round(moved)),
        "transfer_cost": round(float(transfer_cost), 2),
        "total_cost": round(float(node_cost + pool_cost + transfer_cost), 2),
    }
    return PolicyResult(
        totals=totals,
        transfers=_transfer_frame(history, records, name),
        weekly_fill_rate=fill,
        weekly_stock_by_market=stock,
        lost=lost,
    )


def _transfer_frame(history: SalesHistory, records, name: str) -> pd.DataFrame:
    parts = []
    n_weeks = history.weeks.size
    for week, arrives, units in records:
        moved = np.flatnonzero(units > 0)
        if not moved.size:
            continue
        arrive_date = (
            history.weeks[arrives]
            if arrives < n_weeks
            else history.weeks[-1] + np.timedelta64(7 * (arrives - n_weeks + 1), "D")
        )
        parts.append(
            pd.DataFrame(
                {
                    "policy": name,
                    "week": str(history.weeks[week]),
                    "sku": history.skus[history.pair_sku[moved]],
                    "marketplace": history.markets[history.pair_market[moved]],
                    "units": units[moved],
                    "arrives": str(arrive_date),
                }
            )
        )
    columns = ["policy", "week", "sku", "marketplace", "units", "arrives"]
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=columns)


POLICIES = ("engine", "static")


def make_policy(name: str, settings: SimulationSettings, forecaster: Forecaster | None = None) -> Policy:
    """A fresh policy by name (`engine` or `static`)."""
    if name == "static":
        return StaticPolicy()
    if name == "engine":
        return EnginePolicy(
            forecaster=forecaster or PromotionForecaster(),
            unit_margin=settings.unit_margin,
            holding_week=settings.holding_node,
            transfer_cost=settings.transfer_cost,
        )
    raise ValueError(f"unknown policy {name!r}; allowed: {', '.join(POLICIES)}")


def run_policies(
    history: SalesHistory,
    *,
    start: int,
    weeks: int,
    policies: tuple[str, ...] = POLICIES,
    settings: SimulationSettings | None = None,
    forecaster: Forecaster | None = None,
) -> dict[str, PolicyResult]:
    """Replay each named policy on the same weeks."""
    settings = settings or SimulationSettings()
    return {
        name: simulate(
            history,
            start=start,
            weeks=weeks,
            policy=make_policy(name, settings, forecaster),
            settings=settings,
            name=name,
        )
        for name in policies
    }
