"""Currency conversion for comparing lanes priced in different currencies.

The one place logistics converts money: through the listings app's FX table
(`listings.services.fx.RateTable`: ECB rates, USD pegs, operator rates). A currency it does
not know answers None, and the quote reports the lane as not comparable instead of guessing.
"""

from __future__ import annotations

from decimal import Decimal

from listings.services.fx import FxUnavailable, RateTable


class LaneCurrencyConverter:
    """Rates into one comparison currency; the FX table is loaded once, on first need."""

    def __init__(self, target_currency: str):
        self.target_currency = target_currency
        self._table: RateTable | None = None
        self._cache: dict[str, Decimal | None] = {}

    def rate_from(self, currency: str) -> Decimal | None:
        """Units of the target currency per unit of `currency`, or None when unknown."""
        if currency == self.target_currency:
            return Decimal(1)
        if currency not in self._cache:
            if self._table is None:
                self._table = RateTable.load()
            try:
                self._cache[currency] = self._table.convert(currency, self.target_currency).rate
            except FxUnavailable:
                self._cache[currency] = None
        return self._cache[currency]
