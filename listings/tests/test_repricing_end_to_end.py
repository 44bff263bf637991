"""Rates move, the daily job re-derives prices of published listings past the seller's threshold.

End to end on listings made by publishing: the ECB document of the next day is served by a
local server, the daily task imports it and starts one reprice job per seller with live
listings, and the job (run as the worker runs it) moves only the prices whose rate moved
at least the threshold.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from listings.models import Listing, PricingRule, ProductBasePrice
from listings.services.publishing import publish_products, select_marketplaces
from listings.tasks.pricing import import_daily_fx_rates, reprice_listings
from listings.tests.conftest import ECB_DAILY_XML
from listings.tests.factories import sell_source_text_in
from listings.tests.pricing_factories import PricingRuleFactory, ProductBasePriceFactory, ProductFactory
from portal.models import JobRun, Marketplace

pytestmark = pytest.mark.django_db
FRIDAY, MONDAY = date(2026, 11, 20), date(2026, 11, 23)


def monday_document() -> bytes:
    """The recorded Friday document moved to Monday: USD +0.4%, JPY +3%, CNY unchanged."""
    text = ECB_DAILY_XML.read_text()
    for old, new in (
        ("time='2026-11-20'", "time='2026-11-23'"),
        ("currency='USD' rate='1.0815'", "currency='USD' rate='1.0858'"),
        ("currency='JPY' rate='166.42'", "currency='JPY' rate='171.41'"),
    ):
        assert old in text
        text = text.replace(old, new)
    return text.encode()


@pytest.fixture
def published(seller, other_seller, ecb_rates):
    """A lamp priced at 100 CNY by FX with no markup, live in the US and Japan on Friday's rates."""
    PricingRuleFactory(seller=seller, method=PricingRule.Method.FX_MARKUP, markup=Decimal("0"))
    lamp = ProductFactory(seller=seller, sku="LAMP-1")
    ProductBasePriceFactory(product=lamp, amount=Decimal("100.00"), currency="CNY")
    sell_source_text_in(lamp, "JP")  # English text in Japan: the seller's choice
    publish_products(seller=seller, products=[lamp], marketplaces=select_marketplaces(codes=["US", "JP"]))
    listings = prices(seller)
    assert listings == {
        "US": (Decimal("13.81"), Decimal("0.13808381"), FRIDAY),
        "JP": (Decimal("2337.00"), Decimal("21.24818059"), FRIDAY),
    }
    return lamp


def prices(seller) -> dict[str, tuple]:
    return {
        row.marketplace.code: (row.price, row.fx_rate, row.fx_date)
        for row in Listing.objects.for_seller(seller).filter(state="live").select_related("marketplace")
    }


def run_daily_import(settings, fake_server, django_capture_on_commit_callbacks) -> list[JobRun]:
    """The beat task against the local ECB server; then each queued reprice job, as the worker would."""
    settings.FX_ECB_DAILY_URL = f"{fake_server.url}/stats/eurofxref/eurofxref-daily.xml"
    fake_server.respond(200, monday_document(), headers={"Content-Type": "text/xml"})
    with django_capture_on_commit_callbacks(execute=False) as queued:
        outcome = import_daily_fx_rates()
    assert outcome["rate_date"] == MONDAY.isoformat()
    jobs = list(JobRun.objects.with_scopes_disabled().filter(kind="listings.reprice").order_by("pk"))
    assert len(queued) == len(jobs) == outcome["reprice_jobs"]
    for job in jobs:
        reprice_listings(job.pk)
    return [JobRun.objects.with_scopes_disabled().get(pk=job.pk) for job in jobs]


def test_a_move_under_the_threshold_keeps_the_price_and_one_over_it_reprices(
    seller, published, settings, fake_server, django_capture_on_commit_callbacks
):
    [job] = run_daily_import(settings, fake_server, django_capture_on_commit_callbacks)

    assert job.seller_id == seller.pk
    assert job.status == JobRun.Status.SUCCEEDED
    assert job.summary == {"checked": 2, "repriced": 1, "below_threshold": 1, "overridden": 0, "problems": 0}
    after = prices(seller)
    # USD moved 0.4% against the yuan (under the default 1%): price, rate and date stay.
    assert after["US"] == (Decimal("13.81"), Decimal("0.13808381"), FRIDAY)
    # JPY moved 3%: 100 × 171.41 / 7.8322 × 1.10 = ¥2,407, on Monday's rate.
    assert after["JP"] == (Decimal("2407.00"), Decimal("21.88529404"), MONDAY)
    jp = Listing.objects.for_seller(seller).get(marketplace__code="JP")
    assert jp.inherited["price"] == "2407"
    assert "2,407" in jp.price_formatted


def test_a_seller_threshold_on_one_marketplace_keeps_that_price(
    seller, published, settings, fake_server, django_capture_on_commit_callbacks
):
    PricingRuleFactory(
        seller=seller,
        marketplace=Marketplace.objects.get(code="JP"),
        method=PricingRule.Method.FX_MARKUP,
        markup=Decimal("0"),
        reprice_threshold=Decimal("0.05"),
    )
    [job] = run_daily_import(settings, fake_server, django_capture_on_commit_callbacks)

    assert job.summary["below_threshold"] == 2
    assert job.summary["repriced"] == 0
    assert prices(seller)["JP"] == (Decimal("2337.00"), Decimal("21.24818059"), FRIDAY)


def test_a_seller_with_no_live_listings_gets_no_job_and_paused_prices_stay(
    seller, other_seller, published, settings, fake_server, django_capture_on_commit_callbacks
):
    Listing.objects.for_seller(seller).filter(marketplace__code="JP").update(state="paused")
    jobs = run_daily_import(settings, fake_server, django_capture_on_commit_callbacks)

    assert [job.seller_id for job in jobs] == [seller.pk]  # the other seller has nothing live
    assert jobs[0].summary["checked"] == 1
    paused = Listing.objects.for_seller(seller).get(marketplace__code="JP")
    assert (paused.price, paused.fx_date) == (Decimal("2337.00"), FRIDAY)


def test_republishing_after_a_small_move_keeps_the_price_but_not_a_new_base_price(
    seller, published, settings, fake_server, django_capture_on_commit_callbacks
):
    markets = select_marketplaces(codes=["US", "JP"])
    run_daily_import(settings, fake_server, django_capture_on_commit_callbacks)

    result = publish_products(seller=seller, products=[published], marketplaces=markets)

    # The 0.4% USD move stays under the threshold on a republish too; the yen price is Monday's.
    assert (result.updated, result.unchanged) == (0, 2)
    after = prices(seller)
    assert after["US"] == (Decimal("13.81"), Decimal("0.13808381"), FRIDAY)
    assert after["JP"] == (Decimal("2407.00"), Decimal("21.88529404"), MONDAY)

    # A new base price is a reason to change the price: derived at the rate the listing holds.
    ProductBasePrice.objects.for_seller(seller).filter(product=published).update(amount=Decimal("110.00"))
    publish_products(seller=seller, products=[published], marketplaces=markets)
    after = prices(seller)
    assert after["US"] == (Decimal("15.19"), Decimal("0.13808381"), FRIDAY)  # 110 × 0.13808381
    assert after["JP"] == (Decimal("2648.00"), Decimal("21.88529404"), MONDAY)  # 110 × 21.885… × 1.1


def test_republishing_after_a_move_over_the_threshold_takes_the_new_rate(
    seller, published, settings, fake_server, django_capture_on_commit_callbacks
):
    PricingRuleFactory(
        seller=seller,
        marketplace=Marketplace.objects.get(code="US"),
        method=PricingRule.Method.FX_MARKUP,
        markup=Decimal("0"),
        reprice_threshold=Decimal("0.001"),
    )
    settings.FX_ECB_DAILY_URL = f"{fake_server.url}/eurofxref-daily.xml"
    fake_server.respond(200, monday_document())
    with django_capture_on_commit_callbacks(execute=False):
        import_daily_fx_rates()  # rates only: the job is not run

    publish_products(seller=seller, products=[published], marketplaces=select_marketplaces(codes=["US"]))

    assert prices(seller)["US"] == (Decimal("13.86"), Decimal("0.13863282"), MONDAY)
