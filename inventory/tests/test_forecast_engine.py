"""The forecasting engine, without a database: promotions, gaps, intermittent series,
quantiles, cold starts and the dates it forecasts."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from inventory.engine.forecasting import ForecastSettings, forecast

# Small models keep the tests quick; the behaviour under test does not depend on size.
FAST = ForecastSettings(rounds=60, calibration_weeks=8, local_models=(), min_data_in_leaf=20, threads=1)
MONDAY = pd.Timestamp("2025-01-06")


def promo_history(weeks=80, skus=("JUICE-64", "JUICE-96", "TEA-1"), places=("S1", "S2", "S3"), seed=1):
    """Weekly sales where a deal week with a 25% price cut sells about three times a normal week."""
    rng = np.random.default_rng(seed)
    rows = []
    for i, sku in enumerate(skus):
        for j, place in enumerate(places):
            level = 100 * (1 + i) * (1 + 0.5 * j)
            promo = rng.random(weeks) < 0.2
            units = np.round(level * np.where(promo, 3.0, 1.0) * rng.lognormal(0, 0.15, weeks))
            for w in range(weeks):
                rows.append(
                    {
                        "sku": sku,
                        "location": place,
                        "week": MONDAY + pd.Timedelta(weeks=w),
                        "units": units[w],
                        "price": 3.0 * (0.75 if promo[w] else 1.0),
                        "deal": float(promo[w]),
                        "feat": float(promo[w]),
                    }
                )
    return pd.DataFrame(rows)


def with_plan(sales, sku, place, weeks, promoted):
    """Future rows (units empty) for one series, a promotion planned in the `promoted` weeks."""
    last = sales["week"].max()
    plan = pd.DataFrame(
        {
            "sku": sku,
            "location": place,
            "week": [last + pd.Timedelta(weeks=k + 1) for k in range(weeks)],
            "units": np.nan,
            "price": [2.25 if k in promoted else 3.0 for k in range(weeks)],
            "deal": [1.0 if k in promoted else 0.0 for k in range(weeks)],
            "feat": [1.0 if k in promoted else 0.0 for k in range(weeks)],
        }
    )
    return pd.concat([sales, plan], ignore_index=True)


def row_of(result, sku, place):
    keys = result.series
    return int(np.nonzero((keys["sku"] == sku).to_numpy() & (keys["location"] == place).to_numpy())[0][0])


def test_a_planned_promotion_raises_the_forecast_in_its_weeks_only():
    sales = promo_history()
    plain = forecast(with_plan(sales, "JUICE-64", "S1", 6, promoted=()), 6, FAST)
    promoted = forecast(with_plan(sales, "JUICE-64", "S1", 6, promoted=(2, 3)), 6, FAST)
    i = row_of(plain, "JUICE-64", "S1")
    lift = promoted.mean[i] / plain.mean[i]
    assert (lift[[2, 3]] > 2.0).all()
    assert np.allclose(lift[[0, 1, 4, 5]], 1.0, atol=0.25)
    assert (promoted.p90[i, [2, 3]] > plain.p90[i, [2, 3]]).all()


def test_each_series_is_forecast_for_the_weeks_after_its_own_last_week_with_units():
    sales = promo_history(weeks=60)
    early = (
        (sales["sku"] == "TEA-1")
        & (sales["location"] == "S2")
        & (sales["week"] > MONDAY + pd.Timedelta(weeks=49))
    )
    sales = sales.loc[~early]
    result = forecast(sales, 4, FAST)
    i = row_of(result, "TEA-1", "S2")
    j = row_of(result, "JUICE-64", "S1")
    assert pd.Timestamp(result.weeks[i, 0]) == MONDAY + pd.Timedelta(weeks=50)
    assert pd.Timestamp(result.weeks[j, 0]) == MONDAY + pd.Timedelta(weeks=60)
    assert pd.Timestamp(result.weeks[j, 3]) == MONDAY + pd.Timedelta(weeks=63)
    frame = result.to_frame()
    assert len(frame) == 9 * 4
    assert list(frame.columns) == ["sku", "location", "week", "mean", "p10", "p50", "p90"]


def test_gaps_are_not_zeros():
    sales = promo_history(weeks=60)
    level = sales.loc[
        (sales["sku"] == "JUICE-64") & (sales["location"] == "S1") & (sales["deal"] == 0), "units"
    ]
    # A third of the weeks are missing rows: the level stays where the sold weeks put it.
    holes = (sales["sku"] == "JUICE-64") & (sales["location"] == "S1") & (sales.index % 3 == 0)
    result = forecast(sales.loc[~holes], 4, FAST)
    i = row_of(result, "JUICE-64", "S1")
    assert np.isfinite(result.mean[i]).all()
    assert 0.6 * level.median() < result.p50[i].mean() < 1.5 * level.median()


def test_an_intermittent_series_of_zeros_and_ones_is_forecast_low_with_local_models():
    rng = np.random.default_rng(3)
    sales = promo_history(weeks=60)
    rare = pd.DataFrame(
        {
            "sku": "SPARE-PART",
            "location": "S1",
            "week": [MONDAY + pd.Timedelta(weeks=w) for w in range(60)],
            "units": (rng.random(60) < 0.2).astype(float),
        }
    )
    quick = ForecastSettings(
        rounds=60,
        calibration_weeks=8,
        min_data_in_leaf=20,
        threads=1,
        local_models=("croston", "tsb", "adida"),
    )
    result = forecast(pd.concat([sales, rare], ignore_index=True), 8, quick)
    i = row_of(result, "SPARE-PART", "S1")
    assert np.isfinite(result.mean[i]).all()
    assert (result.p10[i] >= 0).all()
    assert (result.p50[i] <= 1.5).all()
    assert (result.p90[i] >= result.p50[i]).all()


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    weeks=st.integers(min_value=3, max_value=40),
    scale=st.sampled_from([0.0, 1.0, 5.0, 1000.0]),
    gap_share=st.floats(min_value=0.0, max_value=0.5),
    seed=st.integers(min_value=0, max_value=1000),
)
def test_quantiles_are_ordered_and_never_negative(weeks, scale, gap_share, seed):
    rng = np.random.default_rng(seed)
    rows = []
    for sku in ("A", "B"):
        units = np.round(scale * rng.gamma(0.7, 1.0, weeks))
        keep = rng.random(weeks) >= gap_share
        keep[-1] = True
        for w in np.nonzero(keep)[0]:
            rows.append(
                {"sku": sku, "location": "X", "week": MONDAY + pd.Timedelta(weeks=int(w)), "units": units[w]}
            )
    result = forecast(pd.DataFrame(rows), 5, FAST)
    assert result.mean.shape == (2, 5)
    for a in (result.mean, result.p10, result.p50, result.p90):
        assert np.isfinite(a).all()
        assert (a >= 0).all()
    assert (result.p10 <= result.p50).all()
    assert (result.p50 <= result.p90).all()


def test_a_new_series_borrows_the_sku_level_from_elsewhere_scaled_to_its_location_and_says_so():
    sales = promo_history(weeks=60)
    # JUICE-64 has never sold at S3; S3 sells the other SKUs at 2× their S1 level.
    sales = sales.loc[~((sales["sku"] == "JUICE-64") & (sales["location"] == "S3"))]
    result = forecast(with_plan(sales, "JUICE-64", "S3", 4, promoted=()), 4, FAST)
    i = row_of(result, "JUICE-64", "S3")
    row = result.series.iloc[i]
    assert bool(row["cold_start"]) is True
    assert row["method"] == "cold_start"
    assert "borrowed from this SKU in 2 other location(s)" in row["note"]
    assert 130 < result.p50[i].mean() < 280  # about 2 × 100 units of S1
    warm = row_of(result, "JUICE-64", "S1")
    assert (result.p90[i] - result.p10[i]).mean() > (result.p90[warm] - result.p10[warm]).mean()
    assert not result.series.drop(index=i)["cold_start"].any()


def test_a_new_sku_borrows_from_the_other_skus_of_its_location():
    sales = promo_history(weeks=40)
    result = forecast(with_plan(sales, "BRAND-NEW", "S2", 3, promoted=()), 3, FAST)
    row = result.series.iloc[row_of(result, "BRAND-NEW", "S2")]
    assert row["cold_start"]
    assert "borrowed from 3 other SKU(s) in this location" in row["note"]


def test_missing_columns_and_negative_units_are_refused():
    with pytest.raises(ValueError, match="units"):
        forecast(pd.DataFrame({"sku": ["A"], "location": ["X"], "week": [MONDAY]}), 4, FAST)
    bad = pd.DataFrame({"sku": ["A"], "location": ["X"], "week": [MONDAY], "units": [-1.0]})
    with pytest.raises(ValueError, match="negative"):
        forecast(bad, 4, FAST)
