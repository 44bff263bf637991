"""Duties and import VAT: which rate applies to goods of an HS code entering a country."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q

from logistics.models import DutyRate
from portal.models import Marketplace

EU_MEMBERS = frozenset(
    {"AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE"}
    | {"IT", "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE"}
)
# Countries whose customs value includes international freight (CIF); the others (US, CA,
# AU) levy duty on the value of the goods at export (FOB).
CIF_VALUATION = EU_MEMBERS | {"GB", "SA", "AE", "TR", "EG", "ZA", "IN", "JP", "SG", "MX", "BR"}
# ISO country code → marketplace code, where they differ.
MARKETPLACE_CODES = {"GB": "UK"}


def normalise_country(code: str) -> str:
    """ISO 3166 alpha-2 in capitals; "UK", the marketplace's name for it, becomes "GB"."""
    code = (code or "").strip().upper()
    return "GB" if code == "UK" else code


def tariff_area(country: str) -> str:
    """The area whose tariff applies: "EU" for member states, else the country."""
    return "EU" if country in EU_MEMBERS else country


@dataclass(frozen=True)
class DutyLookup:
    hs_code: str
    rate: Decimal | None  # general plus additional duties, as a fraction; None when unknown
    source: str
    matched_prefix: str


def duty_rates(
    *, hs_codes: Iterable[str], destination: str, origin: str, on: datetime.date
) -> dict[str, DutyLookup]:
    """The duty rate for each HS code into `destination` for goods of `origin`, in one query.

    The longest matching prefix wins; among equal prefixes a row for the goods' origin wins
    over the row for every origin. Codes without a matching row answer `rate=None`.
    """
    area = tariff_area(destination)
    rows = list(
        DutyRate.objects.filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=on),
            Q(origin_country="") | Q(origin_country=origin),
            destination=area,
            valid_from__lte=on,
        ).order_by("valid_from")
    )
    answers = {}
    for hs in set(hs_codes):
        best = None
        for row in rows:
            if not hs.startswith(row.hs_prefix):
                continue
            key = (len(row.hs_prefix), row.origin_country == origin, row.valid_from)
            if best is None or key > best[0]:
                best = (key, row)
        if best is None:
            answers[hs] = DutyLookup(hs, None, "", "")
        else:
            row = best[1]
            answers[hs] = DutyLookup(hs, row.rate + row.additional_rate, row.source, row.hs_prefix)
    return answers


def import_vat_rate(country: str) -> Decimal:
    """The standard VAT/GST rate on imports into `country` (its marketplace's rate; 0 if none)."""
    code = MARKETPLACE_CODES.get(country, country)
    rate = Marketplace.objects.filter(code=code).values_list("vat_rate", flat=True).first()
    return rate if rate is not None else Decimal("0")
