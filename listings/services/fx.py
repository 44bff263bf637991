"""Exchange rates: importing the ECB's reference rates (XML, CSV, ZIP) and converting currencies.

Every conversion goes through EUR (the ECB's base): `rate(A→B) = per_eur(B) / per_eur(A)`.
AED and SAR are not published by the ECB; they follow their fixed US-dollar pegs over the
ECB's USD rate. Other currencies the ECB does not publish (EGP) use the latest
operator-entered rate. A conversion answers the rate, the date of its oldest leg, the
sources it used and whether that date is stale.
"""

from __future__ import annotations

import csv
import io
import logging
import xml.etree.ElementTree as ET
import zipfile
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


# --- import of the ECB reference rates ------------------------------------------------
#
# The ECB publishes the same rates in several shapes, all read here:
# - XML: `eurofxref-daily.xml` (one day), `eurofxref-hist-90d.xml` and `eurofxref-hist.xml`
#   (one `<Cube time="…">` per day);
# - CSV: `eurofxref-hist.csv` (`Date,USD,JPY,…` then one row per day, `N/A` where a
#   currency was not published) and the daily `eurofxref.csv` (dates as "02 May 2024");
# - ZIP: `eurofxref-hist.zip` and `eurofxref.zip`, holding one of the CSV (or XML) files.
# Each day is taken whole or refused whole: the good days are stored (in bulk) and the
# refused ones reported with their reasons, so one bad row never costs the history.

MAX_UNZIPPED_BYTES = 64 * 1024 * 1024
ZIP_MAGIC = b"PK\x03\x04"


@dataclass(frozen=True)
class EcbRates:
    """What a document holds: the rates of each readable day, the reasons of each refused one."""

    days: dict[date, dict[str, Decimal]]
    refused: dict[str, list[str]]


@dataclass(frozen=True)
class DayResult:
    rate_date: date
    created: int
    updated: int
    unchanged: int


@dataclass(frozen=True)
class ImportResult:
    """`rate_date` is the newest day stored; the counts are totals over `days`."""

    rate_date: date | None
    created: int
    updated: int
    currencies: tuple[str, ...]
    days: tuple[DayResult, ...] = ()
    refused: tuple[tuple[str, tuple[str, ...]], ...] = ()

    @property
    def unchanged(self) -> int:
        return sum(day.unchanged for day in self.days)


def _rate(code: str, value: str, problems: list[str]) -> Decimal | None:
    try:
        rate = Decimal(value)
    except InvalidOperation:
        problems.append(f"{code}: rate {value!r} is not a number.")
        return None
    if len(code) != 3 or not code.isalpha() or not code.isupper():
        problems.append(f"{code!r} is not a three-letter currency code.")
    elif not rate.is_finite() or rate <= 0:
        problems.append(f"{code}: rate {value!r} must be greater than zero.")
    elif rate >= Decimal(10) ** 12:
        problems.append(f"{code}: rate {value!r} is too large.")
    else:
        return rate
    return None


def _read_xml(payload: bytes) -> EcbRates:
    try:
        root = ET.fromstring(payload)
    except ET.ParseError as exc:
        raise InvalidInput(
            "The exchange-rate file is not XML.", fields={"file": [f"Not well-formed XML: {exc}."]}
        ) from exc
    days: dict[date, dict[str, Decimal]] = {}
    refused: dict[str, list[str]] = {}
    for day in root.iter(f"{{{ECB_NS}}}Cube"):
        label = day.get("time")
        if label is None:
            continue
        try:
            rate_date = date.fromisoformat(label)
        except ValueError:
            refused.setdefault(label, []).append(f"time: {label!r} is not a date (YYYY-MM-DD).")
            continue
        problems: list[str] = []
        rates = {}
        for cube in day.findall(f"{{{ECB_NS}}}Cube"):
            code = cube.get("currency", "")
            rate = _rate(code, cube.get("rate", ""), problems)
            if rate is not None:
                rates[code] = rate
        if not rates and not problems:
            problems.append("No <Cube currency> rows.")
        if problems:
            refused.setdefault(label, []).extend(problems)
        else:
            days[rate_date] = rates
    return EcbRates(days, refused)


MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]


def _csv_date(value: str) -> date:
    value = value.strip()
    try:
        return date.fromisoformat(value)
    except ValueError:
        # The daily CSV writes "02 May 2024" (English month names, whatever the locale).
        day, month, year = value.split()
        return date(int(year), MONTHS.index(month.lower()[:3]) + 1, int(day))


def _read_csv(payload: bytes) -> EcbRates:
    try:
        content = payload.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InvalidInput(
            "The exchange-rate file is neither XML nor the ECB's CSV.",
            fields={"file": ["Not UTF-8 text: an ECB XML, CSV or ZIP file is expected."]},
        ) from exc
    try:
        # newline="": a carriage return inside a field is data, as the csv module expects.
        rows = list(csv.reader(io.StringIO(content, newline="")))
    except csv.Error as exc:
        raise InvalidInput(
            "The exchange-rate CSV cannot be read.", fields={"file": [f"Not a CSV file: {exc}."]}
        ) from exc
    header = rows[0] if rows else []
    if not header or header[0].strip() != "Date":
        raise InvalidInput(
            "The exchange-rate file is neither XML nor the ECB's CSV.",
            fields={"file": ["Expected ECB XML (<Cube time=…>) or CSV starting with 'Date,USD,…'."]},
        )
    codes = [code.strip() for code in header[1:]]
    days: dict[date, dict[str, Decimal]] = {}
    refused: dict[str, list[str]] = {}
    for number, row in enumerate(rows[1:], start=2):
        if not row or not "".join(row).strip():
            continue
        label = row[0].strip() or f"line {number}"
        try:
            rate_date = _csv_date(row[0])
        except ValueError:
            refused.setdefault(label, []).append(f"line {number}: {row[0]!r} is not a date.")
            continue
        problems: list[str] = []
        rates = {}
        for code, value in zip(codes, row[1:], strict=False):
            value = value.strip()
            if not code or value in ("", "N/A"):
                continue  # a currency the ECB did not publish that day (or the trailing comma)
            rate = _rate(code, value, problems)
            if rate is not None:
                rates[code] = rate
        if problems:
            refused.setdefault(label, []).extend(problems)
        elif rates:
            days[rate_date] = rates
    return EcbRates(days, refused)


def _read_zip(payload: bytes) -> EcbRates:
    try:
        archive = zipfile.ZipFile(io.BytesIO(payload))
        members = [m for m in archive.infolist() if m.filename.lower().endswith((".csv", ".xml"))]
    except zipfile.BadZipFile as exc:
        raise InvalidInput("The exchange-rate ZIP cannot be read.", fields={"file": [str(exc)]}) from exc
    if not members:
        raise InvalidInput(
            "The exchange-rate ZIP holds no rates.", fields={"file": ["No .csv or .xml file inside."]}
        )
    days: dict[date, dict[str, Decimal]] = {}
    refused: dict[str, list[str]] = {}
    for member in members:
        if member.file_size > MAX_UNZIPPED_BYTES:
            raise InvalidInput(
                "The exchange-rate ZIP is too large.",
                fields={"file": [f"{member.filename} unpacks to more than {MAX_UNZIPPED_BYTES} bytes."]},
            )
        read = read_ecb_rates(archive.read(member))
        days.update(read.days)
        for label, problems in read.refused.items():
            refused.setdefault(label, []).extend(problems)
    return EcbRates(days, refused)


def read_ecb_rates(payload: bytes | str) -> EcbRates:
    """The days and rates (units per EUR) of any ECB reference-rate document: XML (daily,
    90 days, history), CSV (daily, history) or ZIP. Raises InvalidInput when the document
    is none of them or holds no day at all; days that cannot be read are in `refused`."""
    if isinstance(payload, str):
        payload = payload.encode("utf-8")
    if payload.startswith(ZIP_MAGIC):
        read = _read_zip(payload)
    elif payload.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
        read = _read_xml(payload)
    else:
        read = _read_csv(payload)
    if not read.days and not read.refused:
        raise InvalidInput(
            "The exchange-rate file has no dated rates.",
            fields={"file": ["Expected the ECB format: <Cube time='YYYY-MM-DD'> with rates inside, or CSV."]},
        )
    return read


def parse_ecb_xml(payload: bytes | str) -> tuple[date, dict[str, Decimal]]:
    """The newest day and its rates of an ECB document, refusing it whole (InvalidInput
    naming `time`, `rate` or `file`) when any day of it cannot be read."""
    read = read_ecb_rates(payload)
    if read.refused:
        messages = [m for problems in read.refused.values() for m in problems]
        field = "time" if any(m.startswith("time:") for m in messages) else "rate"
        raise InvalidInput("Some rates in the exchange-rate file are not valid.", fields={field: messages})
    newest = max(read.days)
    return newest, read.days[newest]


@transaction.atomic
def store_ecb_days(days: dict[date, dict[str, Decimal]]) -> list[DayResult]:
    """Record the ECB rates of many days in bulk; importing a day again updates it (idempotent)."""
    if not days:
        return []
    existing = {
        (currency, rate_date): (pk, rate)
        for pk, currency, rate_date, rate in FxRate.objects.filter(
            source=FxRate.Source.ECB, rate_date__gte=min(days), rate_date__lte=max(days)
        ).values_list("pk", "currency", "rate_date", "rate")
    }
    new, changed, results = [], [], []
    for rate_date in sorted(days):
        created = updated = unchanged = 0
        for code, rate in days[rate_date].items():
            known = existing.get((code, rate_date))
            if known is None:
                new.append(
                    FxRate(currency=code, base_currency="EUR", rate=rate, rate_date=rate_date, source="ecb")
                )
                created += 1
            elif known[1] != rate:
                changed.append(FxRate(pk=known[0], rate=rate))
                updated += 1
            else:
                unchanged += 1
        results.append(DayResult(rate_date, created, updated, unchanged))
    FxRate.objects.bulk_create(new, batch_size=5000)
    FxRate.objects.bulk_update(changed, ["rate"], batch_size=2000)
    return results


def store_ecb_rates(*, rate_date: date, rates: dict[str, Decimal]) -> ImportResult:
    """Record one day's ECB rates; importing the same day again updates it (idempotent)."""
    return _result(store_ecb_days({rate_date: rates}), {rate_date: rates}, {})


def _result(days: list[DayResult], rates: dict[date, dict[str, Decimal]], refused) -> ImportResult:
    return ImportResult(
        rate_date=max(rates) if rates else None,
        created=sum(d.created for d in days),
        updated=sum(d.updated for d in days),
        currencies=tuple(sorted({code for day in rates.values() for code in day})),
        days=tuple(days),
        refused=tuple((label, tuple(problems)) for label, problems in sorted(refused.items())),
    )


def import_ecb_rates(payload: bytes) -> ImportResult:
    """Store every readable day of an ECB document and report the refused ones."""
    read = read_ecb_rates(payload)
    return _result(store_ecb_days(read.days), read.days, read.refused)


def import_ecb_file(path) -> ImportResult:
    with open(path, "rb") as handle:
        return import_ecb_rates(handle.read())


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
    return import_ecb_rates(fetch_ecb_xml(url))
