"""Prices of products in marketplaces: pricing rules, FX, rounding and formatting.

`prices_for(seller, products, marketplaces)` answers a `PriceQuote` per (product id,
marketplace code) in a constant number of queries: the seller's rules, the base prices
of the products and the rate table are each loaded once.

Two methods (PricingRule.Method):
- FX plus markup: `base price × rate × (1 + markup)`, plus VAT where the marketplace's
  prices include it.
- Target margin over landed cost: landed cost `C = unit cost + freight + duty +
  fulfilment fee` (converted to the marketplace currency); the net price `N` must leave
  `margin × N` after C and the referral fee (charged on the gross price `P`):
  `N (1 − margin) − referral × P = C`, with `P = N (1 + VAT)` where prices include VAT.

Freight and duty come from the lanes (`LandedCost`, written by logistics from the rate card
of the lane serving the marketplace and the duty table) unless the rule overrides them
(`cost_source = rule`) or no lane has been rated for the product yet; then the rule's
freight per kg and duty rate apply. Each quote lists its cost parts with their sources.

Then rounding to the currency's digits (Babel: JPY has none) and, when the rule asks for
it, a charm ending: `.99`, or `…80` for JPY (¥1,980).
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal

from babel import Locale
from babel.numbers import NumberPattern, get_currency_precision
from django.utils.translation import gettext as _

from listings.models import LandedCost, PricingRule, Product, ProductBasePrice
from listings.services.fx import FxUnavailable, RateTable
from portal.models import Marketplace, Seller

GRAMS_PER_KG = Decimal(1000)
# Charm endings of zero-decimal currencies: the price ends in this many units per hundred.
ZERO_DECIMAL_CHARM = {"JPY": 80}


@dataclass(frozen=True)
class CostPart:
    """One part of a landed cost, in the marketplace currency, and where it comes from."""

    name: str
    amount: Decimal
    source: str


@dataclass(frozen=True)
class PriceQuote:
    """A product's price in one marketplace, with the rate it rests on.

    When the price cannot be derived (no unit cost or base price, no rate), `amount` is
    None and `problem` says why.
    """

    amount: Decimal | None
    currency: str
    fx_rate: Decimal | None
    fx_date: date | None
    fx_source: str
    stale: bool
    formatted: str
    problem: str = ""
    landed_cost: Decimal | None = None
    cost_parts: tuple[CostPart, ...] = ()


@functools.cache
def currency_digits(currency: str) -> int:
    return get_currency_precision(currency)


def round_price(amount: Decimal, currency: str, *, charm: bool = False) -> Decimal:
    """Round half up to the currency's digits; with `charm`, up to the next charm ending.

    Charm endings: `.99` for currencies with decimals (12.30 → 12.99, 12.995 → 13.99),
    `…80` per hundred for JPY (1,923 → 1,980; 1,985 → 2,080), `…9` for other
    zero-decimal currencies.
    """
    digits = currency_digits(currency)
    step = Decimal(1).scaleb(-digits)
    rounded = amount.quantize(step, rounding=ROUND_HALF_UP)
    if not charm:
        return rounded
    if digits > 0:
        whole = rounded.to_integral_value(rounding=ROUND_CEILING) if rounded % 1 else rounded + 1
        return (whole - Decimal("0.01")).quantize(step)
    if currency in ZERO_DECIMAL_CHARM:
        ending = ZERO_DECIMAL_CHARM[currency]
        hundreds = (rounded - ending) / 100
        return (hundreds.to_integral_value(rounding=ROUND_CEILING) * 100 + ending).quantize(step)
    tens = (rounded - 9) / 10
    return (tens.to_integral_value(rounding=ROUND_CEILING) * 10 + 9).quantize(step)


@functools.cache
def _currency_format(locale: str) -> tuple[Locale, NumberPattern]:
    """Babel's locale and its standard currency pattern, parsed once per locale."""
    parsed = Locale.parse(locale)
    return parsed, parsed.currency_formats["standard"]


# Catalogues repeat price points (the same cost and rule give the same price in a
# marketplace): a published batch formats each distinct (amount, currency, locale) once.
@functools.lru_cache(maxsize=20_000)
def format_price(amount: Decimal, currency: str, locale: str) -> str:
    """The amount as a shopper of that locale reads it (Babel): `1.234,56 €`, `￥1,980`.

    What `babel.numbers.format_currency` does, with the locale and pattern parsed once.
    Equal amounts (1.5, 1.50) give the same text: Babel rounds to the currency's digits.
    """
    parsed, pattern = _currency_format(locale)
    return pattern.apply(amount, parsed, currency=currency)


def default_rule(seller: Seller) -> PricingRule:
    """The rule a seller has before saving one: the model's defaults (target margin)."""
    return PricingRule(seller=seller)


def load_rules(seller: Seller) -> tuple[PricingRule, dict[int, PricingRule]]:
    """The seller's default rule and its per-marketplace rules by marketplace id (one query)."""
    default, by_marketplace = None, {}
    for rule in PricingRule.objects.for_seller(seller):
        if rule.marketplace_id is None:
            default = rule
        else:
            by_marketplace[rule.marketplace_id] = rule
    return default or default_rule(seller), by_marketplace


def _problem(currency: str, message: str, conversion=None) -> PriceQuote:
    return PriceQuote(
        amount=None,
        currency=currency,
        fx_rate=conversion.rate if conversion else None,
        fx_date=conversion.rate_date if conversion else None,
        fx_source=conversion.source if conversion else "",
        stale=conversion.stale if conversion else False,
        formatted="",
        problem=message,
    )


def quote_price(
    *,
    product: Product,
    marketplace: Marketplace,
    rule: PricingRule,
    rates: RateTable,
    home_currency: str,
    base_price: ProductBasePrice | None,
    landed: LandedCost | None = None,
) -> PriceQuote:
    """One product's price in one marketplace under `rule` (no queries).

    `landed` is the lanes' landed cost of the product there; it replaces the rule's freight
    per kg and duty rate unless the rule overrides the lanes.
    """
    currency = marketplace.currency
    vat = marketplace.vat_rate if marketplace.prices_include_vat else Decimal(0)
    if rule.method == PricingRule.Method.FX_MARKUP:
        if base_price is None:
            return _problem(currency, _("No base price: set one to price by exchange rate and markup."))
        try:
            conversion = rates.convert(base_price.currency, currency)
        except FxUnavailable as exc:
            return _problem(currency, _("No exchange rate for %(currency)s.") % {"currency": exc.currency})
        raw = base_price.amount * conversion.rate * (1 + rule.markup) * (1 + vat)
    else:
        if product.unit_cost is None:
            return _problem(
                currency, _("No unit cost: enter the product's cost to price it by target margin.")
            )
        try:
            cost_conversion = rates.convert(product.unit_cost_currency, currency)
            conversion = rates.convert(home_currency, currency)
        except FxUnavailable as exc:
            return _problem(currency, _("No exchange rate for %(currency)s.") % {"currency": exc.currency})
        unit_cost = product.unit_cost * cost_conversion.rate
        parts = [CostPart(_("Unit cost"), unit_cost, _("Product's unit cost"))]
        if landed is not None and rule.cost_source == PricingRule.CostSource.LANES:
            try:
                parts += _lane_parts(landed, rates=rates, currency=currency)
            except FxUnavailable as exc:
                return _problem(
                    currency, _("No exchange rate for %(currency)s.") % {"currency": exc.currency}
                )
        else:
            if rule.cost_source == PricingRule.CostSource.RULE:
                why = _("rule override")
            else:
                why = _("no lane rated yet")
            freight = rule.freight_per_kg * Decimal(product.weight_g or 0) / GRAMS_PER_KG * conversion.rate
            parts.append(
                CostPart(
                    _("Freight"),
                    freight,
                    _("Rule: %(rate)s %(home)s per kg (%(why)s)")
                    % {"rate": rule.freight_per_kg, "home": home_currency, "why": why},
                )
            )
            parts.append(
                CostPart(
                    _("Duty"),
                    (unit_cost + freight) * rule.duty_rate,
                    _("Rule: %(rate)s of cost and freight (%(why)s)") % {"rate": rule.duty_rate, "why": why},
                )
            )
        parts.append(CostPart(_("Fulfilment fee"), rule.fulfilment_fee * conversion.rate, _("Rule")))
        landed = sum((part.amount for part in parts), Decimal(0))
        share = 1 - rule.target_margin - rule.referral_fee_rate * (1 + vat)
        if share <= 0:
            return _problem(
                currency,
                _("Target margin and referral fee leave nothing to cover the cost: lower the margin."),
                conversion,
            )
        raw = landed / share * (1 + vat)
        if product.unit_cost_currency != home_currency and conversion.source == "identity":
            conversion = cost_conversion
    amount = round_price(raw, currency, charm=rule.charm_pricing)
    cost = {}
    if rule.method != PricingRule.Method.FX_MARKUP:
        cost = {"landed_cost": round_price(landed, currency), "cost_parts": tuple(parts)}
    return PriceQuote(
        **cost,
        amount=amount,
        currency=currency,
        fx_rate=None if conversion.source == "identity" else conversion.rate,
        fx_date=conversion.rate_date,
        fx_source=conversion.source,
        stale=conversion.stale,
        formatted=format_price(amount, currency, marketplace.default_locale),
    )


def _lane_parts(landed: LandedCost, *, rates: RateTable, currency: str) -> list[CostPart]:
    """Freight and duty of the lanes' landed cost, converted to the marketplace currency.

    Import VAT is listed with a zero amount: a VAT-registered seller reclaims it against the
    VAT collected on the sale, which the price already carries.
    """
    rate = rates.convert(landed.currency, currency).rate
    duty_source = landed.duty_source or _("no duty rate for the product's HS code")
    return [
        CostPart(
            _("Freight"),
            landed.freight * rate,
            _("Lane %(lane)s (%(route)s): %(source)s")
            % {
                "lane": landed.lane_label,
                "route": landed.get_route_display(),
                "source": landed.freight_source,
            },
        ),
        CostPart(
            _("Duty"),
            landed.duty * rate,
            _("Duty table %(rate)s: %(source)s")
            % {"rate": landed.duty_rate if landed.duty_rate is not None else "—", "source": duty_source},
        ),
        CostPart(
            _("Import VAT"),
            Decimal(0),
            _("%(amount)s %(currency)s at %(rate)s, reclaimed against the VAT on the sale")
            % {
                "amount": round_price(landed.import_vat * rate, currency),
                "currency": currency,
                "rate": landed.import_vat_rate,
            },
        ),
    ]


def load_landed_costs(seller: Seller, product_ids: list[int]) -> dict[tuple[int, int], LandedCost]:
    """The lanes' landed costs of the products by (product id, marketplace id), one query."""
    return {
        (row.product_id, row.marketplace_id): row
        for row in LandedCost.objects.for_seller(seller).filter(product_id__in=product_ids)
    }


def prices_for(
    seller: Seller,
    products: Iterable[Product],
    marketplaces: Iterable[Marketplace],
    *,
    rates: RateTable | None = None,
) -> dict[tuple[int, str], PriceQuote]:
    """A PriceQuote per (product id, marketplace code): four queries, whatever the batch size.

    Products must be the seller's (others raise ValueError rather than being priced).
    """
    products = list(products)
    marketplaces = list(marketplaces)
    for product in products:
        if product.seller_id != seller.pk:
            raise ValueError(f"Product {product.pk} does not belong to seller {seller.pk}.")
    default, overrides = load_rules(seller)
    base_prices = {
        bp.product_id: bp
        for bp in ProductBasePrice.objects.for_seller(seller).filter(product_id__in=[p.pk for p in products])
    }
    rates = rates or RateTable.load()
    landed = load_landed_costs(seller, [p.pk for p in products])
    quotes = {}
    for marketplace in marketplaces:
        rule = overrides.get(marketplace.pk, default)
        for product in products:
            quotes[(product.pk, marketplace.code)] = quote_price(
                product=product,
                marketplace=marketplace,
                rule=rule,
                rates=rates,
                home_currency=seller.home_currency,
                base_price=base_prices.get(product.pk),
                landed=landed.get((product.pk, marketplace.pk)),
            )
    return quotes
