"""GTINs, GS1 company prefixes, GS1 Digital Link URIs and unguessable serial numbers."""

from __future__ import annotations

import base64
import os
import re

GTIN_LENGTHS = (8, 12, 13, 14)
# GS1 AI 21 allows up to 20 characters; 13 base-32 characters carry 65 random bits.
SERIAL_BITS = 65
SERIAL_LENGTH = 13
_SERIAL = re.compile(rf"[A-Z2-7]{{{SERIAL_LENGTH}}}")


def check_digit(body: str) -> int:
    """GS1 mod-10 check digit of the digits before it (weights 3, 1 from the right)."""
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(body)))
    return (10 - total % 10) % 10


def is_valid_gtin(gtin: str) -> bool:
    return gtin.isdigit() and len(gtin) in GTIN_LENGTHS and check_digit(gtin[:-1]) == int(gtin[-1])


def gtin14(gtin: str) -> str:
    """Any GTIN as the 14 digits of a GS1 Digital Link (zeros on the left)."""
    return gtin.zfill(14)


def gtin13(gtin: str) -> str:
    """A GTIN without its GTIN-14 indicator digit: where GS1 company prefixes start."""
    return gtin.zfill(14)[1:] if gtin.isdigit() else ""


def is_valid_company_prefix(prefix: str) -> bool:
    return prefix.isdigit() and 6 <= len(prefix) <= 12


def digital_link(host: str, gtin: str, serial: str) -> str:
    """`https://<host>/01/<GTIN-14>/21/<serial>`: the URI a unit's QR code carries."""
    return f"https://{host}/01/{gtin14(gtin)}/21/{serial}"


def new_serials(count: int) -> list[str]:
    """`count` serials of 65 random bits each, as 13 upper-case base-32 characters.

    One `os.urandom` call for the whole batch, encoded by base64's C code in one go:
    10 bytes encode to exactly 16 characters, of which the first 13 (65 bits) are kept.
    """
    if count <= 0:
        return []
    encoded = base64.b32encode(os.urandom(10 * count)).decode("ascii")
    return [encoded[i : i + SERIAL_LENGTH] for i in range(0, 16 * count, 16)]


def is_serial(value: str) -> bool:
    return bool(_SERIAL.fullmatch(value))
