"""What `/api/v1/listings/` answers for published listings, and its filters, row for row."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from listings.models import FxRate, Listing, PricingRule
from listings.services.localisation import save_translation
from listings.services.publishing import publish_products, select_marketplaces
from listings.tests.factories import FxRateFactory, ProductFactory, sell_source_text_in
from listings.tests.pricing_factories import PricingRuleFactory, ProductBasePriceFactory
from portal.services.api_keys import create_api_key

pytestmark = pytest.mark.django_db
RECORDED_DAY = datetime.date(2026, 11, 20)


def client_with(seller, scopes=("listings:read",)):
    _, raw = create_api_key(seller=seller, name="partner", scopes=list(scopes))
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    return client


@pytest.fixture
def published(seller, ecb_rates):
    """Two products in US, DE and JP priced at 100 CNY by FX with no markup.

    Today's rates of CNY (7.5 per euro) and USD (1.05) make the US price fresh at
    exactly 0.14 USD per CNY; the yen is only known on the recorded (stale) day.
    """
    today = timezone.localdate()
    FxRateFactory(currency="CNY", rate=Decimal("7.5"), rate_date=today, source=FxRate.Source.ECB)
    FxRateFactory(currency="USD", rate=Decimal("1.05"), rate_date=today, source=FxRate.Source.ECB)
    PricingRuleFactory(seller=seller, method=PricingRule.Method.FX_MARKUP, markup=Decimal("0"))
    lamp = ProductFactory(seller=seller, sku="LAMP-1", title="LED Desk Lamp", source_language="en")
    hammock = ProductFactory(seller=seller, sku="HAMMOCK-1", title="Camping Hammock", source_language="en")
    for product in (lamp, hammock):
        ProductBasePriceFactory(product=product, amount=Decimal("100.00"), currency="CNY")
        sell_source_text_in(product, "JP")  # English text in Japan: the seller's choice
    save_translation(seller=seller, product=lamp, locale="de", title="LED-Schreibtischlampe", approved=True)
    publish_products(
        seller=seller, products=[lamp, hammock], marketplaces=select_marketplaces(codes=["US", "DE", "JP"])
    )
    return {"lamp": lamp, "hammock": hammock, "today": today}


def rows(client, **params):
    response = client.get("/api/v1/listings/", params)
    assert response.status_code == 200, response.json()
    return response.json()["results"]


def test_each_listing_shows_locale_price_rate_staleness_state_and_reasons(seller, published):
    lamp, today = published["lamp"], published["today"]
    answer = {r["marketplace"]: r for r in rows(client_with(seller), product=lamp.pk)}
    assert sorted(answer) == ["DE", "JP", "US"]

    us, de, jp = answer["US"], answer["DE"], answer["JP"]
    assert {k: us[k] for k in ("sku", "marketplace_sku", "locale", "title", "content_origin")} == {
        "sku": "LAMP-1",
        "marketplace_sku": "LAMP-1-US",
        "locale": "en_US",
        "title": "LED Desk Lamp",
        "content_origin": "source",
    }
    assert (us["price"], us["currency"], us["price_formatted"]) == ("14.00", "USD", "$14.00")
    assert (us["fx_rate"], us["fx_date"], us["fx_source"], us["price_stale"]) == (
        "0.14000000",
        today.isoformat(),
        "ECB",
        False,
    )
    assert (us["state"], us["blocked_reasons"], us["problems"]) == ("live", [], [])
    assert (us["fulfilment_route"], us["fulfilment_from"]) == ("local_fc", "US")

    # DE: the approved German title, 100 CNY in euros with 19% VAT (100 / 7.5 × 1.19).
    assert (de["locale"], de["title"], de["content_origin"]) == ("de_DE", "LED-Schreibtischlampe", "approved")
    assert (de["price"], de["currency"], de["fx_rate"], de["price_stale"]) == (
        "15.87",
        "EUR",
        "0.13333333",
        False,
    )
    assert de["state"] == "blocked"
    # The approved German text has no bullet points where the product has some: held too.
    assert sorted((r["rule"], r["document_type"]) for r in de["blocked_reasons"]) == [
        ("de-packaging-lucid", "packaging"),
        ("eu-gpsr-responsible-person", "gpsr_rp"),
        ("needs_translation", ""),
    ]
    assert all(r["name"] for r in de["blocked_reasons"])

    # JP: the yen rate is the recorded day's, so the price rests on a stale rate and says so.
    # 100 CNY × (166.42 / 7.5) × 1.10 consumption tax = 2,440.83 → ¥2,441 (no decimals).
    assert (jp["locale"], jp["currency"], jp["price"]) == ("ja_JP", "JPY", "2441.00")
    assert (jp["fx_rate"], jp["fx_date"], jp["price_stale"]) == (
        "22.18933333",
        RECORDED_DAY.isoformat(),
        True,
    )
    assert "2,441" in jp["price_formatted"]
    assert jp["state"] == "live"


def test_filters_answer_exactly_the_matching_rows(seller, other_seller, published):
    client = client_with(seller)
    lamp, hammock = published["lamp"], published["hammock"]
    mine = {
        (row.product_id, row.marketplace.code): row.pk
        for row in Listing.objects.for_seller(seller).select_related("marketplace")
    }
    theirs = ProductFactory(seller=other_seller, sku="LAMP-1")
    publish_products(seller=other_seller, products=[theirs], marketplaces=select_marketplaces(codes=["US"]))

    def ids(**params):
        return sorted(r["id"] for r in rows(client, **params))

    assert ids() == sorted(mine.values())
    assert ids(product=hammock.pk) == sorted(mine[(hammock.pk, c)] for c in ("US", "DE", "JP"))
    assert ids(marketplace="JP") == sorted(mine[(p.pk, "JP")] for p in (lamp, hammock))
    # Codes are matched whatever their case, as the publish endpoint accepts them.
    assert ids(marketplace="jp") == ids(marketplace="JP")
    assert ids(state="blocked") == sorted(mine[(p.pk, "DE")] for p in (lamp, hammock))
    assert ids(state="live", marketplace="US") == sorted(mine[(p.pk, "US")] for p in (lamp, hammock))
    assert ids(product=lamp.pk, marketplace="DE", state="blocked") == [mine[(lamp.pk, "DE")]]
    assert ids(product=lamp.pk, state="paused") == []
    # Another seller's product id finds nothing, not their listing.
    assert ids(product=theirs.pk) == []
    assert ids(marketplace="FR") == []


def test_a_bad_filter_value_is_refused_naming_the_field(seller, published):
    client = client_with(seller)
    response = client.get("/api/v1/listings/", {"state": "sold"})
    assert response.status_code == 400
    assert "state" in response.json()["fields"]
    response = client.get("/api/v1/listings/", {"product": "lamp"})
    assert response.status_code == 400
    assert "product" in response.json()["fields"]
