"""Currency conversion for comparing lanes priced in different currencies.

The one place logistics converts money. It reads the listings app's FX table
(`listings.services.fx.RateTable`, the pricing work) when that is installed; until then, and
for any currency it does not know, it answers None and the quote reports the lane as not
comparable instead of guessing a rate.
"""

from __future__ import annotations

from decimal import Decimal


class LaneCurrencyConverter:
    """Rates into one comparison currency, loaded once per quote."""

    def __init__(self, target_currency: str):
        self.target_currency = target_currency
        self._table = None
        self._unavailable: type[Exception] = LookupError
        self._loaded = False
        self._cache: dict[str, Decimal | None] = {}

    def _rate_table(self):
        if not self._loaded:
            self._loaded = True
            try:
                from listings.services.fx import FxUnavailable, RateTable
            except ImportError:
                self._table = None
            else:
                self._table = RateTable.load()
                self._unavailable = FxUnavailable
        return self._table

    def rate_from(self, currency: str) -> Decimal | None:
        """Units of the target currency per unit of `currency`, or None when unknown."""
        if currency == self.target_currency:
            return Decimal(1)
        if currency not in self._cache:
            self._cache[currency] = self._lookup(currency)
        return self._cache[currency]

    def _lookup(self, currency: str) -> Decimal | None:
        table = self._rate_table()
        if table is None:
            return None
        try:
            return table.convert(currency, self.target_currency).rate
        except self._unavailable:
            return None
