"""Prices per marketplace: FX through EUR and the USD pegs, rules, rounding, charm endings, Babel."""

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from listings.models import FxRate, PricingRule
from listings.services.fx import RateTable
from listings.services.pricing import prices_for, round_price
from listings.tests.pricing_factories import (
    FxRateFactory,
    PricingRuleFactory,
    ProductBasePriceFactory,
    ProductFactory,
)
from portal.models import Marketplace

pytestmark = pytest.mark.django_db
FRIDAY = date(2026, 11, 20)


@pytest.fixture
def markets():
    return {m.code: m for m in Marketplace.objects.all()}


def fx_markup_rule(seller, **fields):
    values = {"method": PricingRule.Method.FX_MARKUP, "markup": Decimal("0.30"), **fields}
    return PricingRuleFactory(seller=seller, **values)


def test_aed_price_is_derived_through_the_usd_peg(seller, markets, ecb_rates):
    fx_markup_rule(seller)
    product = ProductFactory(seller=seller)
    ProductBasePriceFactory(product=product, amount=Decimal("100.00"), currency="CNY")

    quote = prices_for(seller, [product], [markets["AE"]], rates=RateTable.load(today=FRIDAY))[
        (product.pk, "AE")
    ]

    # 1 EUR = 1.0815 USD (ECB) = 1.0815 × 3.6725 AED (peg); 1 EUR = 7.8322 CNY.
    assert quote.fx_rate == Decimal("0.50711278")
    # 100 CNY × 0.50711278 × 1.30 markup × 1.05 VAT included in UAE prices = 69.2209 → 69.22
    assert quote.amount == Decimal("69.22")
    assert quote.currency == "AED"
    assert quote.fx_source == "ECB + USD peg"
    assert quote.fx_date == FRIDAY
    assert quote.stale is False
    assert quote.problem == ""


def test_sar_follows_its_own_peg(seller, markets, ecb_rates):
    fx_markup_rule(seller)
    product = ProductFactory(seller=seller)
    ProductBasePriceFactory(product=product, amount=Decimal("100.00"), currency="CNY")
    quote = prices_for(seller, [product], [markets["SA"]], rates=RateTable.load(today=FRIDAY))[
        (product.pk, "SA")
    ]
    # 1.0815 × 3.75 / 7.8322 = 0.51781428; × 100 × 1.30 × 1.15 (KSA VAT) = 77.4133 → 77.41
    assert quote.fx_rate == Decimal("0.51781428")
    assert quote.amount == Decimal("77.41")


def test_jpy_price_has_no_decimals_and_a_charm_ending_in_80(seller, markets, ecb_rates):
    fx_markup_rule(seller, charm_pricing=True)
    product = ProductFactory(seller=seller)
    ProductBasePriceFactory(product=product, amount=Decimal("100.00"), currency="CNY")

    quote = prices_for(seller, [product], [markets["JP"]], rates=RateTable.load(today=FRIDAY))[
        (product.pk, "JP")
    ]

    # 100 CNY × (166.42 / 7.8322) × 1.30 × 1.10 = ¥3,038.49 → up to the next …80: ¥3,080
    assert quote.amount == Decimal("3080")
    assert quote.amount.as_tuple().exponent == 0
    assert quote.formatted == "￥3,080"


def test_jpy_price_without_charm_is_rounded_to_whole_yen(seller, markets, ecb_rates):
    fx_markup_rule(seller)
    product = ProductFactory(seller=seller)
    ProductBasePriceFactory(product=product, amount=Decimal("100.00"), currency="CNY")
    quote = prices_for(seller, [product], [markets["JP"]], rates=RateTable.load(today=FRIDAY))[
        (product.pk, "JP")
    ]
    assert quote.amount == Decimal("3038")
    assert quote.formatted == "￥3,038"


def test_prices_are_formatted_in_each_marketplace_locale(seller, markets, ecb_rates):
    fx_markup_rule(seller, markup=Decimal("0"))
    product = ProductFactory(seller=seller)
    ProductBasePriceFactory(product=product, amount=Decimal("10000.00"), currency="CNY")

    quotes = prices_for(
        seller, [product], [markets[c] for c in ("US", "DE", "FR", "UK")], rates=RateTable.load(today=FRIDAY)
    )

    # 10,000 CNY at 7.8322 per EUR; DE adds 19% VAT, FR 20%, UK 20%, US prices exclude tax.
    assert quotes[(product.pk, "US")].formatted == "$1,380.84"
    assert quotes[(product.pk, "DE")].formatted == "1.519,37\xa0€"
    assert quotes[(product.pk, "FR")].formatted == "1\u202f532,14\xa0€"
    assert quotes[(product.pk, "UK")].formatted == "£1,283.09"


def test_target_margin_covers_landed_cost_fees_and_vat(seller, markets, ecb_rates):
    PricingRuleFactory(
        seller=seller,
        method=PricingRule.Method.TARGET_MARGIN,
        target_margin=Decimal("0.20"),
        referral_fee_rate=Decimal("0.15"),
        freight_per_kg=Decimal("30.00"),
        duty_rate=Decimal("0.04"),
        fulfilment_fee=Decimal("25.00"),
    )
    product = ProductFactory(seller=seller, unit_cost=Decimal("48.50"), weight_g=1000)
    quote = prices_for(seller, [product], [markets["DE"]], rates=RateTable.load(today=FRIDAY))[
        (product.pk, "DE")
    ]

    rate = Decimal("0.12767805")  # CNY → EUR
    landed = (Decimal("48.50") + Decimal("30")) * Decimal("1.04") + Decimal("25")  # 106.64 CNY
    net = landed * rate / (1 - Decimal("0.20") - Decimal("0.15") * Decimal("1.19"))
    assert quote.amount == (net * Decimal("1.19")).quantize(Decimal("0.01"))
    # The seller keeps 20% of the net price after cost, fees and the referral fee on the gross.
    gross = quote.amount
    profit = gross / Decimal("1.19") - landed * rate - Decimal("0.15") * gross
    assert abs(profit / (gross / Decimal("1.19")) - Decimal("0.20")) < Decimal("0.001")


def test_marketplace_override_replaces_the_default_rule(seller, markets, ecb_rates):
    fx_markup_rule(seller, markup=Decimal("0.10"))
    fx_markup_rule(seller, marketplace=markets["US"], markup=Decimal("0.50"))
    product = ProductFactory(seller=seller)
    ProductBasePriceFactory(product=product, amount=Decimal("100.00"), currency="CNY")
    quotes = prices_for(seller, [product], [markets["US"], markets["CA"]], rates=RateTable.load(today=FRIDAY))
    # US: 100 × 1.0815 / 7.8322 × 1.5 = 20.71; CA: 100 × 1.5108 / 7.8322 × 1.1 = 21.22 (VAT excluded).
    assert quotes[(product.pk, "US")].amount == Decimal("20.71")
    assert quotes[(product.pk, "CA")].amount == Decimal("21.22")


def test_product_without_cost_or_base_price_gets_a_problem_not_a_price(seller, markets, ecb_rates):
    no_cost = ProductFactory(seller=seller, unit_cost=None)
    quotes = prices_for(seller, [no_cost], [markets["DE"]])
    assert quotes[(no_cost.pk, "DE")].amount is None
    assert "unit cost" in quotes[(no_cost.pk, "DE")].problem

    fx_markup_rule(seller)
    no_base = ProductFactory(seller=seller)
    quote = prices_for(seller, [no_base], [markets["DE"]])[(no_base.pk, "DE")]
    assert quote.amount is None
    assert "base price" in quote.problem


def test_currency_without_any_rate_is_a_problem(seller, markets, ecb_rates):
    product = ProductFactory(seller=seller)
    quote = prices_for(seller, [product], [markets["EG"]])[(product.pk, "EG")]
    assert quote.amount is None
    assert "EGP" in quote.problem


def test_egp_uses_the_operator_entered_rate(seller, markets, ecb_rates):
    FxRateFactory(currency="EGP", base_currency="USD", rate=Decimal("48.60"), source=FxRate.Source.OPERATOR)
    fx_markup_rule(seller, markup=Decimal("0"))
    product = ProductFactory(seller=seller)
    ProductBasePriceFactory(product=product, amount=Decimal("100.00"), currency="CNY")
    quote = prices_for(seller, [product], [markets["EG"]], rates=RateTable.load(today=FRIDAY))[
        (product.pk, "EG")
    ]
    # 1 EUR = 1.0815 × 48.60 EGP; 100 CNY → 671.09 EGP, + 14% VAT = 765.04
    assert quote.fx_rate == Decimal("6.71087306")
    assert quote.amount == Decimal("765.04")
    assert quote.fx_source == "ECB + operator"


def test_stale_rate_is_flagged_on_the_price(seller, markets, ecb_rates):
    product = ProductFactory(seller=seller)
    fresh = prices_for(seller, [product], [markets["US"]], rates=RateTable.load(today=date(2026, 11, 25)))
    assert fresh[(product.pk, "US")].stale is False  # 3 business days old: still fresh
    stale = prices_for(seller, [product], [markets["US"]], rates=RateTable.load(today=date(2026, 11, 26)))
    assert stale[(product.pk, "US")].stale is True  # 4 business days old
    assert stale[(product.pk, "US")].amount is not None


def test_whole_batch_is_priced_in_a_constant_number_of_queries(
    seller, markets, ecb_rates, django_assert_max_num_queries
):
    fx_markup_rule(seller, marketplace=markets["JP"], charm_pricing=True)
    products = ProductFactory.create_batch(30, seller=seller)
    for product in products[:10]:
        ProductBasePriceFactory(product=product)
    all_markets = list(markets.values())
    with django_assert_max_num_queries(4):  # rules, base prices, landed costs, rates
        quotes = prices_for(seller, products, all_markets)
    assert len(quotes) == 30 * len(all_markets)


def test_another_sellers_product_is_refused(seller, other_seller, markets, ecb_rates):
    theirs = ProductFactory(seller=other_seller)
    with pytest.raises(ValueError, match="does not belong"):
        prices_for(seller, [theirs], [markets["US"]])


def test_another_sellers_rules_are_not_used(seller, other_seller, markets, ecb_rates):
    fx_markup_rule(other_seller, markup=Decimal("3"))
    product = ProductFactory(seller=seller, unit_cost=Decimal("70.00"))
    quote = prices_for(seller, [product], [markets["US"]])[(product.pk, "US")]
    # Acme has no rule: its default (target margin 25%, referral 15%) prices it.
    assert quote.amount == (Decimal("70") * Decimal("0.13808381") / Decimal("0.60")).quantize(Decimal("0.01"))


@pytest.mark.parametrize(
    ("amount", "currency", "charm", "expected"),
    [
        ("12.345", "EUR", False, "12.35"),
        ("12.30", "EUR", True, "12.99"),
        ("12.99", "EUR", True, "12.99"),
        ("13.00", "EUR", True, "13.99"),
        ("1923.4", "JPY", False, "1923"),
        ("1923.4", "JPY", True, "1980"),
        ("1980", "JPY", True, "1980"),
        ("1985", "JPY", True, "2080"),
    ],
)
def test_rounding_per_currency(amount, currency, charm, expected):
    assert round_price(Decimal(amount), currency, charm=charm) == Decimal(expected)


@given(
    st.decimals(min_value=Decimal("0.01"), max_value=Decimal("1000000"), places=4),
    st.sampled_from(["EUR", "USD", "JPY", "AED", "INR"]),
)
def test_charm_ending_never_lowers_a_price_and_always_ends_right(amount, currency):
    charmed = round_price(amount, currency, charm=True)
    assert charmed >= round_price(amount, currency)
    if currency == "JPY":
        assert charmed % 100 == 80
        assert charmed - round_price(amount, currency) < 100
    else:
        assert charmed % 1 == Decimal("0.99")
        assert charmed - round_price(amount, currency) < 1
