"""Monitoring: every seller's live listings against the verified brands, through the audited
platform scope, showing other sellers only as shoppers see them."""

from __future__ import annotations

import pytest

from brands.models import Brand, BrandCase, MonitoringRun
from brands.receivers import MONITOR_PRODUCTS_TASK
from brands.services.monitoring import run_monitoring
from brands.tasks.monitoring import monitor_products
from brands.tests.factories import BrandAuthorisationFactory, BrandFactory
from listings.models import Listing
from listings.tests.factories import ListingFactory, ProductFactory
from portal.models import AuditEvent, Marketplace

pytestmark = pytest.mark.django_db


def lookalike(seller, title="Lumіvех Wireless Earbuds", markets=("US",), **product):
    product = ProductFactory(seller=seller, title=title, brand=product.pop("brand", "Generic"), **product)
    for code in markets:
        ListingFactory(
            seller=seller,
            product=product,
            marketplace=Marketplace.objects.get(code=code),
            marketplace_sku=f"{product.sku}-{code}",
            title=title,
        )
    return product


def test_a_look_alike_becomes_a_case_with_score_rule_and_shopper_evidence(brand, copycat):
    product = lookalike(copycat, markets=("US", "DE"))
    run = run_monitoring()
    [case] = BrandCase.objects.for_seller(brand.seller)
    assert (case.brand, case.product, case.rule, case.marketplaces) == (
        brand,
        product,
        "confusable",
        ["DE", "US"],
    )
    assert case.store_name == "Budget Gadgets"  # the store a shopper sees, not the company
    assert case.marked == ("", "Lumіvех", " Wireless Earbuds")
    assert "Copycat Holdings" not in str(case.evidence)
    assert (run.listings_scanned, run.cases_opened) == (2, 1)


def test_monitoring_reads_across_sellers_only_through_the_audited_platform_scope(brand, copycat):
    lookalike(copycat)
    run_monitoring()
    assert (
        AuditEvent.objects.with_scopes_disabled()
        .filter(action="platform.scope_opened", summary="nightly brand monitoring")
        .exists()
    )


def test_an_unverified_brand_monitors_nothing(seller, copycat):
    BrandFactory(seller=seller, name="Lumivex", status=Brand.Status.PENDING)
    lookalike(copycat, title="Lumivex earbuds")
    run = run_monitoring()
    assert run.brands == 0
    assert not BrandCase.objects.with_scopes_disabled().exists()


def test_a_look_alike_in_a_chinese_locale_title_is_caught(brand, copycat):
    # The listings are in English; the product's own title is Chinese, with Cyrillic letters.
    lookalike(copycat, title="Wireless earbuds").__class__.objects.for_seller(copycat).update(
        title="原装Lumіvех无线蓝牙耳机", source_language="zh-hans"
    )
    run_monitoring()
    [case] = BrandCase.objects.for_seller(brand.seller)
    assert case.evidence["field"] == "title.zh-hans"
    assert case.evidence["matched"] == "Lumіvех"


def test_the_owner_and_an_authorised_reseller_are_never_flagged(brand, other_seller, copycat):
    lookalike(brand.seller, title="Lumivex earbuds", brand="Lumivex")
    BrandAuthorisationFactory(
        seller=brand.seller, brand=brand, authorised_seller=other_seller, marketplace=None
    )
    lookalike(other_seller, title="Lumivex earbuds, authorised reseller", markets=("US", "DE", "JP"))
    run_monitoring()
    assert not BrandCase.objects.with_scopes_disabled().exists()


def test_a_reseller_authorised_in_one_marketplace_is_flagged_in_another(brand, other_seller):
    BrandAuthorisationFactory(
        seller=brand.seller,
        brand=brand,
        authorised_seller=other_seller,
        marketplace=Marketplace.objects.get(code="DE"),
    )
    lookalike(other_seller, title="Lumivex earbuds", markets=("DE", "FR"))
    run_monitoring()
    [case] = BrandCase.objects.for_seller(brand.seller)
    assert case.marketplaces == ["FR"]


def test_only_live_listings_are_monitored_and_a_second_run_adds_nothing(brand, copycat):
    product = lookalike(copycat)
    Listing.objects.for_seller(copycat).update(state=Listing.State.PAUSED)
    assert run_monitoring().listings_scanned == 0
    Listing.objects.for_seller(copycat).update(state=Listing.State.LIVE)
    run_monitoring()
    run_monitoring()
    assert BrandCase.objects.for_seller(brand.seller).filter(product=product).count() == 1


def test_a_dismissed_case_is_not_reopened(brand, copycat):
    lookalike(copycat)
    run_monitoring()
    BrandCase.objects.for_seller(brand.seller).update(status=BrandCase.Status.DISMISSED)
    assert run_monitoring().cases_opened == 0
    assert BrandCase.objects.for_seller(brand.seller).get().status == BrandCase.Status.DISMISSED


def test_publishing_queues_a_check_of_the_published_products(
    brand, copycat, django_capture_on_commit_callbacks, monkeypatch
):
    from listings.services.publishing import publish_products, select_marketplaces

    sent = []
    monkeypatch.setattr(
        "celery.canvas.Signature.delay", lambda self, *a, **k: sent.append((self.task, self.args))
    )
    product = ProductFactory(seller=copycat, title="Lumіvех earbuds", brand="Generic")
    with django_capture_on_commit_callbacks(execute=True):
        publish_products(seller=copycat, products=[product], marketplaces=select_marketplaces(codes=["US"]))
    assert sent == [(MONITOR_PRODUCTS_TASK, ([product.pk],))]
    # What the worker then runs: only this product's listings are read.
    Listing.objects.for_seller(copycat).update(state=Listing.State.LIVE)
    run = MonitoringRun.objects.get(pk=monitor_products(sent[0][1][0]))
    assert (run.scope, run.listings_scanned, run.cases_opened) == ("listings", 1, 1)
