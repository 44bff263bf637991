"""Re-deriving live prices after rate moves, on the catalogue's Listing table.

Runs where the Listing model is installed (it comes with the publishing side of the app).
"""

from datetime import date
from decimal import Decimal

import pytest

from listings.models import FxRate, Listing, PricingRule
from listings.services.fx import RateTable
from listings.services.repricing import reprice_live_listings
from listings.tests.pricing_factories import PricingRuleFactory, ProductBasePriceFactory, ProductFactory
from portal.models import Marketplace

pytestmark = pytest.mark.django_db
FRIDAY = date(2026, 11, 20)


@pytest.fixture
def listing_model():
    return Listing


def make_listing(model, product, code, *, fx_rate, price="10.00", **fields):
    marketplace = Marketplace.objects.get(code=code)
    return model.objects.for_seller(product.seller).create(
        seller=product.seller,
        product=product,
        marketplace=marketplace,
        marketplace_sku=f"{product.sku}-{code}",
        locale=marketplace.default_locale,
        title=product.title,
        price=Decimal(price),
        currency=marketplace.currency,
        fx_rate=fx_rate,
        fulfilment_route="local_fc",
        fulfilment_from=code,
        delivery_days_min=1,
        delivery_days_max=3,
        state=fields.pop("state", "live"),
        inherited={"title": product.title, "price": price},
        **fields,
    )


def test_threshold_suppresses_small_moves_and_reprices_big_ones(seller, ecb_rates, listing_model):
    PricingRuleFactory(seller=seller, method=PricingRule.Method.FX_MARKUP, markup=Decimal("0"))
    product = ProductFactory(seller=seller)
    ProductBasePriceFactory(product=product, amount=Decimal("100.00"))
    usd_rate = Decimal("0.13808381")  # CNY → USD of the recorded day
    small = make_listing(listing_model, product, "US", fx_rate=usd_rate / Decimal("1.005"))  # moved 0.5%
    other = ProductFactory(seller=seller)
    ProductBasePriceFactory(product=other, amount=Decimal("100.00"))
    big = make_listing(listing_model, other, "US", fx_rate=usd_rate / Decimal("1.02"))  # moved 2%
    paused = make_listing(listing_model, other, "CA", fx_rate=Decimal("0.1"), state="paused")
    kept = make_listing(
        listing_model, product, "UK", fx_rate=Decimal("0.05"), price="99.00", overrides={"price": "99.00"}
    )

    summary = reprice_live_listings(seller, rates=RateTable.load(today=FRIDAY))

    assert summary == {"checked": 3, "repriced": 1, "below_threshold": 1, "overridden": 1, "problems": 0}
    for row in (small, big, paused, kept):
        row.refresh_from_db()
    assert small.price == Decimal("10.00")
    assert big.price == Decimal("13.81")
    assert big.fx_rate == usd_rate
    assert big.fx_date == FRIDAY
    assert big.inherited["price"] == "13.81"
    assert paused.price == Decimal("10.00")
    assert kept.price == Decimal("99.00")


def test_seller_threshold_is_respected(seller, ecb_rates, listing_model):
    PricingRuleFactory(
        seller=seller,
        method=PricingRule.Method.FX_MARKUP,
        markup=Decimal("0"),
        reprice_threshold=Decimal("0.05"),
    )
    product = ProductFactory(seller=seller)
    ProductBasePriceFactory(product=product, amount=Decimal("100.00"))
    row = make_listing(listing_model, product, "US", fx_rate=Decimal("0.13808381") / Decimal("1.02"))
    assert reprice_live_listings(seller, rates=RateTable.load(today=FRIDAY))["below_threshold"] == 1
    row.refresh_from_db()
    assert row.price == Decimal("10.00")


def test_other_sellers_listings_are_untouched(seller, other_seller, ecb_rates, listing_model):
    theirs = ProductFactory(seller=other_seller)
    row = make_listing(listing_model, theirs, "US", fx_rate=Decimal("0.01"))
    assert reprice_live_listings(seller)["checked"] == 0
    row.refresh_from_db()
    assert row.price == Decimal("10.00")
    assert FxRate.objects.exists()
