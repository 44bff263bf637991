"""Weekly demand forecasts per series (SKU × location): mean, p10, p50 and p90 for the weeks ahead.

Pure numpy/pandas with LightGBM and statsforecast; nothing here touches Django or a database.

The contract
------------
``forecast(sales, horizon=26, settings=None) -> Forecasts``

``sales`` is a long table, one row per series and week, with the columns

- ``sku``, ``location`` — the series key (a location is a marketplace, a store, a warehouse);
- ``week`` — any date inside the week (dates are put on a 7-day grid that starts at the
  earliest date in the table, so give week starts for exact weeks);
- ``units`` — units sold, or NaN. A week missing from the table (or NaN before a series' last
  week with units) is a *gap*: unknown, never read as zero. Rows after a series' last week
  with units are its *future weeks* and carry the planned ``price``/``deal``/``feat``;
- ``price`` (shelf price), ``deal`` (1 when a coupon or deal runs), ``feat`` (share of the
  week advertised) — optional columns, NaN where unknown. Future weeks without a plan are
  read as the regular price, no deal, no feature.

Each series is forecast for the ``horizon`` weeks after its own last week with units. A
series with no units at all (only future rows) is a *cold start*: its level is borrowed from
the same SKU in other locations (scaled by the location's level) or else from the other
SKUs of its location, and its ``note`` says so.

``Forecasts`` holds one row per series in ``series`` (sku, location, first_week, method,
cold_start, note, backtest_wape) and, in the same order, float arrays of shape
(n_series, horizon): ``mean``, ``p10``, ``p50``, ``p90`` and ``expected``, never negative,
p10 ≤ p50 ≤ p90, and ``weeks`` (datetime64 week dates). ``mean`` is the point forecast
(the model's central weekly units, the one scored by MASE/WAPE); promotional demand is
skewed, so ``expected`` (the average over the forecast distribution, ≥ mean) is the one to
add up into totals. ``to_frame()`` gives the long table (sku, location, week, mean, p10,
p50, p90). ``backtest`` counts the series per chosen method; ``backtest_wape`` is each
series' error on its backtest weeks with its chosen method.

How it forecasts
----------------
- A **global model** (LightGBM, one for all series of the call) learns log units relative to
  each series' regular level (its recent weeks without promotion) from the price relative
  to the series' regular price, deal, feature, the promotions of the other SKUs of the same
  location that week, horizon, product and location, and the recent level lags. Its training
  rows are many rolling origins of the history stacked together.
- **Local models** from statsforecast (seasonal naive, ETS, Theta for regular series;
  Croston, TSB, ADIDA for intermittent ones) are tried for each series on a rolling-origin
  backtest over the last ``calibration_weeks`` of its history; a local model replaces the
  global one only where it beats it there by ``local_margin``.
- **Intervals** are conformal: the out-of-sample errors (in log space, scaled per series)
  of the rolling origins inside the backtest window, by horizon bucket, give the quantiles;
  the mean is the average over that error distribution.

``classify_stages(units, thresholds)`` names each series' market stage (trial, growth,
breakout, steady, decline) with its reason in words and numbers.

The computation is whole-array and independent per call, so a large set of series is split
into chunks (whole locations together, so that the cross-SKU features stay complete) and
each chunk is forecast on its own.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

REQUIRED = ("sku", "location", "week", "units")
COVARIATES = ("price", "deal", "feat")
LOCAL_SMOOTH = ("seasonal_naive", "ets", "theta")
LOCAL_INTERMITTENT = ("croston", "tsb", "adida")
# Horizon buckets for the conformal errors: the spread grows with the distance ahead.
BUCKET_EDGES = (1, 2, 5, 9, 14)
# Error quantile levels whose average gives the mean; 10/50/90 are read off the same errors.
MEAN_GRID = np.linspace(0.01, 0.99, 50)


@dataclass(frozen=True)
class ForecastSettings:
    """Knobs of the engine; the defaults were tuned on rolling origins of real store data."""

    calibration_weeks: int = 13
    min_origin_weeks: int = 4
    max_train_rows: int = 400_000
    rounds: int = 300
    learning_rate: float = 0.1
    objective: str = "l2"
    max_bin: int = 127
    features_off: tuple[str, ...] = ()
    num_leaves: int = 31
    min_data_in_leaf: int = 100
    feature_fraction: float = 0.8
    use_categories_up_to: int = 500
    local_models: tuple[str, ...] = LOCAL_SMOOTH + LOCAL_INTERMITTENT
    local_margin: float = 0.15
    seasonal_period: int = 52
    intermittent_zero_share: float = 0.3
    regular_price_weeks: int = 13
    sigma_prior_weight: float = 8.0
    cold_start_spread: float = 1.5
    seed: int = 0
    # One LightGBM thread: OpenMP threads spin while waiting, which wastes a shared core;
    # run one process per core instead (chunks in parallel).
    threads: int = 1


@dataclass
class Forecasts:
    series: pd.DataFrame
    weeks: np.ndarray
    mean: np.ndarray
    p10: np.ndarray
    p50: np.ndarray
    p90: np.ndarray
    expected: np.ndarray
    backtest: pd.DataFrame
    methods: dict[str, np.ndarray] = field(default_factory=dict)

    def to_frame(self) -> pd.DataFrame:
        n, h = self.mean.shape
        return pd.DataFrame(
            {
                "sku": np.repeat(self.series["sku"].to_numpy(), h),
                "location": np.repeat(self.series["location"].to_numpy(), h),
                "week": self.weeks.reshape(-1),
                "mean": self.mean.reshape(-1),
                "p10": self.p10.reshape(-1),
                "p50": self.p50.reshape(-1),
                "p90": self.p90.reshape(-1),
            }
        )


# --------------------------------------------------------------------------------------
# The panel: series × weeks arrays


@dataclass
class _Panel:
    keys: pd.DataFrame  # sku, location per series
    start: pd.Timestamp  # date of week index 0
    units: np.ndarray  # S × T, NaN = gap or future
    price: np.ndarray  # S × T, history filled along gaps, future = plan or regular price
    deal: np.ndarray
    feat: np.ndarray
    origin: np.ndarray  # S: index of the first week to forecast
    first: np.ndarray  # S: index of the first week with units (origin when none)
    cold: np.ndarray  # S: no units at all
    product: np.ndarray  # S: product code
    place: np.ndarray  # S: location code


def _ffill(a: np.ndarray) -> np.ndarray:
    """Carry the last non-NaN value forward along each row."""
    idx = np.where(np.isnan(a), 0, np.arange(a.shape[1]))
    np.maximum.accumulate(idx, axis=1, out=idx)
    out = a[np.arange(a.shape[0])[:, None], idx]
    return out


def _bfill(a: np.ndarray) -> np.ndarray:
    return _ffill(a[:, ::-1])[:, ::-1]


def _roll(a: np.ndarray, k: int, what: str = "mean") -> np.ndarray:
    """Mean (or std) of the non-NaN values in the window of k weeks ending at each week."""
    ok = ~np.isnan(a)
    v = np.where(ok, a, 0.0)
    c = np.cumsum(ok, axis=1, dtype=np.float64)
    s = np.cumsum(v, axis=1)
    c[:, k:] = c[:, k:] - c[:, :-k].copy()
    s[:, k:] = s[:, k:] - s[:, :-k].copy()
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = s / c
        if what == "mean":
            return np.where(c > 0, mean, np.nan)
        q = np.cumsum(v * v, axis=1)
        q[:, k:] = q[:, k:] - q[:, :-k].copy()
        var = np.maximum(q / c - mean * mean, 0.0)
        return np.where(c > 1, np.sqrt(var), np.nan)


def _roll_max(a: np.ndarray, k: int) -> np.ndarray:
    return pd.DataFrame(a.T).rolling(k, min_periods=1).max().to_numpy().T


def _panel(sales: pd.DataFrame, horizon: int, settings: ForecastSettings) -> _Panel:
    missing = [c for c in REQUIRED if c not in sales.columns]
    if missing:
        raise ValueError(f"sales lacks the column(s) {', '.join(missing)}")
    df = pd.DataFrame(
        {
            "sku": sales["sku"].astype(str).to_numpy(),
            "location": sales["location"].astype(str).to_numpy(),
            "week": pd.to_datetime(sales["week"]).to_numpy(),
            "units": pd.to_numeric(sales["units"]).astype(float).to_numpy(),
        }
    )
    for c in COVARIATES:
        df[c] = pd.to_numeric(sales[c]).astype(float).to_numpy() if c in sales.columns else np.nan
    if (df["units"] < 0).any():
        raise ValueError("units must not be negative")
    start = df["week"].min()
    df["t"] = ((df["week"] - start).dt.days // 7).astype(np.int64)
    keys = df[["sku", "location"]].drop_duplicates().sort_values(["sku", "location"]).reset_index(drop=True)
    sid = pd.MultiIndex.from_frame(keys).get_indexer(pd.MultiIndex.from_frame(df[["sku", "location"]]))
    df["sid"] = sid
    grouped = df.groupby(["sid", "t"], sort=False)
    agg = grouped.agg(price=("price", "mean"), deal=("deal", "max"), feat=("feat", "max"))
    agg["units"] = grouped["units"].sum(min_count=1)
    s_idx = agg.index.get_level_values(0).to_numpy()
    t_idx = agg.index.get_level_values(1).to_numpy()
    n = len(keys)
    has = ~np.isnan(agg["units"].to_numpy())
    last = np.full(n, -1)
    np.maximum.at(last, s_idx[has], t_idx[has])
    first_row = np.full(n, np.iinfo(np.int64).max)
    np.minimum.at(first_row, s_idx, t_idx)
    first_obs = np.full(n, np.iinfo(np.int64).max)
    np.minimum.at(first_obs, s_idx[has], t_idx[has])
    cold = last < 0
    origin = np.where(cold, first_row, last + 1)
    first = np.where(cold, origin, first_obs)
    width = int(max(t_idx.max() + 1, (origin + horizon).max()))

    def grid(col: str) -> np.ndarray:
        a = np.full((n, width), np.nan)
        a[s_idx, t_idx] = agg[col].to_numpy()
        return a

    units = grid("units")
    cols = np.arange(width)[None, :]
    future = cols >= origin[:, None]
    units[future] = np.nan
    price = grid("price")
    hist_price = np.where(future, np.nan, price)
    hist_price = _bfill(_ffill(hist_price))
    regular = _roll_max(hist_price, settings.regular_price_weeks)
    at_origin = regular[np.arange(n), np.clip(origin - 1, 0, width - 1)]
    # Weeks ahead without a plan sell at the regular price of the origin.
    price = np.where(future, np.where(np.isnan(price), at_origin[:, None], price), hist_price)
    deal = grid("deal")
    feat = grid("feat")
    deal = np.where(np.isnan(deal), 0.0, deal)
    feat = np.where(np.isnan(feat), 0.0, feat)
    return _Panel(
        keys=keys,
        start=pd.Timestamp(start),
        units=units,
        price=price,
        deal=deal,
        feat=feat,
        origin=origin.astype(np.int64),
        first=first.astype(np.int64),
        cold=cold,
        product=pd.factorize(keys["sku"])[0],
        place=pd.factorize(keys["location"])[0],
    )


# --------------------------------------------------------------------------------------
# Features of the global model


class _Features:
    """Everything the global model reads, precomputed once over the panel."""

    NAMES = (
        "h",
        "disc",
        "deal",
        "feat",
        "logp",
        "base",
        "lvl4",
        "lvl8",
        "lvl13",
        "lvl26",
        "base8",
        "last",
        "sd26",
        "season",
        "o_disc",
        "o_deal",
        "o_feat",
        "rel_minp",
        "product",
        "place",
    )

    def __init__(self, p: _Panel, settings: ForecastSettings):
        self.p = p
        self.off = settings.features_off
        self.period = settings.seasonal_period
        log = np.log1p(p.units)
        self.log = log
        promo = (p.deal > 0) | (p.feat > 0)
        regular_weeks = np.where(promo, np.nan, log)
        self.hist = {
            "lvl4": _ffill(_roll(log, 4)),
            "lvl8": _ffill(_roll(log, 8)),
            "lvl13": _ffill(_roll(log, 13)),
            "lvl26": _ffill(_roll(log, 26)),
            "base26": _ffill(_roll(regular_weeks, 26)),
            "base8": _ffill(_roll(regular_weeks, 8)),
            "last": _ffill(log),
            "sd26": _ffill(_roll(log, 26, "std")),
        }
        self.regular = _roll_max(np.where(np.isnan(p.price), np.nan, p.price), settings.regular_price_weeks)
        with np.errstate(divide="ignore", invalid="ignore"):
            self.logp = np.log(p.price)
            week_disc = np.log(p.price / _ffill(np.roll(self.regular, 1, axis=1)))
        week_disc[:, 0] = 0.0
        # What the other SKUs of the same location do that week (their planned promotions
        # are known for the weeks ahead too): average discount, deals, features, cheapest price.
        places = p.place.max() + 1 if len(p.place) else 0
        known = ~np.isnan(week_disc)
        d0 = np.where(known, week_disc, 0.0)

        def place_sum(a: np.ndarray) -> np.ndarray:
            out = np.zeros((places, a.shape[1]))
            np.add.at(out, p.place, a)
            return out[p.place]

        count = place_sum(known.astype(float)) - known
        with np.errstate(divide="ignore", invalid="ignore"):
            self.o_disc = np.where(count > 0, (place_sum(d0) - d0) / count, np.nan)
        self.o_deal = place_sum(p.deal) - p.deal
        self.o_feat = place_sum(p.feat) - p.feat
        lp = pd.DataFrame(self.logp)
        cheapest = lp.groupby(p.place).min().to_numpy()[p.place]
        self.rel_minp = self.logp - cheapest
        self.categories = (
            len(np.unique(p.product)) <= settings.use_categories_up_to,
            len(np.unique(p.place)) <= settings.use_categories_up_to,
        )

    def base_at(self, s: np.ndarray, o: np.ndarray) -> np.ndarray:
        j = o - 1
        base = self.hist["base26"][s, j]
        base = np.where(np.isnan(base), self.hist["lvl26"][s, j], base)
        return np.where(np.isnan(base), self.hist["last"][s, j], base)

    def rows(self, s: np.ndarray, o: np.ndarray, h: np.ndarray, base=None) -> tuple[np.ndarray, np.ndarray]:
        """Feature matrix for (series, origin, horizon) triples and each row's log base level."""
        p = self.p
        t = o + h - 1
        j = o - 1
        if base is None:
            base = self.base_at(s, o)
        cols = {"h": h.astype(float)}
        with np.errstate(divide="ignore", invalid="ignore"):
            cols["disc"] = np.log(p.price[s, t] / self.regular[s, j])
        cols["deal"] = p.deal[s, t]
        cols["feat"] = p.feat[s, t]
        cols["logp"] = self.logp[s, t]
        cols["base"] = base
        for k in ("lvl4", "lvl8", "lvl13", "lvl26", "base8", "last"):
            cols[k] = self.hist[k][s, j] - base
        cols["sd26"] = self.hist["sd26"][s, j]
        # The same week a season earlier, relative to the level (NaN without that week).
        back = t - self.period
        seen = (back >= 0) & (back < o)
        cols["season"] = np.where(seen, self.log[s, np.clip(back, 0, None)] - base, np.nan)
        cols["o_disc"] = self.o_disc[s, t]
        cols["o_deal"] = self.o_deal[s, t]
        cols["o_feat"] = self.o_feat[s, t]
        cols["rel_minp"] = self.rel_minp[s, t]
        cols["product"] = p.product[s].astype(float) if self.categories[0] else np.full(len(s), np.nan)
        cols["place"] = p.place[s].astype(float) if self.categories[1] else np.full(len(s), np.nan)
        for name in self.off:
            cols[name] = np.full(len(s), np.nan)
        x = np.column_stack([cols[n] for n in self.NAMES]).astype(np.float32)
        return x, base


def _training_triples(p: _Panel, cutoff: np.ndarray, horizon: int, settings: ForecastSettings, rng):
    """(series, origin, horizon) of past weeks with units, all targets before each series' cutoff."""
    lo = p.first + settings.min_origin_weeks
    span = np.maximum(cutoff - lo, 0)
    pairs = int((span * horizon).sum())
    if pairs <= settings.max_train_rows:
        o_all = np.arange(lo.min(), cutoff.max()) if len(lo) else np.array([], dtype=np.int64)
        ss, oo, hh = [], [], []
        for h in range(1, horizon + 1):
            s, o = np.nonzero((o_all[None, :] >= lo[:, None]) & (o_all[None, :] + h - 1 < cutoff[:, None]))
            ss.append(s)
            oo.append(o_all[o])
            hh.append(np.full(len(s), h))
        s, o, h = np.concatenate(ss), np.concatenate(oo), np.concatenate(hh)
    else:
        per = max(1, settings.max_train_rows // max(1, int((span > 0).sum())))
        s = np.repeat(np.nonzero(span > 0)[0], per)
        h = rng.integers(1, horizon + 1, len(s))
        o = lo[s] + np.floor(rng.random(len(s)) * span[s]).astype(np.int64)
        keep = o + h - 1 < cutoff[s]
        s, o, h = s[keep], o[keep], h[keep]
    y = p.units[s, o + h - 1]
    keep = ~np.isnan(y)
    return s[keep], o[keep], h[keep]


def _fit_global(f: _Features, cutoff: np.ndarray, horizon: int, settings: ForecastSettings, rng):
    import lightgbm as lgb

    s, o, h = _training_triples(f.p, cutoff, horizon, settings, rng)
    if len(s) < 50:
        return None
    x, base = f.rows(s, o, h)
    y = np.log1p(f.p.units[s, o + h - 1]) - base
    params = {
        "objective": settings.objective,
        "max_bin": settings.max_bin,
        "learning_rate": settings.learning_rate,
        "num_leaves": settings.num_leaves,
        "min_data_in_leaf": min(settings.min_data_in_leaf, max(5, len(s) // 20)),
        "feature_fraction": settings.feature_fraction,
        "bagging_fraction": 0.8,
        "bagging_freq": 1,
        "verbose": -1,
        "num_threads": settings.threads,
        "seed": settings.seed,
        "deterministic": True,
    }
    cats = [i for i, n in enumerate(_Features.NAMES) if n in ("product", "place")]
    data = lgb.Dataset(x, y, feature_name=list(_Features.NAMES), categorical_feature=cats, free_raw_data=True)
    return lgb.train(params, data, settings.rounds)


def _predict_log(model, f: _Features, s, o, h, base=None) -> np.ndarray:
    x, base = f.rows(s, o, h, base)
    if model is None:
        return np.where(np.isnan(base), 0.0, base)
    return model.predict(x, num_threads=f_threads(model)) + np.where(np.isnan(base), 0.0, base)


def f_threads(model) -> int:
    return int(model.params.get("num_threads", 1))


# --------------------------------------------------------------------------------------
# Local models (statsforecast)


def _local_model(name: str, settings: ForecastSettings):
    from statsforecast import models as m

    return {
        "seasonal_naive": lambda: m.SeasonalNaive(season_length=settings.seasonal_period),
        # Error type chosen by AICc, no trend: 20× quicker than the full search, which
        # rarely picks a trend on weekly retail series that short.
        "ets": lambda: m.AutoETS(season_length=1, model="ZNZ"),
        # The standard Theta method (θ = 2): 8× quicker than AutoTheta's search.
        "theta": lambda: m.Theta(season_length=1),
        "croston": lambda: m.CrostonOptimized(),
        "tsb": lambda: m.TSB(alpha_d=0.2, alpha_p=0.2),
        "adida": lambda: m.ADIDA(),
    }[name]()


def _filled_history(p: _Panel, series: np.ndarray, cutoff: np.ndarray) -> pd.DataFrame:
    """Long table (unique_id, ds, y) of each series' weeks first..cutoff-1, gaps interpolated.

    Local models need regular series; a gap is filled from its neighbours (not with zero).
    """
    width = p.units.shape[1]
    cols = np.arange(width)[None, :]
    inside = (cols >= p.first[series, None]) & (cols < cutoff[series, None])
    y = np.where(inside, p.units[series], np.nan)
    filled = pd.DataFrame(y.T).interpolate(limit_area="inside").to_numpy().T
    s, t = np.nonzero(inside)
    return pd.DataFrame({"unique_id": series[s], "ds": t, "y": filled[s, t]})


def _run_local(
    p: _Panel, names, series: np.ndarray, cutoff: np.ndarray, h: int, settings
) -> dict[str, np.ndarray]:
    """Point forecasts (len(series) × h) of each named local model from each series' cutoff."""
    from statsforecast import StatsForecast
    from statsforecast import models as m

    out = {name: np.full((len(series), h), np.nan) for name in names}
    if not len(series) or not names:
        return out
    data = _filled_history(p, series, cutoff)
    models = [_local_model(n, settings) for n in names]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        # A series a model cannot fit (e.g. ETS on a flat run) falls back to the last week.
        sf = StatsForecast(models=models, freq=1, n_jobs=1, fallback_model=m.Naive())
        fc = sf.forecast(df=data, h=h)
    row = pd.Index(series).get_indexer(fc["unique_id"].to_numpy())
    step = fc.groupby("unique_id", sort=False).cumcount().to_numpy()
    for name, model in zip(names, models, strict=True):
        col = str(model)
        out[name][row, step] = np.clip(fc[col].to_numpy(dtype=float), 0, None)
    return out


def _intermittent(p: _Panel, settings: ForecastSettings) -> np.ndarray:
    hist = np.where(np.arange(p.units.shape[1])[None, :] < p.origin[:, None], p.units, np.nan)
    known = (~np.isnan(hist)).sum(axis=1)
    zeros = (hist == 0).sum(axis=1)
    return zeros > settings.intermittent_zero_share * np.maximum(known, 1)


# --------------------------------------------------------------------------------------
# Conformal intervals


def _bucket(h: np.ndarray) -> np.ndarray:
    return np.searchsorted(np.array(BUCKET_EDGES), h, side="right") - 1


def _error_quantiles(err: np.ndarray, h: np.ndarray, levels: np.ndarray) -> np.ndarray:
    """Quantiles of scaled log errors per horizon bucket (buckets × levels); thin buckets borrow."""
    out = np.full((len(BUCKET_EDGES), len(levels)), np.nan)
    b = _bucket(h)
    pooled = np.quantile(err, levels) if len(err) else np.zeros(len(levels))
    for k in range(len(BUCKET_EDGES)):
        e = err[b == k]
        out[k] = np.quantile(e, levels) if len(e) >= 30 else np.nan
    # A bucket with too few errors takes the one before it (or the pooled errors).
    for k in range(len(BUCKET_EDGES)):
        if np.isnan(out[k]).any():
            out[k] = out[k - 1] if k > 0 else pooled
    return out


def _series_sigma(err: np.ndarray, s: np.ndarray, n: int, settings: ForecastSettings) -> np.ndarray:
    """Per-series spread of the backtest errors, shrunk towards the pooled spread."""
    pooled = np.sqrt(np.mean(err**2)) if len(err) else 1.0
    pooled = max(pooled, 1e-3)
    count = np.bincount(s, minlength=n)
    sq = np.bincount(s, weights=err**2, minlength=n)
    w = settings.sigma_prior_weight
    return np.sqrt((sq + w * pooled**2) / (count + w))


def _intervals(center_log: np.ndarray, sigma: np.ndarray, q: np.ndarray, horizon: int):
    """As `_intervals_rows`, with one set of error quantiles for every series."""
    return _intervals_rows(center_log, sigma, np.repeat(q[None], len(center_log), axis=0), horizon)


LEVELS = np.concatenate([MEAN_GRID, [0.1, 0.5, 0.9]])


# --------------------------------------------------------------------------------------
# The forecast


def _calibration_triples(p: _Panel, horizon: int, hc: int):
    """Rolling origins inside each series' last hc weeks, every target before its origin."""
    ss, oo, hh = [], [], []
    warm = np.nonzero(~p.cold)[0]
    for k in range(hc):
        o = p.origin[warm] - hc + k
        for h in range(1, min(hc - k, horizon) + 1):
            ok = o > p.first[warm]
            s = warm[ok]
            t = o[ok] + h - 1
            seen = ~np.isnan(p.units[s, t])
            ss.append(s[seen])
            oo.append(o[ok][seen])
            hh.append(np.full(int(seen.sum()), h))
    return np.concatenate(ss), np.concatenate(oo), np.concatenate(hh)


def _cold_bases(p: _Panel, f: _Features) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """Borrowed log level, extra spread and the note of each cold series.

    A two-way fit of the warm series' regular levels (product + location, medians) scales
    the same SKU's level elsewhere to this location; without the SKU anywhere else, the
    median of the location's other SKUs stands in; without either, the median of all.
    """
    n = len(p.keys)
    base = np.full(n, np.nan)
    notes = [""] * n
    warm = np.nonzero(~p.cold)[0]
    if not len(warm):
        return np.zeros(n), np.ones(n), ["no history anywhere: no demand expected"] * n
    level = f.base_at(warm, p.origin[warm])
    w = pd.DataFrame({"product": p.product[warm], "place": p.place[warm], "level": level})
    sku_level = w.groupby("product")["level"].median()
    w["rest"] = w["level"] - w["product"].map(sku_level)
    place_effect = w.groupby("place")["rest"].median()
    spread = float(np.nanstd(w["rest"] - w["place"].map(place_effect))) if len(w) > 2 else 1.0
    place_level = w.groupby("place")["level"].median()
    all_level = float(np.median(level))
    extra = np.ones(n)
    for s in np.nonzero(p.cold)[0]:
        prod, place = p.product[s], p.place[s]
        if prod in sku_level.index:
            effect = float(place_effect.get(place, 0.0))
            base[s] = sku_level[prod] + effect
            others = int((w["product"] == prod).sum())
            notes[s] = (
                f"new here: level borrowed from this SKU in {others} other location(s), "
                f"scaled ×{np.exp(effect):.2f} for this location"
            )
        elif place in place_level.index:
            base[s] = place_level[place]
            others = int((w["place"] == place).sum())
            notes[s] = f"new SKU: level borrowed from {others} other SKU(s) in this location"
        else:
            base[s] = all_level
            notes[s] = "new SKU and location: level borrowed from all series"
        extra[s] = np.sqrt(1.0 + spread**2)
    return base, extra, notes


def forecast(
    sales: pd.DataFrame,
    horizon: int = 26,
    settings: ForecastSettings | None = None,
    *,
    all_methods: bool = False,
) -> Forecasts:
    """Forecast every series of `sales` for `horizon` weeks (see the module docstring).

    With `all_methods`, `Forecasts.methods` also holds every candidate's own forecast
    (name → (mean, p10, p50, p90)), for the backtest report.
    Raises ValueError when a required column is missing or units are negative.
    """
    if horizon < 1:
        raise ValueError("horizon must be at least 1 week")
    settings = settings or ForecastSettings()
    p = _panel(sales, horizon, settings)
    f = _Features(p, settings)
    rng = np.random.default_rng(settings.seed)
    n = len(p.keys)
    hc = settings.calibration_weeks

    # 1. The global model fitted without the last hc weeks: its errors on rolling origins in
    #    those weeks are out of sample, and give the intervals and the per-series choice.
    cal_model = _fit_global(f, p.origin - hc, horizon, settings, rng)
    cs, co, ch = _calibration_triples(p, horizon, hc)
    err = np.log1p(p.units[cs, co + ch - 1]) - _predict_log(cal_model, f, cs, co, ch)
    sigma = _series_sigma(err, cs, n, settings)
    q_global = _error_quantiles(err / sigma[cs], ch, LEVELS)

    # 2. The local models on the backtest origin (origin - hc): where one beats the global
    #    model clearly, it is chosen for that series.
    chosen = np.array(["global"] * n, dtype=object)
    centre = np.full((n, horizon), np.nan)
    intermittent = _intermittent(p, settings)
    history = p.origin - p.first
    eligible = ~p.cold & (history >= hc + 8)
    bt_origin = p.origin - hc
    bt_h = np.arange(1, hc + 1)
    bt_s = np.nonzero(eligible)[0]
    actual = p.units[bt_s[:, None], bt_origin[bt_s, None] + bt_h[None, :] - 1]
    g_bt = np.expm1(
        _predict_log(
            cal_model,
            f,
            np.repeat(bt_s, hc),
            np.repeat(bt_origin[bt_s], hc),
            np.tile(bt_h, len(bt_s)),
        ).reshape(len(bt_s), hc)
    ).clip(0)
    candidates: dict[str, np.ndarray] = {}  # name → eligible-series mask (len(bt_s))
    local_bt: dict[str, np.ndarray] = {}
    for group, names in ((~intermittent[bt_s], LOCAL_SMOOTH), (intermittent[bt_s], LOCAL_INTERMITTENT)):
        names = [m for m in names if m in settings.local_models]
        for name in names:
            mask = group.copy()
            if name == "seasonal_naive":
                mask &= history[bt_s] - hc >= settings.seasonal_period
            candidates[name] = mask
            local_bt[name] = np.full((len(bt_s), hc), np.nan)
        for name in names:
            sub = bt_s[candidates[name]]
            local_bt[name][candidates[name]] = _run_local(p, [name], sub, bt_origin, hc, settings)[name]
    with np.errstate(invalid="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        g_mae = np.nanmean(np.abs(actual - g_bt), axis=1)
        best_mae = np.full(len(bt_s), np.inf)
        best = np.array(["global"] * len(bt_s), dtype=object)
        for name, fc in local_bt.items():
            mae = np.nanmean(np.abs(actual - fc), axis=1)
            better = candidates[name] & (mae < best_mae) & (mae < (1 - settings.local_margin) * g_mae)
            best_mae = np.where(better, mae, best_mae)
            best[better] = name
    chosen[bt_s] = best
    # Each series' accuracy on its backtest weeks with the method it now uses, for the seller.
    chosen_bt = g_bt.copy()
    for name, fc in local_bt.items():
        chosen_bt[best == name] = fc[best == name]
    backtest_wape = np.full(n, np.nan)
    seen = ~np.isnan(actual)
    sold = np.where(seen, actual, 0).sum(axis=1)
    miss = np.where(seen, np.abs(actual - chosen_bt), 0).sum(axis=1)
    backtest_wape[bt_s] = np.where(sold > 0, miss / np.maximum(sold, 1e-9), np.nan)

    # 3. The final global model on all the history, and the chosen local models refitted.
    model = _fit_global(f, p.origin, horizon, settings, rng)
    warm = np.nonzero(~p.cold)[0]
    hs = np.arange(1, horizon + 1)
    centre[warm] = _predict_log(
        model, f, np.repeat(warm, horizon), np.repeat(p.origin[warm], horizon), np.tile(hs, len(warm))
    ).reshape(len(warm), horizon)
    global_centre = centre.copy()
    sig = sigma.copy()
    q_rows = np.repeat(q_global[None], n, axis=0)
    local_names = [m for m in local_bt if (chosen == m).any()] if not all_methods else list(local_bt)
    local_final: dict[str, np.ndarray] = {}
    local_q: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    for name in local_names:
        pick = bt_s[candidates[name]] if all_methods else np.nonzero(chosen == name)[0]
        if not len(pick):
            continue
        fc = _run_local(p, [name], pick, p.origin, horizon, settings)[name]
        local_final[name] = (pick, fc)
        # The local model's own out-of-sample errors on the backtest origin.
        rows = np.isin(bt_s, pick)
        e = np.log1p(actual[rows]) - np.log1p(local_bt[name][rows])
        es = np.repeat(bt_s[rows], hc)
        eh = np.tile(bt_h, int(rows.sum()))
        e = e.reshape(-1)
        ok = ~np.isnan(e)
        s_sigma = _series_sigma(e[ok], es[ok], n, settings)
        q = _error_quantiles(e[ok] / s_sigma[es[ok]], eh[ok], LEVELS) if ok.sum() >= 30 else q_global
        local_q[name] = (s_sigma, q)
        mine = pick[chosen[pick] == name]
        where = np.isin(pick, mine)
        centre[mine] = np.log1p(fc[where])
        sig[mine] = s_sigma[mine]
        q_rows[mine] = q

    # 4. Cold starts: the global model around a borrowed level, with a wider spread.
    cold = np.nonzero(p.cold)[0]
    notes = np.array([""] * n, dtype=object)
    if len(cold):
        base, extra, cold_notes = _cold_bases(p, f)
        chosen[cold] = "cold_start"
        cb = np.repeat(base[cold], horizon)
        centre[cold] = _predict_log(
            model, f, np.repeat(cold, horizon), np.repeat(p.origin[cold], horizon), np.tile(hs, len(cold)), cb
        ).reshape(len(cold), horizon)
        pooled = float(np.sqrt(np.mean(err**2))) if len(err) else 1.0
        sig[cold] = pooled * settings.cold_start_spread * extra[cold]
        notes[cold] = np.array(cold_notes, dtype=object)[cold]
    short = ~p.cold & (history < settings.min_origin_weeks + 4)
    notes[short] = f"short history ({history[short].min() if short.any() else 0}+ weeks): wide interval"

    mean, p10, p50, p90, expected = _intervals_rows(centre, sig, q_rows, horizon)
    offsets = (7 * (p.origin[:, None] + hs[None, :] - 1)).astype("timedelta64[D]")
    weeks = (np.datetime64(p.start, "D") + offsets).astype("datetime64[ns]")
    series = p.keys.assign(
        first_week=p.start + pd.to_timedelta(7 * p.origin, unit="D"),
        method=chosen.astype(str),
        cold_start=p.cold,
        note=notes.astype(str),
        backtest_wape=backtest_wape,
    )
    methods: dict[str, tuple] = {}
    if all_methods:
        methods["global"] = _intervals(global_centre, sigma, q_global, horizon)[:4]
        for name, (pick, fc) in local_final.items():
            c = np.full((n, horizon), np.nan)
            c[pick] = np.log1p(fc)
            s_sigma, q = local_q[name]
            methods[name] = _intervals(c, s_sigma, q, horizon)[:4]
    counts = pd.Series(chosen).value_counts()
    report = pd.DataFrame({"method": counts.index.astype(str), "series": counts.to_numpy()})
    return Forecasts(
        series=series,
        weeks=weeks,
        mean=mean,
        p10=p10,
        p50=p50,
        p90=p90,
        expected=expected,
        backtest=report,
        methods=methods,
    )


def _intervals_rows(centre, sigma, q_rows, horizon):
    """(mean, p10, p50, p90, expected) in units from log centres and scaled error quantiles.

    The errors are centred on their median: the point forecast is the model's own (a bias
    seen in the backtest window is a past level shift, not a property of the weeks ahead).
    """
    b = _bucket(np.arange(1, horizon + 1))
    grid = q_rows[:, b, :]  # n × horizon × levels
    grid = grid - grid[:, :, -2:-1]
    draws = centre[:, :, None] + sigma[:, None, None] * grid
    units = np.expm1(np.maximum(draws, 0.0))
    units = np.where(np.isnan(units), 0.0, units)
    expected = units[:, :, : len(MEAN_GRID)].mean(axis=2)
    p10, p50, p90 = (units[:, :, len(MEAN_GRID) + i] for i in range(3))
    return p50, np.minimum(p10, p50), p50, np.maximum(p90, p50), np.maximum(expected, p50)


# --------------------------------------------------------------------------------------
# Rolling-origin backtest (for the report a seller or analyst reads)


def seasonal_naive(units: np.ndarray, origin: np.ndarray, horizon: int, period: int = 52) -> np.ndarray:
    """The same week a season earlier, or the last week with units when that week is unknown."""
    n = len(units)
    last = _ffill(units)[np.arange(n), np.clip(origin - 1, 0, None)]
    t = origin[:, None] + np.arange(horizon)[None, :] - period
    back = np.where(t >= 0, units[np.arange(n)[:, None], np.clip(t, 0, None)], np.nan)
    back = np.where(t < origin[:, None], back, np.nan)
    return np.where(np.isnan(back), last[:, None], back)


def score(actual: np.ndarray, scale: np.ndarray, mean, p10=None, p50=None, p90=None) -> dict[str, float]:
    """MASE (each series' mean absolute error over its in-sample one-step naive error,
    averaged over series), WAPE, mean pinball loss of p10/p50/p90 as a share of mean units,
    and the share of weeks inside p10–p90. NaN actual weeks are not scored."""
    seen = ~np.isnan(actual) & ~np.isnan(mean)
    err = np.where(seen, np.abs(actual - mean), np.nan)
    rows = seen.any(axis=1) & (scale > 0)
    with np.errstate(invalid="ignore", divide="ignore"):
        mase = float(np.nanmean(np.nanmean(err[rows], axis=1) / scale[rows]))
    total = actual[seen].sum()
    out = {"mase": mase, "wape": float(np.nansum(err) / total) if total else float("nan")}
    if p10 is not None:
        y = actual[seen]

        def pinball(q, fc):
            d = y - fc[seen]
            return np.mean(np.where(d >= 0, q * d, (q - 1) * d))

        loss = (pinball(0.1, p10) + pinball(0.5, p50) + pinball(0.9, p90)) / 3
        out["pinball"] = float(loss / np.mean(y)) if np.mean(y) else float("nan")
        out["coverage"] = float(np.mean((y >= p10[seen]) & (y <= p90[seen])))
    return out


def backtest(
    sales: pd.DataFrame, horizon: int, folds: int, settings: ForecastSettings | None = None
) -> pd.DataFrame:
    """Accuracy of every method on `folds` rolling origins, `horizon` weeks each.

    The k-th origin cuts the last k × horizon weeks of the table; each fold forecasts from
    what came before (with the promotions of the held-back weeks known, as planned ones
    would be) and is scored on the held-back weeks. One row per method: mase, wape, pinball,
    coverage and the number of series scored; "chosen mix" is what `forecast` delivers and
    "seasonal naive (52)" the yardstick.
    """
    settings = settings or ForecastSettings()
    base = _panel(sales, 0, settings)
    end = int(np.nanmax(np.where(~np.isnan(base.units), np.arange(base.units.shape[1])[None, :], -1))) + 1
    start = base.start
    t_of = ((pd.to_datetime(sales["week"]) - start).dt.days // 7).to_numpy()
    results: dict[str, list] = {}
    for k in range(folds, 0, -1):
        cut = end - k * horizon
        if cut < settings.min_origin_weeks + 8:
            continue
        part = sales.loc[t_of < cut + horizon].copy()
        part.loc[t_of[t_of < cut + horizon] >= cut, "units"] = np.nan
        fc = forecast(part, horizon, settings, all_methods=True)
        p = _panel(part, horizon, settings)
        truth = _panel(sales.loc[t_of < cut + horizon], 0, settings)
        index = pd.MultiIndex.from_frame(truth.keys).get_indexer(
            pd.MultiIndex.from_frame(fc.series[["sku", "location"]])
        )
        off = int((p.start - truth.start).days // 7)
        cols = p.origin[:, None] + off + np.arange(horizon)[None, :]
        inside = cols < truth.units.shape[1]
        actual = np.where(
            inside, truth.units[index[:, None], np.clip(cols, 0, truth.units.shape[1] - 1)], np.nan
        )
        hist = np.where(np.arange(p.units.shape[1])[None, :] < p.origin[:, None], p.units, np.nan)
        scale = np.array(
            [np.mean(np.abs(np.diff(r[~np.isnan(r)]))) if (~np.isnan(r)).sum() > 1 else np.nan for r in hist]
        )
        actual[p.cold] = np.nan
        entries = {"chosen mix": (fc.mean, fc.p10, fc.p50, fc.p90)}
        entries.update(fc.methods)
        sn = seasonal_naive(p.units, p.origin, horizon, settings.seasonal_period)
        entries["seasonal naive (52)"] = (sn, sn, sn, sn)
        for name, (mean, p10, p50, p90) in entries.items():
            results.setdefault(name, []).append((actual, scale, mean, p10, p50, p90))
    rows = []
    for name, parts in results.items():
        actual = np.concatenate([a[0] for a in parts])
        scale = np.concatenate([a[1] for a in parts])
        arrays = [np.concatenate([a[i] for a in parts]) for i in range(2, 6)]
        keep = ~np.isnan(arrays[0]).all(axis=1)
        m = score(actual[keep], scale[keep], *[a[keep] for a in arrays])
        m["series"] = int((keep & ~np.isnan(actual).all(axis=1)).sum())
        rows.append({"method": name, **m})
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------------------
# Market stage


@dataclass(frozen=True)
class StageThresholds:
    """When a series is in which stage; a seller may override any of them."""

    trial_weeks: int = 8  # fewer weeks with sales than this: trial
    recent_weeks: int = 4
    trend_weeks: int = 12
    breakout_ratio: float = 2.0  # recent weeks sold at least this × the trend: breakout
    growth_ratio: float = 1.2  # the last trend window sold this × the one before: growth
    decline_ratio: float = 0.8  # ... at most this × the one before: decline


STAGES = ("trial", "growth", "breakout", "steady", "decline")


def classify_stages(
    units: np.ndarray, thresholds: StageThresholds | None = None
) -> tuple[np.ndarray, list[str], dict]:
    """Stage and reason of each series from its weekly units (series × weeks, NaN = gap,
    the last column the latest week).

    Returns (stages, reasons, numbers): stages an array of names from STAGES, reasons
    sentences with the numbers that decided, numbers a dict of arrays (weeks_sold,
    recent, trend, previous, ratio_recent, ratio_trend) per series.
    """
    th = thresholds or StageThresholds()
    u = np.atleast_2d(np.asarray(units, dtype=float))
    r, k = th.recent_weeks, th.trend_weeks
    weeks_sold = (np.nan_to_num(u) > 0).sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        recent = np.nanmean(u[:, -r:], axis=1)
        trend = np.nanmean(u[:, -(r + k) : -r], axis=1) if u.shape[1] > r else np.full(len(u), np.nan)
        last_k = np.nanmean(u[:, -k:], axis=1)
        previous = np.nanmean(u[:, -2 * k : -k], axis=1) if u.shape[1] > k else np.full(len(u), np.nan)
        ratio_recent = recent / trend
        ratio_trend = last_k / previous
    stages = np.full(len(u), "steady", dtype=object)
    reasons: list[str] = []
    for i in range(len(u)):
        if weeks_sold[i] < th.trial_weeks:
            stages[i] = "trial"
            reasons.append(f"trial: {weeks_sold[i]} week(s) with sales, fewer than {th.trial_weeks}")
        elif np.isfinite(ratio_recent[i]) and ratio_recent[i] >= th.breakout_ratio:
            stages[i] = "breakout"
            reasons.append(f"breakout: the last {r} weeks sold {ratio_recent[i]:.1f}× the {k}-week trend")
        elif np.isfinite(ratio_trend[i]) and ratio_trend[i] >= th.growth_ratio:
            stages[i] = "growth"
            reasons.append(
                f"growth: the last {k} weeks sold {ratio_trend[i]:.2f}× the {k} weeks before "
                f"(≥ {th.growth_ratio:.2f})"
            )
        elif np.isfinite(ratio_trend[i]) and ratio_trend[i] <= th.decline_ratio:
            stages[i] = "decline"
            reasons.append(
                f"decline: the last {k} weeks sold {ratio_trend[i]:.2f}× the {k} weeks before "
                f"(≤ {th.decline_ratio:.2f})"
            )
        else:
            shown = ratio_trend[i] if np.isfinite(ratio_trend[i]) else 1.0
            reasons.append(f"steady: the last {k} weeks sold {shown:.2f}× the {k} weeks before")
    numbers = {
        "weeks_sold": weeks_sold,
        "recent": recent,
        "trend": trend,
        "previous": previous,
        "ratio_recent": ratio_recent,
        "ratio_trend": ratio_trend,
    }
    return stages.astype(str), reasons, numbers
