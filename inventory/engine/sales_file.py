"""Reading a weekly sales file for file-mode forecasts: checked line by line, all or nothing.

Columns (header row, any order): ``sku, marketplace, date, units`` and optionally ``price``,
``deal``, ``feat``. ``marketplace`` is any location label. ``units`` may be empty: such a row
is a week to forecast and its ``price/deal/feat`` are the planned promotion. Every refused
line is reported with its field and what is allowed; one bad line refuses the whole file.
"""

from __future__ import annotations

import csv
import io
import math
from dataclasses import dataclass
from datetime import date

import pandas as pd

REQUIRED = ("sku", "marketplace", "date", "units")
OPTIONAL = ("price", "deal", "feat")


@dataclass(frozen=True)
class LineError:
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.field}: {self.message}"


class SalesFileRefused(ValueError):
    """The file was refused; `errors` lists every bad line (LineError)."""

    def __init__(self, errors: list[LineError]):
        self.errors = errors
        shown = "; ".join(str(e) for e in errors[:20])
        more = f" (and {len(errors) - 20} more)" if len(errors) > 20 else ""
        super().__init__(f"The sales file was refused: {shown}{more}")


def _number(text: str) -> float | None:
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def read_sales_file(text: str) -> pd.DataFrame:
    """Rows of the file as a table (sku, location, week, units, price, deal, feat).

    Raises SalesFileRefused naming each bad line: an unknown or missing column, an empty
    sku or marketplace, a date that is not YYYY-MM-DD, units that are not a number ≥ 0,
    a price that is not a number > 0, a deal other than 0 or 1, a feat outside 0…1.
    """
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    try:
        header = [name.strip().lower() for name in next(reader)]
    except StopIteration:
        raise SalesFileRefused([LineError(1, "file", "the file is empty; it needs a header row")]) from None
    errors: list[LineError] = []
    allowed = REQUIRED + OPTIONAL
    for name in header:
        if name not in allowed:
            errors.append(LineError(1, name or "(empty)", f"unknown column; allowed: {', '.join(allowed)}"))
    for name in REQUIRED:
        if name not in header:
            errors.append(LineError(1, name, "required column is missing"))
    if errors:
        raise SalesFileRefused(errors)
    rows: dict[str, list] = {c: [] for c in allowed}
    for line, values in enumerate(reader, start=2):
        if not any(v.strip() for v in values):
            continue
        if len(values) != len(header):
            errors.append(LineError(line, "row", f"has {len(values)} fields, the header has {len(header)}"))
            continue
        row = {name: value.strip() for name, value in zip(header, values, strict=True)}
        for name in ("sku", "marketplace"):
            if not row[name]:
                errors.append(LineError(line, name, "must not be empty"))
        try:
            week = date.fromisoformat(row["date"])
        except ValueError:
            errors.append(LineError(line, "date", f"{row['date']!r} is not a date (YYYY-MM-DD)"))
            week = None
        units = None
        if row["units"]:
            units = _number(row["units"])
            if units is None or units < 0:
                errors.append(LineError(line, "units", f"{row['units']!r} is not a number ≥ 0 (or empty)"))
        checks = {
            "price": (lambda v: v > 0, "a number > 0"),
            "deal": (lambda v: v in (0.0, 1.0), "0 or 1"),
            "feat": (lambda v: 0 <= v <= 1, "a number from 0 to 1"),
        }
        extra = {}
        for name, (ok, allowed_text) in checks.items():
            raw = row.get(name, "")
            value = _number(raw) if raw else None
            if raw and (value is None or not ok(value)):
                errors.append(LineError(line, name, f"{raw!r} is not {allowed_text} (or empty)"))
            extra[name] = value
        rows["sku"].append(row["sku"])
        rows["marketplace"].append(row["marketplace"])
        rows["date"].append(week)
        rows["units"].append(units)
        for name in OPTIONAL:
            rows[name].append(extra[name])
    if errors:
        raise SalesFileRefused(errors)
    if not rows["sku"]:
        raise SalesFileRefused([LineError(2, "file", "no rows after the header")])
    return pd.DataFrame(
        {
            "sku": rows["sku"],
            "location": rows["marketplace"],
            "week": pd.to_datetime(rows["date"]),
            **{name: [math.nan if v is None else v for v in rows[name]] for name in ("units",) + OPTIONAL},
        }
    )
