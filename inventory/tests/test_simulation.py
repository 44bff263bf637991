"""The sales replay and its command: no database."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from django.core.management import CommandError, call_command

from inventory.engine.simulation import (
    EnginePolicy,
    ForecastRequest,
    PromotionForecaster,
    SimulationSettings,
    StaticPolicy,
    WeeklyForecast,
    pro_rata,
    run_policies,
    sales_history,
    simulate,
)

WEEKS = pd.date_range("2024-01-04", periods=5, freq="7D").strftime("%Y-%m-%d")


def _toy() -> pd.DataFrame:
    """Two history weeks and three simulated ones; M1 has no row in the last week."""
    rows = [
        ("A", "M1", WEEKS[0], 10),
        ("A", "M1", WEEKS[1], 10),
        ("A", "M1", WEEKS[2], 10),
        ("A", "M1", WEEKS[3], 25),
        ("A", "M2", WEEKS[0], 2),
        ("A", "M2", WEEKS[1], 6),
        ("A", "M2", WEEKS[2], 4),
        ("A", "M2", WEEKS[3], 4),
        ("A", "M2", WEEKS[4], 4),
    ]
    return pd.DataFrame(rows, columns=["sku", "marketplace", "date", "units"])


def test_three_week_toy_matches_the_hand_calculation():
    """Lead time 1 week. Static levels: M1 2×10 + 1.28×0×√2 = 20; M2 2×4 + 1.28×2×√2 = 11.62 → 12.

    Pool: 1.2 × (10+25+0 + 4+4+4) = 56.4 → 56. Opening 20 + 12 → pool 24.
    Week 3: M1 sells 10 (10 left), M2 4 (8 left); sends M1 10, M2 4 → pool 10.
            holding 0.1 × 18 = 1.8, pool 0.03 × 10 = 0.30.
    Week 4: arrive 10 and 4 → 20, 12. M1 wants 25: sells 20, loses 5; M2 sells 4 (8 left).
            Wanted 20 + 4 > 10: pro rata 8.33 / 1.67 → 8 + 1, the spare unit to the larger
            remainder (M2) → 8, 2; pool 0. holding 0.1 × 8 = 0.8.
    Week 5: arrive 8 and 2 → 8, 10. M1 no row (0), M2 sells 4 (6 left). Sends nothing.
            holding 0.1 × 14 = 1.4.
    Sold 14 + 24 + 4 = 42 of 47; moved 32 + 14 + 10 = 56 → 28.00.
    """
    history = sales_history(_toy())
    settings = SimulationSettings(lead_time_weeks=1)
    result = simulate(history, start=2, weeks=3, policy=StaticPolicy(), settings=settings, name="static")
    assert result.totals == {
        "fill_rate": round(42 / 47, 6),
        "demand_units": 47,
        "sold_units": 42,
        "lost_units": 5,
        "node_holding_cost": 4.0,
        "pool_holding_cost": 0.3,
        "transfer_units": 56,
        "transfer_cost": 28.0,
        "total_cost": 32.3,
    }
    assert result.transfers.to_dict("records") == [
        {
            "policy": "static",
            "week": WEEKS[2],
            "sku": "A",
            "marketplace": "M1",
            "units": 20,
            "arrives": WEEKS[2],
        },
        {
            "policy": "static",
            "week": WEEKS[2],
            "sku": "A",
            "marketplace": "M2",
            "units": 12,
            "arrives": WEEKS[2],
        },
        {
            "policy": "static",
            "week": WEEKS[2],
            "sku": "A",
            "marketplace": "M1",
            "units": 10,
            "arrives": WEEKS[3],
        },
        {
            "policy": "static",
            "week": WEEKS[2],
            "sku": "A",
            "marketplace": "M2",
            "units": 4,
            "arrives": WEEKS[3],
        },
        {
            "policy": "static",
            "week": WEEKS[3],
            "sku": "A",
            "marketplace": "M1",
            "units": 8,
            "arrives": WEEKS[4],
        },
        {
            "policy": "static",
            "week": WEEKS[3],
            "sku": "A",
            "marketplace": "M2",
            "units": 2,
            "arrives": WEEKS[4],
        },
    ]
    assert result.weekly_stock_by_market.tolist() == [[10, 8], [0, 8], [8, 6]]


def test_pro_rata_shares_by_largest_remainder_and_keeps_within_the_pool():
    units = pro_rata(np.array([20, 4, 7, 3]), np.array([0, 0, 1, 1]), np.array([10.0, 100.0]))
    assert units.tolist() == [8, 2, 7, 3]


def test_engine_policy_sees_only_the_past_and_the_next_promotions():
    seen = []

    def spy(request: ForecastRequest) -> WeeklyForecast:
        seen.append((request.units.shape[1], request.deal.shape[1], request.horizon))
        mean = np.full((request.units.shape[0], request.horizon), 10.0)
        return WeeklyForecast(mean=mean, p10=mean * 0.5, p50=mean, p90=mean * 2)

    history = sales_history(_toy())
    simulate(
        history,
        start=2,
        weeks=3,
        policy=EnginePolicy(forecaster=spy),
        settings=SimulationSettings(lead_time_weeks=1),
    )
    # Opening at the end of week 1 (2 weeks of units), then weeks 2, 3, 4; features run L + 1 = 2
    # weeks past the units.
    assert seen == [(2, 4, 2), (3, 5, 2), (4, 6, 2), (5, 7, 2)]


def test_policies_never_send_more_than_the_pool():
    history = sales_history(_toy())
    results = run_policies(history, start=2, weeks=3, settings=SimulationSettings(lead_time_weeks=1))
    for result in results.values():
        assert result.totals["transfer_units"] <= 56
        assert result.totals["sold_units"] + result.totals["lost_units"] == 47


def test_forecaster_raises_a_promoted_week_and_orders_its_quantiles():
    rng = np.random.default_rng(1)
    k, t = 6, 60
    deal = (rng.random((k, t + 2)) < 0.2).astype(float)
    deal[:, t] = 1.0
    deal[:, t + 1] = 0.0
    units = np.round(100 * np.exp(1.2 * deal[:, :t] + rng.normal(0, 0.1, (k, t))))
    request = ForecastRequest(
        units=units,
        price=np.ones((k, t + 2)),
        deal=deal,
        feat=np.zeros((k, t + 2)),
        pair_sku=np.zeros(k, dtype=int),
        horizon=2,
    )
    forecast = PromotionForecaster()(request)
    assert (forecast.mean[:, 0] > 2.5 * forecast.mean[:, 1]).all()
    assert (forecast.p10 <= forecast.p50).all()
    assert (forecast.p50 <= forecast.p90).all()
    assert (forecast.p10 >= 0).all()


def test_command_writes_totals_and_transfers(tmp_path):
    source = tmp_path / "sales.csv"
    _toy().to_csv(source, index=False)
    output, transfers = tmp_path / "result.json", tmp_path / "transfers.csv"
    call_command(
        "simulate_allocation",
        f"--file={source}",
        f"--start={WEEKS[2]}",
        "--weeks=3",
        "--lead-time-weeks=1",
        f"--output={output}",
        f"--transfers={transfers}",
    )
    result = json.loads(output.read_text())
    assert result["static"]["lost_units"] == 5
    assert set(result["engine"]) == {
        "fill_rate",
        "demand_units",
        "sold_units",
        "lost_units",
        "node_holding_cost",
        "pool_holding_cost",
        "transfer_units",
        "transfer_cost",
        "total_cost",
    }
    written = pd.read_csv(transfers)
    assert list(written.columns) == ["policy", "week", "sku", "marketplace", "units", "arrives"]
    assert written[written.policy == "static"]["units"].sum() == 56


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda f: f.assign(colour="red"), "unknown column(s) colour"),
        (
            lambda f: f.assign(units=f["units"].astype(object).where(f.index != 3, "many")),
            ":5: units: 'many'",
        ),
        (lambda f: f.assign(date=f["date"].where(f.index != 0, "yesterday")), ":2: date: 'yesterday'"),
    ],
)
def test_command_refuses_a_bad_file_by_line(tmp_path, change, message):
    source = tmp_path / "sales.csv"
    change(_toy()).to_csv(source, index=False)
    output = tmp_path / "result.json"
    with pytest.raises(CommandError, match=message.replace("(", r"\(").replace(")", r"\)")):
        call_command("simulate_allocation", f"--file={source}", "--weeks=3", f"--output={output}")
    assert not output.exists()


def test_command_refuses_an_unknown_policy(tmp_path):
    source = tmp_path / "sales.csv"
    _toy().to_csv(source, index=False)
    with pytest.raises(CommandError, match="allowed: engine, static"):
        call_command("simulate_allocation", f"--file={source}", "--weeks=3", "--policies=engine,guess")
