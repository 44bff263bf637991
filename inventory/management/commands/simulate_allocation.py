"""`manage.py simulate_allocation --file sales.csv`: replay weekly sales under each policy.

Reads columns sku, marketplace, date, units[, price, deal, feat]; writes per policy the
fill rate, units and costs to `--output` (JSON) and every transfer to `--transfers` (CSV).
No database is touched. The rules are those of `inventory.engine.simulation`.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

import numpy as np
import pandas as pd
from django.core.management.base import BaseCommand, CommandError

from inventory.engine.simulation import POLICIES, SimulationSettings, run_policies, sales_history

REQUIRED = ("sku", "marketplace", "date", "units")
OPTIONAL = ("price", "deal", "feat")


def read_sales_file(path: Path) -> pd.DataFrame:
    """The file as a frame, or a CommandError naming the column or line that is wrong."""
    try:
        frame = pd.read_csv(path, dtype={"sku": str, "marketplace": str, "date": str})
    except (OSError, pd.errors.ParserError, UnicodeDecodeError) as exc:
        raise CommandError(f"Cannot read {path}: {exc}") from exc
    missing = [c for c in REQUIRED if c not in frame.columns]
    if missing:
        raise CommandError(f"{path}: missing column(s) {', '.join(missing)}; need {', '.join(REQUIRED)}")
    unknown = [c for c in frame.columns if c not in REQUIRED + OPTIONAL]
    if unknown:
        raise CommandError(
            f"{path}: unknown column(s) {', '.join(unknown)}; allowed: {', '.join(REQUIRED + OPTIONAL)}"
        )
    dates = pd.to_datetime(frame["date"], errors="coerce", format="%Y-%m-%d")
    units = pd.to_numeric(frame["units"], errors="coerce")
    for column, bad in (
        ("date", dates.isna()),
        ("units", units.isna() | (units < 0)),
        ("sku", frame["sku"].isna()),
        ("marketplace", frame["marketplace"].isna()),
    ):
        if bad.any():
            line = int(np.flatnonzero(bad.to_numpy())[0]) + 2  # header is line 1
            allowed = {
                "date": "a date YYYY-MM-DD",
                "units": "a whole number ≥ 0",
            }.get(column, "a value")
            raise CommandError(f"{path}:{line}: {column}: {frame[column].iloc[line - 2]!r} is not {allowed}")
    for column in OPTIONAL:
        if column in frame:
            values = pd.to_numeric(frame[column], errors="coerce")
            bad = values.isna() & frame[column].notna()
            if bad.any():
                line = int(np.flatnonzero(bad.to_numpy())[0]) + 2
                raise CommandError(
                    f"{path}:{line}: {column}: {frame[column].iloc[line - 2]!r} is not a number"
                )
            frame[column] = values
    frame["date"] = dates
    frame["units"] = units
    if frame.duplicated(["sku", "marketplace", "date"]).any():
        line = int(np.flatnonzero(frame.duplicated(["sku", "marketplace", "date"]).to_numpy())[0]) + 2
        raise CommandError(f"{path}:{line}: the same sku, marketplace and date appear twice")
    return frame


class Command(BaseCommand):
    help = "Replay weekly sales under the allocation engine and the spreadsheet policy (no database)."

    def add_arguments(self, parser):
        parser.add_argument("--file", type=Path, required=True)
        parser.add_argument("--start", help="First simulated week (YYYY-MM-DD); default: the last --weeks.")
        parser.add_argument("--weeks", type=int, default=26)
        parser.add_argument("--lead-time-weeks", type=int, default=3)
        parser.add_argument("--pool-cover", type=float, default=1.2)
        parser.add_argument("--holding-node", type=float, default=0.10, help="Per unit and week at a node.")
        parser.add_argument("--holding-pool", type=float, default=0.03, help="Per unit and week in the pool.")
        parser.add_argument("--transfer-cost", type=float, default=0.50, help="Per unit moved.")
        parser.add_argument("--unit-margin", type=float, default=10.0, help="Margin lost per missed sale.")
        parser.add_argument("--policies", default=",".join(POLICIES))
        parser.add_argument("--output", type=Path, default=Path("result.json"))
        parser.add_argument("--transfers", type=Path, default=Path("transfers.csv"))

    def handle(self, *args, **o):
        policies = tuple(p.strip() for p in o["policies"].split(",") if p.strip())
        unknown = [p for p in policies if p not in POLICIES]
        if unknown or not policies:
            raise CommandError(
                f"--policies: unknown {', '.join(unknown) or '(none)'}; allowed: {', '.join(POLICIES)}"
            )
        for name in ("weeks", "lead_time_weeks"):
            if o[name] < 1:
                raise CommandError(f"--{name.replace('_', '-')}: must be a whole number ≥ 1")
        for name in ("pool_cover", "holding_node", "holding_pool", "transfer_cost", "unit_margin"):
            if o[name] < 0:
                raise CommandError(f"--{name.replace('_', '-')}: must be ≥ 0")
        frame = read_sales_file(o["file"])
        history = sales_history(frame)
        weeks = history.weeks
        if o["start"]:
            try:
                start_date = np.datetime64(pd.Timestamp(o["start"]).date(), "D")
            except ValueError:
                raise CommandError(f"--start: {o['start']!r} is not a date YYYY-MM-DD")
            start = int(np.searchsorted(weeks, start_date))
            if start >= weeks.size or weeks[start] != start_date:
                raise CommandError(
                    f"--start: {o['start']} is not a week of the file (weeks start on {weeks[0]})"
                )
        else:
            start = weeks.size - o["weeks"]
        if start < 1 or start + o["weeks"] > weeks.size:
            raise CommandError(
                f"--start/--weeks: the file has {weeks.size} weeks ({weeks[0]} … {weeks[-1]}); the simulated "
                "weeks must fit in it and leave at least one week of history"
            )
        settings = SimulationSettings(
            lead_time_weeks=o["lead_time_weeks"],
            pool_cover=o["pool_cover"],
            holding_node=o["holding_node"],
            holding_pool=o["holding_pool"],
            transfer_cost=o["transfer_cost"],
            unit_margin=o["unit_margin"],
        )
        results = run_policies(history, start=start, weeks=o["weeks"], policies=policies, settings=settings)
        payload = {
            "start": str(weeks[start]),
            "weeks": o["weeks"],
            "settings": asdict(settings),
        }
        payload.update({name: result.totals for name, result in results.items()})
        o["output"].write_text(json.dumps(payload, indent=2, default=float))
        transfers = pd.concat([r.transfers for r in results.values()], ignore_index=True)
        transfers.to_csv(o["transfers"], index=False)
        for name, result in results.items():
            t = result.totals
            self.stdout.write(
                f"{name}: fill rate {t['fill_rate']:.2%}, "
                f"lost {t['lost_units']} of {t['demand_units']} units, "
                f"node holding {t['node_holding_cost']:.2f}, total cost {t['total_cost']:.2f}"
            )
