"""Exchange rates: importing the ECB's daily reference rates and converting between currencies.

Every conversion goes through EUR (the ECB's base): `rate(A→B) = per_eur(B) / per_eur(A)`.
AED and SAR are not published by the ECB; they follow their fixed US-dollar pegs over the
ECB's USD rate. Other currencies the ECB does not publish (EGP) use the latest
operator-entered rate. A conversion answers the rate, the date of its oldest leg, the
sources it used and whether that date is stale.
"""

from __future__ import annotations

import logging
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation

import httpx
from django.conf import settings
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from listings.models import FxRate
from portal.exceptions import InvalidInput

logger = logging.getLogger(__name__)

ECB_NS = "http://www.ecb.int/vocabulary/2002-08-01/eurofxref"
RATE_PLACES = Decimal("0.00000001")
SOURCE_LABELS = {"ecb": "ECB", "operator": "operator", "peg": "USD peg", "identity": "none"}


class FxUnavailable(Exception):
    """No rate is known for a currency."""

    def __init__(self, currency: str):
        self.currency = currency
        super().__init__(f"No exchange rate is known for {currency}.")


@dataclass(frozen=True)
class Conversion:
    """How to turn one unit of a currency into another, and what that rests on."""

    rate: Decimal
    rate_date: date | None
    source: str
    stale: bool


@dataclass(frozen=True)
class _Leg:
    per_eur: Decimal
    rate_date: date | None
    sources: tuple[str, ...]


def business_days_between(start: date, end: date) -> int:
    """Monday-to-Friday days after `start` up to and including `end` (0 when end <= start)."""
    if end <= start:
        return 0
    days = (end - start).days
    weeks, rest = divmod(days, 7)
    count = weeks * 5
    for offset in range(1, rest + 1):
        if (start + timedelta(days=weeks * 7 + offset)).weekday() < 5:
            count += 1
    return count


class RateTable:
    """The latest known rate of every currency, loaded in one query.

    `convert(from, to)` answers a `Conversion`; raises FxUnavailable for an unknown currency.
    """

    def __init__(self, rows, *, today: date | None = None):
        self.today = today or timezone.localdate()
        self._latest: dict[str, FxRate] = {}
        for row in rows:
            known = self._latest.get(row.currency)
            # The newest day wins; on the same day the ECB's rate wins over an operator's.
            if known is None or (row.rate_date, row.source == FxRate.Source.ECB) > (
                known.rate_date,
                known.source == FxRate.Source.ECB,
            ):
                self._latest[row.currency] = row
        self._pegs = {code: Decimal(value) for code, value in settings.FX_USD_PEGS.items()}
        self._conversions: dict[tuple[str, str], Conversion] = {}

    @classmethod
    def load(cls, *, today: date | None = None) -> RateTable:
        newest = (
            FxRate.objects.filter(currency=OuterRef("currency"))
            .order_by("-rate_date")
            .values("rate_date")[:1]
        )
        return cls(FxRate.objects.filter(rate_date=Subquery(newest)), today=today)

    @classmethod
    def as_of(cls, day: date, *, today: date | None = None) -> RateTable:
        """The rates that were the latest on `day` (one query): to price again at an earlier day's rates."""
        newest = (
            FxRate.objects.filter(currency=OuterRef("currency"), rate_date__lte=day)
            .order_by("-rate_date")
            .values("rate_date")[:1]
        )
        return cls(FxRate.objects.filter(rate_date=Subquery(newest)), today=today)

    def latest_rates(self) -> list[FxRate]:
        """The rate in use for each stored currency, by currency code."""
        return sorted(self._latest.values(), key=lambda row: row.currency)

    def is_stale(self, rate_date: date | None) -> bool:
        if rate_date is None:
            return False
        return business_days_between(rate_date, self.today) > settings.FX_STALE_AFTER_BUSINESS_DAYS

    def _leg(self, currency: str) -> _Leg:
        if currency == "EUR":
            return _Leg(Decimal(1), None, ())
        if currency in self._pegs:
            usd = self._leg("USD")
            return _Leg(usd.per_eur * self._pegs[currency], usd.rate_date, (*usd.sources, "peg"))
        row = self._latest.get(currency)
        if row is None:
            raise FxUnavailable(currency)
        if row.base_currency == "EUR":
            return _Leg(row.rate, row.rate_date, (row.source,))
        base = self._leg(row.base_currency)
        dates = [d for d in (row.rate_date, base.rate_date) if d is not None]
        return _Leg(base.per_eur * row.rate, min(dates), (*base.sources, row.source))

    def convert(self, from_currency: str, to_currency: str) -> Conversion:
        # The table does not change once loaded: a pair is worked out once (pricing asks
        # for the same few pairs for every product).
        key = (from_currency, to_currency)
        if key not in self._conversions:
            self._conversions[key] = self._convert(from_currency, to_currency)
        return self._conversions[key]

    def _convert(self, from_currency: str, to_currency: str) -> Conversion:
        if from_currency == to_currency:
            return Conversion(Decimal(1), None, "identity", False)
        src, dst = self._leg(from_currency), self._leg(to_currency)
        dates = [d for d in (src.rate_date, dst.rate_date) if d is not None]
        used_date = min(dates) if dates else None
        sources = []
        for name in (*src.sources, *dst.sources):
            label = SOURCE_LABELS.get(name, name)
            if label not in sources:
                sources.append(label)
        rate = (dst.per_eur / src.per_eur).quantize(RATE_PLACES)
        return Conversion(rate, used_date, " + ".join(sources), self.is_stale(used_date))


def needs_reprice(old_rate: Decimal | None, new_rate: Decimal, threshold: Decimal) -> bool:
    """True when a rate moved by at least `threshold` (a fraction: 0.01 for 1%) since `old_rate`.

    A price with no recorded rate is always re-derived.
    """
    if old_rate is None or old_rate == 0:
        return True
    move = abs(Decimal(new_rate) - Decimal(old_rate)) / Decimal(old_rate)
    return move >= Decimal(threshold)


# --- import of the ECB daily reference rates ---------------------------------------------


@dataclass(frozen=True)
class ImportResult:
    rate_date: date
    created: int
    updated: int
    currencies: tuple[str, ...]


def parse_ecb_xml(payload: bytes | str) -> tuple[date, dict[str, Decimal]]:
    """The day and the rates (units per EUR) of an ECB `eurofxref-daily.xml` document.

    Raises InvalidInput naming what is wrong when the document is not one.
    """
    try:
        root = ET.fromstring(payload)
    except ET.ParseError as exc:
        raise InvalidInput(
            "The exchange-rate file is not XML.", fields={"file": [f"Not well-formed XML: {exc}."]}
        ) from exc
    day = root.find(f".//{{{ECB_NS}}}Cube[@time]")
    if day is None:
        raise InvalidInput(
            "The exchange-rate file has no dated rates.",
            fields={"file": ["Expected the ECB daily format: <Cube time='YYYY-MM-DD'> with rates inside."]},
        )
    try:
        rate_date = date.fromisoformat(day.get("time"))
    except ValueError as exc:
        raise InvalidInput(
            "The exchange-rate file's date is not valid.",
            fields={"time": [f"{day.get('time')!r} is not a date (YYYY-MM-DD)."]},
        ) from exc
    rates: dict[str, Decimal] = {}
    errors: list[str] = []
    for cube in day.findall(f"{{{ECB_NS}}}Cube"):
        code, value = cube.get("currency", ""), cube.get("rate", "")
        try:
            rate = Decimal(value)
        except InvalidOperation:
            errors.append(f"{code}: rate {value!r} is not a number.")
            continue
        if len(code) != 3 or not code.isalpha() or not code.isupper():
            errors.append(f"{code!r} is not a three-letter currency code.")
        elif rate <= 0:
            errors.append(f"{code}: rate {value!r} must be greater than zero.")
        else:
            rates[code] = rate
    if errors:
        raise InvalidInput("Some rates in the exchange-rate file are not valid.", fields={"rate": errors})
    if not rates:
        raise InvalidInput(
            "The exchange-rate file has no rates.", fields={"file": ["No <Cube currency> rows."]}
        )
    return rate_date, rates


@transaction.atomic
def store_ecb_rates(*, rate_date: date, rates: dict[str, Decimal]) -> ImportResult:
    """Record one day's ECB rates; importing the same day again updates it (idempotent)."""
    existing = {
        row.currency: row
        for row in FxRate.objects.filter(
            rate_date=rate_date, source=FxRate.Source.ECB, currency__in=list(rates)
        )
    }
    new, changed = [], []
    for code, rate in rates.items():
        row = existing.get(code)
        if row is None:
            new.append(
                FxRate(currency=code, base_currency="EUR", rate=rate, rate_date=rate_date, source="ecb")
            )
        elif row.rate != rate:
            row.rate = rate
            changed.append(row)
    FxRate.objects.bulk_create(new)
    FxRate.objects.bulk_update(changed, ["rate"])
    return ImportResult(rate_date, len(new), len(changed), tuple(sorted(rates)))


def import_ecb_file(path) -> ImportResult:
    with open(path, "rb") as handle:
        rate_date, rates = parse_ecb_xml(handle.read())
    return store_ecb_rates(rate_date=rate_date, rates=rates)


def fetch_ecb_xml(url: str | None = None, *, timeout: float | None = None) -> bytes:
    """Download the ECB daily document. Network failures raise httpx errors (transient)."""
    url = url or settings.FX_ECB_DAILY_URL
    response = httpx.get(
        url,
        timeout=timeout if timeout is not None else settings.FX_HTTP_TIMEOUT_SECONDS,
        follow_redirects=True,
    )
    response.raise_for_status()
    return response.content


def import_ecb_url(url: str | None = None) -> ImportResult:
    rate_date, rates = parse_ecb_xml(fetch_ecb_xml(url))
    return store_ecb_rates(rate_date=rate_date, rates=rates)
