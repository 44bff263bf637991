"""`manage.py forecast` and `forecast_backtest`: file in, file out, no database, bad lines refused."""

import csv

import numpy as np
import pandas as pd
import pytest
from django.core.management import CommandError, call_command

from inventory.tests.test_forecast_engine import promo_history


def write_sales(path, weeks=70, future=()):
    """A sales file in the documented columns, with optional planned future weeks."""
    sales = promo_history(weeks=weeks, skus=("OJ-64", "OJ-96"), places=("S005", "S007"))
    sales = sales.rename(columns={"location": "marketplace", "week": "date"})
    rows = sales.assign(
        date=sales["date"].dt.strftime("%Y-%m-%d"), units=sales["units"].astype(int).astype(str)
    )
    lines = ["sku,marketplace,date,units,price,deal,feat"]
    lines += [
        f"{r.sku},{r.marketplace},{r.date},{r.units},{r.price},{int(r.deal)},{r.feat}"
        for r in rows.itertuples()
    ]
    last = sales["date"].max()
    for k, (price, deal, feat) in enumerate(future, start=1):
        day = (last + pd.Timedelta(weeks=k)).strftime("%Y-%m-%d")
        lines.append(f"OJ-64,S005,{day},,{price},{deal},{feat}")
    path.write_text("\n".join(lines) + "\n")
    return last


def test_forecast_file_mode_writes_the_horizon_weeks_and_touches_no_database(tmp_path):
    # No django_db mark: any query would fail the test.
    source, output = tmp_path / "sales.csv", tmp_path / "forecasts.csv"
    last = write_sales(source, future=[(3.0, 0, 0), (2.25, 1, 1), (3.0, 0, 0)])
    call_command("forecast", file=str(source), horizon=3, output=str(output))
    with output.open() as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == ["sku", "marketplace", "date", "mean", "p10", "p50", "p90"]
    assert len(rows) == 4 * 3
    promoted = [r for r in rows if r["sku"] == "OJ-64" and r["marketplace"] == "S005"]
    assert [r["date"] for r in promoted] == [
        (last + pd.Timedelta(weeks=k)).strftime("%Y-%m-%d") for k in (1, 2, 3)
    ]
    means = np.array([float(r["mean"]) for r in promoted])
    assert means[1] > 2 * means[0]
    for r in rows:
        assert 0 <= float(r["p10"]) <= float(r["p50"]) <= float(r["p90"])


@pytest.mark.parametrize(
    ("bad_line", "expected"),
    [
        ("OJ-64,S005,2026-01-05,lots,3.0,0,0", "sales.csv:4: units: 'lots' is not a number ≥ 0 (or empty)"),
        ("OJ-64,S005,2026-13-05,10,3.0,0,0", "sales.csv:4: date: '2026-13-05' is not a date (YYYY-MM-DD)"),
        ("OJ-64,S005,2026-01-05,10,3.0,yes,0", "sales.csv:4: deal: 'yes' is not 0 or 1 (or empty)"),
    ],
)
def test_a_bad_line_refuses_the_whole_file_naming_the_line(tmp_path, capsys, bad_line, expected):
    source, output = tmp_path / "sales.csv", tmp_path / "forecasts.csv"
    source.write_text(
        "sku,marketplace,date,units,price,deal,feat\n"
        "OJ-64,S005,2025-12-22,10,3.0,0,0\n"
        "OJ-64,S005,2025-12-29,12,3.0,0,0\n" + bad_line + "\n"
    )
    with pytest.raises(CommandError, match="refused"):
        call_command("forecast", file=str(source), horizon=4, output=str(output))
    assert expected in capsys.readouterr().err
    assert not output.exists()


def test_an_unknown_column_is_refused_on_the_header_line(tmp_path, capsys):
    source, output = tmp_path / "sales.csv", tmp_path / "forecasts.csv"
    source.write_text("sku,marketplace,date,units,colour\nOJ-64,S005,2025-12-22,10,red\n")
    with pytest.raises(CommandError, match="refused"):
        call_command("forecast", file=str(source), horizon=4, output=str(output))
    err = capsys.readouterr().err
    assert (
        "sales.csv:1: colour: unknown column; allowed: sku, marketplace, date, units, price, deal, feat"
        in err
    )
    assert not output.exists()


def test_backtest_prints_every_method_beside_seasonal_naive(tmp_path, capsys):
    source = tmp_path / "sales.csv"
    write_sales(source, weeks=80)
    call_command("forecast_backtest", file=str(source), horizon=4, folds=2)
    out = capsys.readouterr().out
    assert "MASE" in out
    assert "WAPE" in out
    assert "p10-p90" in out
    table = {line.split()[0]: line.split() for line in out.splitlines()[2:]}
    assert "global" in table
    assert "chosen" in table
    assert "seasonal" in table
    for cells in table.values():
        assert 0 <= float(cells[-1]) <= 1
