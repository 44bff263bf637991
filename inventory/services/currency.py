"""Currency conversion for the storage-cost comparison: the one place inventory reads FX.

It reads the listings app's exchange-rate table (`listings.FxRate`, ECB rates against EUR
and operator rates against EUR or USD) when that table exists; without it, or without a
rate for a currency, conversion answers None and the page says the rate is missing
rather than guessing one.
"""

from __future__ import annotations

from decimal import Decimal

from django.apps import apps
from django.conf import settings


def units_per_eur_table() -> dict[str, Decimal]:
    """The latest known units of each currency per euro (one query); {} without FX data."""
    try:
        fx_rate = apps.get_model("listings", "FxRate")
    except LookupError:
        return {}
    table: dict[str, Decimal] = {"EUR": Decimal(1)}
    usd_based: dict[str, Decimal] = {}
    seen: set[tuple[str, str]] = set()
    for currency, base, rate in fx_rate.objects.order_by("-rate_date").values_list(
        "currency", "base_currency", "rate"
    ):
        if (currency, base) in seen:
            continue
        seen.add((currency, base))
        if base == "EUR":
            table.setdefault(currency, rate)
        else:
            usd_based.setdefault(currency, rate)
    usd = table.get("USD")
    if usd is not None:
        for currency, rate in usd_based.items():
            table.setdefault(currency, rate * usd)
        for currency, peg in getattr(settings, "FX_USD_PEGS", {}).items():
            table.setdefault(currency, Decimal(str(peg)) * usd)
    return table


def convert_with_table(
    amount: Decimal, source: str, target: str, table: dict[str, Decimal]
) -> Decimal | None:
    """`amount` of `source` in `target`, or None when either rate is unknown."""
    if source == target:
        return amount
    if source not in table or target not in table:
        return None
    return amount / table[source] * table[target]
