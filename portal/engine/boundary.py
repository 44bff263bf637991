"""Checking what partners send, the same way for every partner endpoint (pure Python).

Partner input (tracking batches, DCSA events, carrier webhooks, Shopify orders, ECB files)
is read into plain Python values with these checks before anything is written. A reader
collects every error of an item in a `FieldErrors` (field → messages, fields as dotted
paths such as `line_items.2.sku`) instead of stopping at the first, so a partner learns
everything wrong with an event or an order in one answer. A batch keeps the items whose
`FieldErrors` is empty and reports the others by index.

What is checked, and why (each of these reached the database and answered 500 before):

- **Date-times**: ISO 8601 with a UTC offset. Impossible calendar dates (`2019-02-30`,
  month 13, hour 25) are errors, not exceptions; offsets must be real ones (at most ±14:00;
  PostgreSQL refuses 16 hours and more); the year must lie within `DATE_RANGE`. Values are
  returned in UTC.
- **Text**: a string, at most the column's length (callers pass the model field's
  `max_length`, see `portal.api.boundary.max_length_of`), with no NUL character and no
  unpaired surrogate (neither can be stored in a PostgreSQL text or jsonb column).
- **Integers**: a whole number (not a boolean, not 2.5), within the column's range
  (`INT32`, `POSITIVE_INT32`, `BIGINT`).
- **Decimals**: finite, within the column's digits.
- **Stored payloads** (`check_storable`): a JSON value kept as received must not hold NUL
  or unpaired surrogates anywhere, keys included.

No Django here: the engines (DCSA reading) use the same checks. The messages are English,
like the formats partners send; they are not in the translation catalogue.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal, InvalidOperation
from typing import Any

INT32 = (-(2**31), 2**31 - 1)
POSITIVE_INT32 = (0, 2**31 - 1)
BIGINT = (-(2**63), 2**63 - 1)
# The largest UTC offsets in use (Kiribati +14:00, Baker Island -12:00); PostgreSQL
# refuses offsets of 16 hours and more, Python accepts up to 24.
MAX_OFFSET = timedelta(hours=14)
# Dates partners can mean: ECB rates start in 1999, and nothing is planned past 2100.
DATE_RANGE = (datetime(1900, 1, 1, tzinfo=UTC), datetime(2100, 12, 31, 23, 59, 59, tzinfo=UTC))
ISO_DATETIME = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?"
    r"(Z|[+-]\d{2}(?::?\d{2})?)?",
    re.IGNORECASE,
)
DATETIME_HELP = "an ISO 8601 date-time with its UTC offset, e.g. 2025-03-10T22:05:00+08:00"


class FieldErrors(dict):
    """Field → messages for one item. `add` keeps every message of every field."""

    def add(self, field: str, message: str) -> None:
        self.setdefault(field, []).append(str(message))

    def merge(self, other: Mapping[str, Iterable[str]], prefix: str = "") -> None:
        for field, messages in other.items():
            for message in messages:
                self.add(f"{prefix}{field}", message)


def unstorable_reason(value: str) -> str:
    """Why a string cannot be stored in PostgreSQL ("" when it can)."""
    if "\x00" in value:
        return "Must not contain NUL characters (\\u0000)."
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return "Must be valid Unicode (an unpaired surrogate was sent)."
    return ""


def text(
    value: Any,
    *,
    field: str,
    errors: FieldErrors,
    max_length: int | None = None,
    required: bool = False,
    strip: bool = True,
    coerce_numbers: bool = False,
) -> str:
    """A string for `field`, or "" with the reason added to `errors`.

    `coerce_numbers` accepts a JSON number where partners commonly send one for an id
    (Shopify's numeric ids); booleans are never text.
    """
    if value is None or value == "":
        if required:
            errors.add(field, "This field is required.")
        return ""
    if coerce_numbers and isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        errors.add(field, "Must be a string.")
        return ""
    if strip:
        value = value.strip()
    if required and not value:
        errors.add(field, "This field is required.")
        return ""
    reason = unstorable_reason(value)
    if reason:
        errors.add(field, reason)
        return ""
    if max_length is not None and len(value) > max_length:
        errors.add(
            field,
            f"At most {max_length} characters; this one has {len(value)}.",
        )
        return ""
    return value


def check_datetime(parsed: datetime, *, field: str, errors: FieldErrors) -> datetime | None:
    """`parsed` (aware) in UTC when its offset and year are possible, else None with the reason."""
    offset = parsed.utcoffset()
    if offset is None:
        errors.add(field, f"Give the UTC offset: {DATETIME_HELP}.")
        return None
    if abs(offset) > MAX_OFFSET:
        errors.add(field, "The UTC offset must lie between -14:00 and +14:00.")
        return None
    try:
        value = parsed.astimezone(UTC)
    except OverflowError:
        value = None
    if value is None or not DATE_RANGE[0] <= value <= DATE_RANGE[1]:
        errors.add(
            field,
            f"The date must lie between {DATE_RANGE[0].year} and {DATE_RANGE[1].year}.",
        )
        return None
    return value


def date_time(value: Any, *, field: str, errors: FieldErrors, required: bool = False) -> datetime | None:
    """An aware date-time in UTC for `field`, or None with the reason added to `errors`."""
    if value is None or value == "":
        if required:
            errors.add(field, "This field is required.")
        return None
    if not isinstance(value, str) or unstorable_reason(value) or len(value) > 64:
        errors.add(field, f"Must be {DATETIME_HELP}.")
        return None
    match = ISO_DATETIME.fullmatch(value.strip())
    if match is None:
        errors.add(field, f"Must be {DATETIME_HELP}.")
        return None
    year, month, day, hour, minute, second, fraction, zone = match.groups()
    try:
        tzinfo = None
        if zone in ("Z", "z"):
            tzinfo = UTC
        elif zone:
            sign = -1 if zone[0] == "-" else 1
            digits = zone[1:].replace(":", "").ljust(4, "0")
            offset = timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))
            if offset >= timedelta(hours=24) or int(digits[2:]) >= 60:
                raise ValueError(zone)
            tzinfo = timezone(sign * offset)
        parsed = datetime(
            int(year),
            int(month),
            int(day),
            int(hour),
            int(minute),
            int(second or 0),
            int((fraction or "0")[:6].ljust(6, "0")),
            tzinfo=tzinfo,
        )
    except ValueError:
        # Well formed but impossible: February 30th, month 13, hour 25.
        errors.add(field, f"'{value}' is not a date and time that exists.")
        return None
    return check_datetime(parsed, field=field, errors=errors)


def integer(
    value: Any,
    *,
    field: str,
    errors: FieldErrors,
    bounds: tuple[int, int] = INT32,
    required: bool = True,
    coerce_strings: bool = False,
) -> int | None:
    """A whole number within `bounds` (inclusive), or None with the reason added to `errors`."""
    if value is None or value == "":
        if required:
            errors.add(field, "This field is required.")
        return None
    if (
        coerce_strings
        and isinstance(value, str)
        and len(value.strip()) <= 20
        and value.strip().lstrip("+-").isdigit()
    ):
        value = int(value.strip())
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int):
        errors.add(field, "Must be a whole number.")
        return None
    low, high = bounds
    if not low <= value <= high:
        errors.add(field, f"Must lie between {low} and {high}.")
        return None
    return value


def decimal(
    value: Any,
    *,
    field: str,
    errors: FieldErrors,
    max_digits: int,
    decimal_places: int,
    minimum: Decimal | None = Decimal(0),
    required: bool = False,
) -> Decimal | None:
    """A finite decimal that fits `max_digits`/`decimal_places` (rounded to the places),
    or None with the reason added to `errors`. JSON numbers and numeric strings are read."""
    if value is None or value == "":
        if required:
            errors.add(field, "This field is required.")
        return None
    if isinstance(value, bool) or not isinstance(value, int | float | str) or len(str(value)) > 64:
        errors.add(field, "Must be a decimal number, e.g. 19.99.")
        return None
    if isinstance(value, float) and not math.isfinite(value):
        errors.add(field, "Must be a finite number.")
        return None
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        errors.add(field, "Must be a decimal number, e.g. 19.99.")
        return None
    if not number.is_finite():
        errors.add(field, "Must be a finite number.")
        return None
    limit = Decimal(10) ** (max_digits - decimal_places)
    if abs(number) >= limit:
        errors.add(field, "Must be less than {limit}.".format(limit=f"{limit:,.0f}"))
        return None
    if minimum is not None and number < minimum:
        errors.add(field, f"Must be at least {minimum}.")
        return None
    return number.quantize(Decimal(1).scaleb(-decimal_places))


def check_storable(value: Any, *, field: str, errors: FieldErrors) -> None:
    """Add an error when a JSON value to be stored as received holds an unstorable string."""
    stack: list[tuple[Any, str]] = [(value, field)]
    while stack:
        item, path = stack.pop()
        if isinstance(item, str):
            reason = unstorable_reason(item)
            if reason:
                errors.add(path, reason)
                return
        elif isinstance(item, dict):
            for key, child in item.items():
                reason = unstorable_reason(str(key))
                if reason:
                    errors.add(path, reason)
                    return
                stack.append((child, f"{path}.{key}" if path else str(key)))
        elif isinstance(item, list):
            stack.extend((child, f"{path}.{i}" if path else str(i)) for i, child in enumerate(item))
