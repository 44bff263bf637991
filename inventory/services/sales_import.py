"""Import of past sales: rows of `sku, marketplace, date, units` into the sales history.

Good rows are imported and bad rows are reported by line, never dropped silently: the
import applies what it can and answers every refused line with its field and reason.
An imported (product, marketplace, day) replaces the units stored for that day, so
importing the same file twice changes nothing; rows repeating a day in one file add up.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from inventory.models import SalesDay
from listings.models import Product
from portal.csv_text import decode_csv
from portal.exceptions import InvalidInput
from portal.models import Marketplace, Seller
from portal.numbers import MAX_QUANTITY

COLUMNS = ("sku", "marketplace", "date", "units")
MAX_ROWS = 200_000


@dataclass
class RowError:
    line: int
    field: str
    message: str

    def as_dict(self) -> dict:
        return {"line": self.line, "field": self.field, "message": self.message}


@dataclass
class SalesImportReport:
    rows: int = 0
    imported_rows: int = 0
    days_written: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def refused_lines(self) -> list[int]:
        return sorted({error.line for error in self.errors})

    def as_dict(self) -> dict:
        return {
            "rows": self.rows,
            "imported_rows": self.imported_rows,
            "refused_rows": len(self.refused_lines),
            "days_written": self.days_written,
            "errors": [error.as_dict() for error in self.errors],
        }


def read_sales_csv(data: bytes | str) -> list[tuple[int, dict]]:
    """(line number, row) pairs of a CSV file with a header row naming the four columns.

    Line numbers are those of the file (the header is line 1), as a spreadsheet shows them.
    Raises InvalidInput when the file cannot be read or a column is missing.
    """
    if isinstance(data, bytes):
        text = decode_csv(data)
        if text is None:
            raise InvalidInput(fields={"file": [_("The file is not UTF-8 text (save it as CSV UTF-8).")]})
        data = text
    reader = csv.DictReader(io.StringIO(data))
    header = [name.strip().lower() for name in (reader.fieldnames or [])]
    missing = [column for column in COLUMNS if column not in header]
    if missing:
        raise InvalidInput(
            fields={
                "file": [
                    _("The header row must name the columns %(columns)s; missing: %(missing)s.")
                    % {"columns": ", ".join(COLUMNS), "missing": ", ".join(missing)}
                ]
            }
        )
    reader.fieldnames = header
    rows = []
    for row in reader:
        if not any((value or "").strip() for key, value in row.items() if key):
            continue  # an empty line
        rows.append((reader.line_num, row))
        if len(rows) > MAX_ROWS:
            raise InvalidInput(
                fields={"file": [_("At most %(max)d rows per file; split it.") % {"max": MAX_ROWS}]}
            )
    return rows


def import_sales_rows(*, seller: Seller, rows: Iterable[tuple[int, dict]]) -> SalesImportReport:
    """Validate every row, write the good ones in bulk, report the bad ones by line."""
    rows = list(rows)
    report = SalesImportReport(rows=len(rows))
    skus = {str(row.get("sku") or "").strip() for _line, row in rows}
    products = dict(Product.objects.for_seller(seller).filter(sku__in=skus).values_list("sku", "pk"))
    marketplaces = dict(Marketplace.objects.values_list("code", "pk"))
    today = timezone.now().date()
    totals: dict[tuple[int, int, date], int] = {}
    for line, row in rows:
        errors = _row_errors(line, row, products=products, marketplaces=marketplaces, today=today)
        if errors:
            report.errors.extend(errors)
            continue
        key = (
            products[str(row["sku"]).strip()],
            marketplaces[str(row["marketplace"]).strip().upper()],
            date.fromisoformat(str(row["date"]).strip()),
        )
        units = int(str(row["units"]).strip())
        if totals.get(key, 0) + units > MAX_QUANTITY:
            # Rows of one day add up; their sum must still fit the day's count.
            report.errors.append(
                RowError(line, "units", _("At most %(max)s units.") % {"max": f"{MAX_QUANTITY:,}"})
            )
            continue
        totals[key] = totals.get(key, 0) + units
        report.imported_rows += 1
    days = [
        SalesDay(seller=seller, product_id=product_id, marketplace_id=marketplace_id, day=day, units=units)
        for (product_id, marketplace_id, day), units in totals.items()
    ]
    with transaction.atomic():
        SalesDay.objects.for_seller(seller).bulk_create(
            days,
            batch_size=2000,
            update_conflicts=True,
            unique_fields=["seller", "product", "marketplace", "day"],
            update_fields=["units"],
        )
    report.days_written = len(days)
    return report


def _row_errors(line: int, row: dict, *, products, marketplaces, today: date) -> list[RowError]:
    errors = []
    sku = str(row.get("sku") or "").strip()
    if not sku:
        errors.append(RowError(line, "sku", _("The SKU is empty.")))
    elif sku not in products:
        errors.append(
            RowError(line, "sku", _("Unknown SKU %(sku)s: no product of yours has it.") % {"sku": sku})
        )
    code = str(row.get("marketplace") or "").strip().upper()
    if code not in marketplaces:
        errors.append(
            RowError(
                line,
                "marketplace",
                _("Unknown marketplace %(code)r; use a code such as US, DE or JP.") % {"code": code},
            )
        )
    raw_date = str(row.get("date") or "").strip()
    try:
        day = date.fromisoformat(raw_date)
    except ValueError:
        errors.append(
            RowError(line, "date", _("%(value)r is not a date like 2024-05-31.") % {"value": raw_date})
        )
    else:
        if day > today:
            errors.append(RowError(line, "date", _("%(day)s is in the future.") % {"day": day.isoformat()}))
    raw_units = str(row.get("units") or "").strip()
    try:
        units = int(raw_units)
    except ValueError:
        errors.append(RowError(line, "units", _("%(value)r is not a whole number.") % {"value": raw_units}))
    else:
        if units < 0:
            errors.append(
                RowError(line, "units", _("Units cannot be negative (%(units)d).") % {"units": units})
            )
        elif units > MAX_QUANTITY:
            errors.append(RowError(line, "units", _("At most %(max)s units.") % {"max": f"{MAX_QUANTITY:,}"}))
    return errors
