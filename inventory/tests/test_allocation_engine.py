"""The allocation engine on plain arrays: no database."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from inventory.engine.allocation import (
    BREAKOUT,
    DECLINE,
    TRIAL,
    AllocationInputs,
    AllocationSettings,
    horizon_moments,
    lognormal_quantile,
    plan_allocation,
    reasons,
    week_spread,
)


def _inputs(n_nodes=2, pool=1000.0, weekly=50.0, spread=0.2, weeks=4, **overrides) -> AllocationInputs:
    """One SKU at `n_nodes` nodes, each selling `weekly` units with a lognormal p10–p90."""
    k = n_nodes
    mean = np.full((k, weeks), weekly)
    sigma = spread
    z = 1.2815515655446004
    values = {
        "pair_sku": np.zeros(k, dtype=int),
        "pair_node": np.arange(k),
        "pool": np.array([pool]),
        "on_hand": np.zeros(k),
        "inbound": np.zeros(k),
        "mean": mean,
        "p10": mean * np.exp(-z * sigma),
        "p50": mean,
        "p90": mean * np.exp(z * sigma),
        "unit_margin": np.full(k, 6.0),
        "holding_week": np.full(k, 0.10),
        "pullback_cost": np.zeros(k),
        "lane_transit_days": np.full((k, 1), 14.0),
        "lane_cost": np.full((k, 1), 0.5),
    }
    values.update(overrides)
    return AllocationInputs(**values)


def test_ample_pool_sends_each_node_its_critical_fractile_target():
    plan = plan_allocation(_inputs())
    # α = (6 − 0.5) / (6 − 0.5 + 0.1) for both nodes: same demand, same units.
    assert plan.target_service_level == pytest.approx([5.5 / 5.6] * 2)
    assert plan.units[0] == plan.units[1]
    # Three weeks (14 days by lane + 7 review) of 50 a week: more than the mean, less than double.
    assert 150 < plan.units[0] < 300
    assert plan.shadow_price == pytest.approx([0.0])


def test_shortage_serves_the_higher_margin_market_first_and_never_exceeds_the_pool():
    ample = plan_allocation(_inputs(unit_margin=np.array([12.0, 2.0])))
    pool = float(ample.units[0])  # just enough for the rich market's own target
    plan = plan_allocation(_inputs(pool=pool, unit_margin=np.array([12.0, 2.0])))
    assert plan.units.sum() <= pool
    # The poor market gives way entirely; the rich one keeps nearly all its target.
    assert plan.units[1] == 0
    assert plan.units[0] >= 0.98 * pool
    assert plan.shadow_price[0] == pytest.approx(1.5, abs=0.01)  # the poor market's cu
    # With a bigger pool the poor market gets what is left once the rich one is served.
    bigger = plan_allocation(_inputs(pool=pool + 60, unit_margin=np.array([12.0, 2.0])))
    assert bigger.units.sum() <= pool + 60
    assert bigger.units[0] >= 0.98 * pool
    assert 0 < bigger.units[1] <= 60 + pool - bigger.units[0]


def test_shortage_with_equal_margins_shares_the_pool():
    plan = plan_allocation(_inputs(pool=101.0))
    assert plan.units.sum() <= 101
    assert abs(int(plan.units[0]) - int(plan.units[1])) <= 1


def test_excluded_market_gets_nothing():
    plan = plan_allocation(_inputs(excluded=np.array([True, False])))
    assert plan.units[0] == 0
    assert plan.units[1] > 0
    assert plan.limit[0] == "excluded"


def test_fee_band_caps_a_slow_market_at_26_weeks_of_cover():
    # One unit a week with an enormous spread and a 99% service level: the quantile asks for
    # far more than 26 weeks; the guard sends 26 less what the node holds.
    k = 2
    mean = np.full((k, 4), 1.0)
    inputs = _inputs(
        mean=mean,
        p10=mean * 0.01,
        p50=mean,
        p90=mean * 60,
        on_hand=np.array([0.0, 6.0]),
        service_override=np.array([0.99, 0.99]),
    )
    plan = plan_allocation(inputs)
    assert plan.units.tolist() == [26, 20]


def test_supply_floor_keeps_28_days_where_demand_exists():
    # A near-certain 10 a week and a low service level: the quantile alone would send about
    # 30 (three weeks); the floor asks for four weeks.
    plan = plan_allocation(_inputs(weekly=10.0, spread=0.01, service_override=np.array([0.5, 0.5])))
    assert plan.units.tolist() == [40, 40]


def test_trial_market_gets_a_test_batch_and_decline_gets_a_pullback():
    inputs = _inputs(
        n_nodes=3,
        stage=np.array([TRIAL, DECLINE, 0]),
        test_batch=np.array([24.0, np.nan, np.nan]),
        on_hand=np.array([4.0, 500.0, 0.0]),
    )
    plan = plan_allocation(inputs)
    assert plan.units[0] == 20
    assert plan.units[1] == 0
    # The declining market keeps its own target (about 202 units) and returns the rest.
    assert plan.target[1] == pytest.approx(201.95, abs=0.01)
    assert plan.pullback[1] == 298
    assert plan.pullback[2] == 0


def test_cartons_and_minimum_transfer():
    plan = plan_allocation(_inputs(carton=np.array([12, 12])))
    assert (plan.units % 12 == 0).all()
    assert (plan.units > 0).all()
    small = plan_allocation(_inputs(weekly=1.0, spread=0.1, min_transfer=np.array([50, 0])))
    assert small.units[0] == 0
    assert small.units[1] > 0


def test_min_and_max_units_rules():
    plan = plan_allocation(_inputs(min_units=np.array([400.0, np.nan]), max_units=np.array([np.nan, 30.0])))
    assert plan.units[0] >= 400
    assert plan.units[1] == 30


def test_lane_choice_cheapest_in_time_fastest_when_late_or_breakout():
    k = 3
    lanes_days = np.tile([[35.0, 7.0]], (k, 1))  # sea, air
    lanes_cost = np.tile([[0.2, 2.0]], (k, 1))
    inputs = _inputs(
        n_nodes=k,
        on_hand=np.array([400.0, 20.0, 400.0]),  # 8 weeks, 0.4 weeks, 8 weeks of cover
        stage=np.array([0, 0, BREAKOUT]),
        lane_transit_days=lanes_days,
        lane_cost=lanes_cost,
    )
    plan = plan_allocation(inputs)
    assert plan.lane.tolist() == [0, 1, 1]
    assert plan.lane_days.tolist() == [35.0, 7.0, 7.0]
    pinned = plan_allocation(
        _inputs(
            n_nodes=k,
            on_hand=np.array([400.0, 20.0, 400.0]),
            lane_transit_days=lanes_days,
            lane_cost=lanes_cost,
            pinned_lane=np.array([1, 0, -1]),
        )
    )
    assert pinned.lane.tolist() == [1, 0, 0]


def test_breakout_raises_the_service_level():
    plan = plan_allocation(_inputs(stage=np.array([BREAKOUT, 0])))
    assert plan.target_service_level[0] == pytest.approx(1 - (1 - 5.5 / 5.6) / 2)
    assert plan.units[0] > plan.units[1]


def test_horizon_quantile_uses_the_forecast_spread_not_a_normal_guess():
    mean = np.array([[100.0, 100.0]])
    narrow = week_spread(mean, mean * 0.9, mean * 1.1)
    wide = week_spread(mean, mean * 0.3, mean * 3.0)
    total, var_n = horizon_moments(mean, narrow, np.array([2.0]), 0.0)
    _, var_w = horizon_moments(mean, wide, np.array([2.0]), 0.0)
    assert total[0] == pytest.approx(200.0)
    q_n = lognormal_quantile(total, var_n, np.array([0.95]))[0]
    q_w = lognormal_quantile(total, var_w, np.array([0.95]))[0]
    assert 200 < q_n < 230
    assert q_w > 350
    # Half a week counts half its mean.
    total_half, _ = horizon_moments(mean, narrow, np.array([1.5]), 0.0)
    assert total_half[0] == pytest.approx(150.0)


def test_reason_says_why_in_words_and_numbers():
    inputs = _inputs(carton=np.array([10, 10]))
    plan = plan_allocation(inputs)
    text = reasons(
        plan,
        node_names=np.array(["US", "DE"]),
        lane_names=np.array([["SEND sea"], ["AGL ocean"]]),
        pair_node=inputs.pair_node,
        pair_sku=inputs.pair_sku,
        carton=np.array([10, 10]),
    )
    assert text == [
        "US: 0 days of cover, 14 days by SEND sea, 99% service level from a $5.50 margin against "
        "$0.10 holding → 210 units, 21 cartons",
        "DE: 0 days of cover, 14 days by AGL ocean, 99% service level from a $5.50 margin against "
        "$0.10 holding → 210 units, 21 cartons",
    ]


@settings(max_examples=60, deadline=None)
@given(
    n_sku=st.integers(1, 4),
    n_nodes=st.integers(1, 5),
    seed=st.integers(0, 10_000),
)
def test_plan_never_negative_never_above_the_pool_and_in_whole_cartons(n_sku, n_nodes, seed):
    rng = np.random.default_rng(seed)
    k = n_sku * n_nodes
    weeks = 4
    mean = rng.gamma(1.0, 30.0, size=(k, weeks)) * (rng.random((k, 1)) > 0.2)
    p10 = mean * rng.uniform(0, 0.9, size=(k, weeks))
    p90 = mean * rng.uniform(1.0, 4.0, size=(k, weeks))
    carton = rng.choice([1, 6, 12, 24], size=k)
    inputs = AllocationInputs(
        pair_sku=np.repeat(np.arange(n_sku), n_nodes),
        pair_node=np.tile(np.arange(n_nodes), n_sku),
        pool=rng.integers(0, 400, size=n_sku).astype(float),
        on_hand=rng.integers(0, 60, size=k).astype(float),
        inbound=rng.integers(0, 30, size=k).astype(float),
        mean=mean,
        p10=p10,
        p50=mean,
        p90=p90,
        unit_margin=rng.uniform(-1, 20, size=k),
        holding_week=rng.uniform(0.01, 1.0, size=k),
        pullback_cost=rng.uniform(0, 1, size=k),
        lane_transit_days=rng.choice([7.0, 21.0, 40.0, np.nan], size=(n_nodes, 2)),
        lane_cost=rng.uniform(0.1, 3.0, size=(n_nodes, 2)),
        carton=carton,
        min_transfer=rng.integers(0, 30, size=k),
        stage=rng.integers(0, 5, size=k),
        test_batch=rng.uniform(0, 100, size=k),
    )
    plan = plan_allocation(inputs, AllocationSettings())
    assert (plan.units >= 0).all()
    assert (plan.pullback >= 0).all()
    sent = np.bincount(inputs.pair_sku, weights=plan.units, minlength=n_sku)
    assert (sent <= inputs.pool).all()
    assert (plan.units % carton == 0).all()
    assert (plan.units[inputs.stage == DECLINE] == 0).all()
