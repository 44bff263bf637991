"""Publishing once: listings per marketplace, sync with change summary, overrides, states."""

from __future__ import annotations

from decimal import Decimal

import pytest
from babel.numbers import get_currency_precision
from django.utils import timezone

from listings.models import FxRate, Listing
from listings.services.publishing import (
    change_listing_states,
    publish_products,
    reset_override,
    select_marketplaces,
    set_override,
    start_publish,
)
from listings.tasks.publishing import publish_listings
from listings.tests.factories import (
    ComplianceDocumentFactory,
    FxRateFactory,
    ProductFactory,
    sell_source_text_in,
)
from portal.exceptions import InvalidInput
from portal.models import JobRun, Marketplace

pytestmark = pytest.mark.django_db


@pytest.fixture
def priced(ecb_rates):
    """ECB rates plus the operator's EGP rate: every marketplace can be priced."""
    FxRateFactory(currency="EGP", base_currency="USD", rate=Decimal("48.60"), source=FxRate.Source.OPERATOR)
    return ecb_rates


def listings_of(seller, product):
    return {
        listing.marketplace.code: listing
        for listing in Listing.objects.for_seller(seller)
        .filter(product=product)
        .select_related("marketplace")
    }


def test_one_product_published_to_all_23_marketplaces(seller, priced):
    product = ProductFactory(seller=seller)
    marketplaces = select_marketplaces(codes="all")
    assert len(marketplaces) == 23

    result = publish_products(seller=seller, products=[product], marketplaces=marketplaces)

    assert result.created == 23
    listings = listings_of(seller, product)
    assert len(listings) == 23
    for market in marketplaces:
        listing = listings[market.code]
        assert listing.currency == market.currency
        assert listing.locale == market.default_locale
        assert listing.price is not None, (market.code, listing.problems)
        assert listing.price > 0
        digits = get_currency_precision(market.currency)
        assert listing.price == listing.price.quantize(Decimal(1).scaleb(-digits))
        assert listing.marketplace_sku == f"{product.sku}-{market.code}"
        assert listing.fx_date is not None
    assert listings["JP"].price == listings["JP"].price.to_integral_value()
    assert "¥" in listings["JP"].price_formatted or "￥" in listings["JP"].price_formatted
    assert listings["DE"].price_formatted.endswith("€")
    assert listings["US"].price_formatted.startswith("$")
    # Routes: remote fulfilment from the US FC for CA, MX, BR; local elsewhere.
    for code in ("CA", "MX", "BR"):
        assert (listings[code].fulfilment_route, listings[code].fulfilment_from) == ("remote_fc", "US")
    assert (listings["DE"].fulfilment_route, listings["DE"].fulfilment_from) == ("local_fc", "EU")
    assert listings["CA"].delivery_days_max > listings["US"].delivery_days_max
    # The storage organiser needs no certificates, but the EU wants a GPSR responsible
    # person and DE/FR a packaging registration: those are blocked, the rest live.
    assert listings["US"].state == Listing.State.LIVE
    # English text in Japan, which sells in Japanese only: held until translated.
    assert listings["JP"].state == Listing.State.BLOCKED
    assert [r["rule"] for r in listings["JP"].blocked_reasons] == ["needs_translation"]
    assert listings["DE"].state == Listing.State.BLOCKED
    assert {r["rule"] for r in listings["DE"].blocked_reasons} == {
        "eu-gpsr-responsible-person",
        "de-packaging-lucid",
    }


def test_gwd_direct_route_has_the_longest_promise(seller, priced):
    product = ProductFactory(seller=seller)
    markets = select_marketplaces(codes=["US", "AU"])
    publish_products(seller=seller, products=[product], marketplaces=markets, gwd_direct=frozenset({"AU"}))
    listings = listings_of(seller, product)
    assert (listings["AU"].fulfilment_route, listings["AU"].fulfilment_from) == ("gwd_direct", "GWD")
    assert listings["AU"].delivery_days_min > listings["US"].delivery_days_max


def test_republishing_syncs_content_and_price_and_says_what_changed(seller, priced):
    product = ProductFactory(seller=seller, title="Drawer Organizer, 4 Pack")
    markets = select_marketplaces(codes=["US", "JP"])
    sell_source_text_in(product, "JP")
    publish_products(seller=seller, products=[product], marketplaces=markets)
    before = listings_of(seller, product)["US"]

    again = publish_products(seller=seller, products=[product], marketplaces=markets)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)

    product.title = "Drawer Organizer, 6 Pack"
    product.unit_cost = Decimal("30.00")
    product.save()
    result = publish_products(seller=seller, products=[product], marketplaces=markets)

    assert result.updated == 2
    after = listings_of(seller, product)["US"]
    assert after.title == "Drawer Organizer, 6 Pack"
    assert after.price > before.price
    changed = {c["field"]: c for c in after.last_changes}
    assert set(changed) == {"title", "price"}
    assert changed["title"] == {
        "field": "title",
        "old": "Drawer Organizer, 4 Pack",
        "new": "Drawer Organizer, 6 Pack",
    }
    assert Decimal(changed["price"]["old"]) == before.price


def test_overrides_survive_a_resync_and_reset_restores_the_inherited_value(seller, priced):
    product = ProductFactory(seller=seller, title="Drawer Organizer", bullet_points=["BPA-free", "Stacks"])
    markets = select_marketplaces(codes=["US", "UK"])
    publish_products(seller=seller, products=[product], marketplaces=markets)
    us = listings_of(seller, product)["US"]
    inherited_price = us.price

    set_override(seller=seller, listing=us, field_name="title", value="Drawer Organiser (US edition)")
    set_override(seller=seller, listing=us, field_name="price", value="24.99")
    set_override(seller=seller, listing=us, field_name="bullet_points", bullet=1, value="Stacks three high")

    product.title = "Drawer Organizer, new"
    product.bullet_points = ["BPA-free PET", "Stacks"]
    product.save()
    publish_products(seller=seller, products=[product], marketplaces=markets)

    listings = listings_of(seller, product)
    us, uk = listings["US"], listings["UK"]
    assert us.title == "Drawer Organiser (US edition)"
    assert us.price == Decimal("24.99")
    assert us.bullet_points == ["BPA-free PET", "Stacks three high"]
    assert us.is_overridden("title")
    assert us.overridden_bullets == {1}
    assert uk.title == "Drawer Organizer, new"  # other marketplaces keep syncing

    reset_override(seller=seller, listing=us, key="title")
    reset_override(seller=seller, listing=us, key="price")
    us.refresh_from_db()
    assert us.title == "Drawer Organizer, new"
    assert us.price == inherited_price
    assert us.overrides == {"bullet_points.1": "Stacks three high"}


def test_an_override_with_a_bad_price_changes_nothing(seller, priced):
    product = ProductFactory(seller=seller)
    publish_products(seller=seller, products=[product], marketplaces=select_marketplaces(codes=["JP"]))
    jp = listings_of(seller, product)["JP"]
    for bad in ("-1", "abc", "1500.50"):
        with pytest.raises(InvalidInput) as error:
            set_override(seller=seller, listing=jp, field_name="price", value=bad)
        assert "price" in error.value.fields
    jp.refresh_from_db()
    assert jp.overrides == {}


def test_compliance_blocks_and_the_missing_document_unblocks_on_the_next_sync(seller, priced):
    lamp = ProductFactory(seller=seller, category="Home & Kitchen > Lighting", title="LED Desk Lamp")
    markets = select_marketplaces(codes=["UK", "US"])
    publish_products(seller=seller, products=[lamp], marketplaces=markets)
    uk = listings_of(seller, lamp)["UK"]
    assert uk.state == Listing.State.BLOCKED
    assert [r["rule"] for r in uk.blocked_reasons] == ["uk-ukca-marking"]
    assert listings_of(seller, lamp)["US"].state == Listing.State.LIVE

    ComplianceDocumentFactory(seller=seller, product=lamp, document_type="ukca", reference="", file="x.pdf")
    publish_products(seller=seller, products=[lamp], marketplaces=markets)

    uk = listings_of(seller, lamp)["UK"]
    assert uk.state == Listing.State.LIVE
    assert uk.blocked_reasons == []
    assert {"field": "state", "old": "blocked", "new": "live"} in uk.last_changes


def test_paused_listings_stay_paused_on_sync_and_ended_ones_are_relisted(seller, priced):
    product = ProductFactory(seller=seller)
    markets = select_marketplaces(codes=["US", "JP"])
    sell_source_text_in(product, "JP")
    publish_products(seller=seller, products=[product], marketplaces=markets)
    listings = listings_of(seller, product)
    assert change_listing_states(seller=seller, listing_ids=[listings["US"].pk], action="pause") == {
        "changed": 1,
        "skipped": 0,
    }
    change_listing_states(seller=seller, listing_ids=[listings["JP"].pk], action="end")
    # Ending again is skipped, not an error.
    assert change_listing_states(seller=seller, listing_ids=[listings["JP"].pk], action="end")["skipped"] == 1

    publish_products(seller=seller, products=[product], marketplaces=markets)
    listings = listings_of(seller, product)
    assert listings["US"].state == Listing.State.PAUSED
    assert listings["JP"].state == Listing.State.LIVE
    change_listing_states(seller=seller, listing_ids=[listings["US"].pk], action="resume")
    assert listings_of(seller, product)["US"].state == Listing.State.LIVE


def test_no_price_suppresses_the_listing_with_the_reason(seller):
    product = ProductFactory(seller=seller, unit_cost=None)
    publish_products(seller=seller, products=[product], marketplaces=select_marketplaces(codes=["US"]))
    us = listings_of(seller, product)["US"]
    assert us.state == Listing.State.SUPPRESSED
    assert us.price is None
    assert any("unit cost" in problem for problem in us.problems)


def test_select_marketplaces_by_region_and_refuses_unknown_codes(db):
    assert {m.code for m in select_marketplaces(region="NA")} == {"US", "CA", "MX"}
    with pytest.raises(InvalidInput) as error:
        select_marketplaces(codes=["US", "XX"])
    assert "XX" in error.value.fields["marketplaces"][0]
    with pytest.raises(InvalidInput):
        select_marketplaces(codes=[])


def test_publish_job_runs_and_reports(seller, priced, django_capture_on_commit_callbacks):
    products = ProductFactory.create_batch(3, seller=seller)
    markets = select_marketplaces(codes=["US", "DE"])
    with django_capture_on_commit_callbacks(execute=False) as queued:
        job = start_publish(seller=seller, product_ids=[p.pk for p in products], marketplaces=markets)
    assert len(queued) == 1
    publish_listings(job.pk)  # what the worker runs
    job = JobRun.objects.for_seller(seller).get(pk=job.pk)
    assert job.status == JobRun.Status.SUCCEEDED
    assert (job.progress_done, job.progress_total) == (3, 3)
    assert job.summary["created"] == 6
    assert job.summary["states"] == {"blocked": 3, "live": 3}


def test_start_publish_refuses_another_sellers_products(seller, other_seller, db):
    theirs = ProductFactory(seller=other_seller)
    with pytest.raises(InvalidInput) as error:
        start_publish(seller=seller, product_ids=[theirs.pk], marketplaces=select_marketplaces(codes=["US"]))
    assert "products" in error.value.fields
    assert not JobRun.objects.for_seller(seller).exists()


def test_publishing_reads_do_not_grow_with_products(seller, priced, django_assert_max_num_queries):
    """Reads are a fixed set of bulk queries; writes are batched INSERTs (rows per statement
    depend on the database's parameter limit, which is small on SQLite)."""
    markets = list(Marketplace.objects.filter(is_active=True))
    few = ProductFactory.create_batch(2, seller=seller)
    many = ProductFactory.create_batch(40, seller=seller)

    def reads(queries):
        return [q["sql"] for q in queries.captured_queries if not q["sql"].startswith("INSERT")]

    with django_assert_max_num_queries(1000) as few_queries:
        publish_products(seller=seller, products=few, marketplaces=markets)
    with django_assert_max_num_queries(1000) as many_queries:
        publish_products(seller=seller, products=many, marketplaces=markets)
    # 16: publishing's twelve reads, the seller's webhook subscriptions, the landed costs from
    # the lanes, the source-text approvals and brand protection's takedown register.
    assert len(reads(many_queries)) == len(reads(few_queries)) <= 16
    # A resync of unchanged listings writes nothing at all.
    with django_assert_max_num_queries(14) as resync:
        publish_products(seller=seller, products=many, marketplaces=markets)
    assert not [q for q in resync.captured_queries if q["sql"].startswith(("INSERT", "UPDATE"))]


def test_republishing_after_the_rates_went_stale_flags_the_price_and_says_so(seller, priced):
    # Today's rates, equal to the recorded day's: the price is fresh.
    today = timezone.localdate()
    for rate in list(FxRate.objects.filter(rate_date__lt=today)):
        FxRateFactory(
            currency=rate.currency,
            base_currency=rate.base_currency,
            rate=rate.rate,
            rate_date=today,
            source=rate.source,
        )
    product = ProductFactory(seller=seller)
    markets = select_marketplaces(codes=["US"])
    publish_products(seller=seller, products=[product], marketplaces=markets)
    fresh = listings_of(seller, product)["US"]
    assert (fresh.price_stale, fresh.fx_date) == (False, today)

    # No rate arrives for days: the newest is the recorded day's again, and it is stale.
    FxRate.objects.filter(rate_date=today).delete()
    result = publish_products(seller=seller, products=[product], marketplaces=markets)

    assert result.updated == 1
    stale = listings_of(seller, product)["US"]
    assert stale.price == fresh.price
    assert stale.price_stale is True
    assert stale.fx_date < today
    changed = {c["field"]: c for c in stale.last_changes}
    assert changed["price_stale"] == {"field": "price_stale", "old": False, "new": True}
    assert changed["fx_date"]["new"] == stale.fx_date.isoformat()
