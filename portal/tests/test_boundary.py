"""The partner boundary: one set of checks for dates, text, integers, decimals and stored JSON."""

from datetime import UTC, datetime
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from portal.engine.boundary import (
    INT32,
    POSITIVE_INT32,
    FieldErrors,
    check_storable,
    date_time,
    decimal,
    integer,
    text,
)


def checked(function, value, **kwargs):
    errors = FieldErrors()
    return function(value, field="f", errors=errors, **kwargs), errors.get("f", [])


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2025-03-10T22:05:00+08:00", datetime(2025, 3, 10, 14, 5, tzinfo=UTC)),
        ("2025-03-10T22:05:00Z", datetime(2025, 3, 10, 22, 5, tzinfo=UTC)),
        ("2025-03-10 22:05:00.123456789-05:00", datetime(2025, 3, 11, 3, 5, 0, 123456, tzinfo=UTC)),
        ("2025-03-10T22:05+14:00", datetime(2025, 3, 10, 8, 5, tzinfo=UTC)),
    ],
)
def test_date_times_with_offsets_are_read_in_utc(value, expected):
    assert checked(date_time, value) == (expected, [])


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("2019-02-30T00:00:00Z", "'2019-02-30T00:00:00Z' is not a date and time that exists."),
        ("2019-13-45T00:00:00Z", "'2019-13-45T00:00:00Z' is not a date and time that exists."),
        ("2025-03-10T25:00:00Z", "'2025-03-10T25:00:00Z' is not a date and time that exists."),
        ("2025-03-10T22:05:00+16:00", "The UTC offset must lie between -14:00 and +14:00."),
        (
            "2025-03-10T22:05:00",
            "Give the UTC offset: an ISO 8601 date-time with its UTC offset, e.g. 2025-03-10T22:05:00+08:00.",
        ),
        ("0001-01-01T00:00:00+14:00", "The date must lie between 1900 and 2100."),
        ("9999-12-31T23:00:00-05:00", "The date must lie between 1900 and 2100."),
        ("yesterday", "Must be an ISO 8601 date-time with its UTC offset, e.g. 2025-03-10T22:05:00+08:00."),
        (20250310, "Must be an ISO 8601 date-time with its UTC offset, e.g. 2025-03-10T22:05:00+08:00."),
    ],
)
def test_impossible_or_unstorable_date_times_are_errors(value, message):
    assert checked(date_time, value) == (None, [message])


@given(st.text(max_size=40))
def test_no_string_makes_the_date_check_raise(value):
    result, messages = checked(date_time, value)
    assert (result is None) == bool(messages) or value == ""


@pytest.mark.parametrize(
    ("value", "kwargs", "expected"),
    [
        ("  MSKU7750124 ", {"max_length": 11}, ("MSKU7750124", [])),
        ("x" * 61, {"max_length": 60}, ("", ["At most 60 characters; this one has 61."])),
        ("a\x00b", {}, ("", ["Must not contain NUL characters (\\u0000)."])),
        ("\udc80", {}, ("", ["Must be valid Unicode (an unpaired surrogate was sent)."])),
        (5921417609371, {"coerce_numbers": True}, ("5921417609371", [])),
        (5921417609371, {}, ("", ["Must be a string."])),
        (True, {"coerce_numbers": True}, ("", ["Must be a string."])),
        ("   ", {"required": True}, ("", ["This field is required."])),
    ],
)
def test_text(value, kwargs, expected):
    assert checked(text, value, **kwargs) == expected


@pytest.mark.parametrize(
    ("value", "bounds", "expected"),
    [
        (2**31 - 1, INT32, (2**31 - 1, [])),
        (2**31, INT32, (None, ["Must lie between -2147483648 and 2147483647."])),
        (-1, POSITIVE_INT32, (None, ["Must lie between 0 and 2147483647."])),
        (2.0, INT32, (2, [])),
        (2.5, INT32, (None, ["Must be a whole number."])),
        (True, INT32, (None, ["Must be a whole number."])),
        ("2", INT32, (None, ["Must be a whole number."])),
    ],
)
def test_integer(value, bounds, expected):
    assert checked(integer, value, bounds=bounds) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("24.99", (Decimal("24.99"), [])),
        (19.999, (Decimal("20.00"), [])),
        ("1e30", (None, ["Must be less than 10,000,000,000."])),
        ("NaN", (None, ["Must be a finite number."])),
        ("-1", (None, ["Must be at least 0."])),
        ("twelve", (None, ["Must be a decimal number, e.g. 19.99."])),
    ],
)
def test_decimal(value, expected):
    assert checked(decimal, value, max_digits=12, decimal_places=2) == expected


def test_a_stored_payload_with_nul_anywhere_is_named_by_path():
    errors = FieldErrors()
    check_storable({"a": [{"ok": "x"}, {"b\x00": 1}]}, field="", errors=errors)
    assert errors == {"a.1": ["Must not contain NUL characters (\\u0000)."]}
    clean = FieldErrors()
    check_storable({"a": [1, 2.5, None, {"b": "c"}]}, field="", errors=clean)
    assert clean == {}


def test_every_error_of_an_item_is_kept():
    errors = FieldErrors()
    errors.add("reference", "one")
    errors.add("reference", "two")
    errors.merge({"quantity": ["three"]}, prefix="line_items.0.")
    assert errors == {"reference": ["one", "two"], "line_items.0.quantity": ["three"]}
