"""Validators of product identifiers: GTIN check digits, HS codes, country codes."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

GTIN_LENGTHS = (8, 12, 13, 14)


def gtin_check_digit_ok(gtin: str) -> bool:
    """GS1 mod-10: weights 3 and 1 alternate from the digit left of the check digit."""
    digits = [int(c) for c in gtin]
    body, check = digits[:-1], digits[-1]
    total = sum(d * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(body)))
    return (10 - total % 10) % 10 == check


def validate_gtin(value: str) -> None:
    if not value.isdigit() or len(value) not in GTIN_LENGTHS:
        raise ValidationError(
            _("A GTIN has 8, 12, 13 or 14 digits (EAN-8, UPC-A, EAN-13, GTIN-14); got %(value)s."),
            params={"value": value},
            code="invalid_gtin",
        )
    if not gtin_check_digit_ok(value):
        raise ValidationError(
            _("The check digit of GTIN %(value)s is wrong: check the number on the barcode."),
            params={"value": value},
            code="gtin_check_digit",
        )


def validate_hs_code(value: str) -> None:
    if not re.fullmatch(r"\d{6,10}", value):
        raise ValidationError(
            _("An HS code has 6 to 10 digits, without dots or spaces; got %(value)s."),
            params={"value": value},
            code="invalid_hs_code",
        )


def validate_country_code(value: str) -> None:
    if not re.fullmatch(r"[A-Z]{2}", value):
        raise ValidationError(
            _("Use the two-letter ISO 3166 country code in capitals, for example CN; got %(value)s."),
            params={"value": value},
            code="invalid_country",
        )
