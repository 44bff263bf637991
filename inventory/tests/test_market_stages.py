"""Market stage of a series from its weekly units: the stage and the reason with its numbers."""

import numpy as np

from inventory.engine.forecasting import StageThresholds, classify_stages


def weeks(*blocks):
    return np.concatenate([np.full(n, float(v)) for n, v in blocks])


def test_each_stage_with_its_reason():
    series = np.vstack(
        [
            np.concatenate([np.full(27, np.nan), weeks((5, 3))]),  # 5 weeks sold
            weeks((16, 10), (12, 10), (4, 31)),  # last 4 weeks at 3.1× the 12 before
            weeks((8, 10), (12, 10), (12, 13)),  # last 12 weeks 1.3× the 12 before
            weeks((8, 10), (12, 10), (12, 7)),  # 0.7×
            weeks((8, 10), (12, 10), (12, 10.5)),
        ]
    )
    stages, reasons, numbers = classify_stages(series)
    assert list(stages) == ["trial", "breakout", "growth", "decline", "steady"]
    assert reasons[0] == "trial: 5 week(s) with sales, fewer than 8"
    assert reasons[1] == "breakout: the last 4 weeks sold 3.1× the 12-week trend"
    assert reasons[2] == "growth: the last 12 weeks sold 1.30× the 12 weeks before (≥ 1.20)"
    assert reasons[3] == "decline: the last 12 weeks sold 0.70× the 12 weeks before (≤ 0.80)"
    assert reasons[4] == "steady: the last 12 weeks sold 1.05× the 12 weeks before"
    assert numbers["weeks_sold"][0] == 5
    assert numbers["ratio_recent"][1] == 3.1


def test_gaps_are_skipped_not_counted_as_zero_weeks():
    series = weeks((8, 10), (12, 10), (12, 10))
    series[-6:-2] = np.nan
    stages, reasons, _ = classify_stages(series[None, :])
    assert stages[0] == "steady"


def test_thresholds_are_the_sellers_to_set():
    series = weeks((8, 10), (12, 10), (12, 13))[None, :]
    assert classify_stages(series)[0][0] == "growth"
    assert classify_stages(series, StageThresholds(growth_ratio=1.5))[0][0] == "steady"
    assert classify_stages(series, StageThresholds(trial_weeks=40))[0][0] == "trial"
