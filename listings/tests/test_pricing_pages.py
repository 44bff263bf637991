"""Pages: pricing (rules, overrides, preview), translations, brand store preview, reviews."""

from decimal import Decimal

import pytest

from listings.models import PricingRule, Translation
from listings.services.reviews import import_reviews
from listings.services.storefront import save_brand_store
from listings.tests.pricing_factories import (
    PricingRuleFactory,
    ProductBasePriceFactory,
    ProductFactory,
    TranslationFactory,
)
from portal.models import Marketplace

pytestmark = pytest.mark.django_db


def test_pricing_page_shows_rate_date_and_prices(
    owner_client, seller, ecb_rates, django_assert_max_num_queries
):
    PricingRuleFactory(seller=seller, method=PricingRule.Method.FX_MARKUP, charm_pricing=True)
    for product in ProductFactory.create_batch(5, seller=seller):
        ProductBasePriceFactory(product=product, amount=Decimal("100.00"))
    with django_assert_max_num_queries(12):
        response = owner_client.get("/listings/pricing/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "￥3,080" in html
    assert "2026-11-20" in html
    assert "ECB + USD peg" in html
    assert "stale rate" in html  # the recorded rates are from 2026-11-20, long before today


def test_default_rule_is_saved_and_bad_input_names_the_field(owner_client, seller):
    response = owner_client.post(
        "/listings/pricing/",
        {
            "save_default": "1",
            "default-method": "fx_markup",
            "default-markup": "abc",
            "default-target_margin": "0.25",
            "default-freight_per_kg": "0",
            "default-duty_rate": "0",
            "default-referral_fee_rate": "0.15",
            "default-fulfilment_fee": "0",
            "default-reprice_threshold": "0.01",
        },
    )
    assert response.status_code == 200
    assert "markup" in response.context["rule_form"].errors
    assert not PricingRule.objects.for_seller(seller).exists()

    owner_client.post(
        "/listings/pricing/",
        {
            "save_default": "1",
            "default-method": "fx_markup",
            "default-markup": "0.40",
            "default-target_margin": "0.25",
            "default-freight_per_kg": "0",
            "default-duty_rate": "0",
            "default-referral_fee_rate": "0.15",
            "default-fulfilment_fee": "0",
            "default-reprice_threshold": "0.02",
        },
    )
    rule = PricingRule.objects.for_seller(seller).get()
    assert (rule.marketplace, rule.markup, rule.reprice_threshold) == (None, Decimal("0.40"), Decimal("0.02"))


def test_override_added_edited_and_removed(owner_client, seller):
    jp = Marketplace.objects.get(code="JP")
    fields = {
        "method": "fx_markup",
        "markup": "0.5",
        "target_margin": "0.25",
        "freight_per_kg": "0",
        "duty_rate": "0",
        "referral_fee_rate": "0.15",
        "fulfilment_fee": "0",
        "charm_pricing": "on",
        "reprice_threshold": "0.01",
    }
    owner_client.post(
        "/listings/pricing/",
        {
            "add_override": "1",
            "override-marketplace": jp.pk,
            **{f"override-{k}": v for k, v in fields.items()},
        },
    )
    rule = PricingRule.objects.for_seller(seller).get(marketplace=jp)
    assert rule.charm_pricing is True
    owner_client.post(f"/listings/pricing/rules/{rule.pk}/", {**fields, "markup": "0.6"})
    rule.refresh_from_db()
    assert rule.markup == Decimal("0.6")
    owner_client.post(f"/listings/pricing/rules/{rule.pk}/", {"delete": "1"})
    assert not PricingRule.objects.for_seller(seller).exists()


def test_another_sellers_rule_and_translation_are_404(owner_client, other_seller):
    rule = PricingRuleFactory(seller=other_seller, marketplace=Marketplace.objects.get(code="US"))
    translation = TranslationFactory(product=ProductFactory(seller=other_seller))
    assert owner_client.get(f"/listings/pricing/rules/{rule.pk}/").status_code == 404
    assert owner_client.post(f"/listings/pricing/rules/{rule.pk}/", {"delete": "1"}).status_code == 404
    assert owner_client.post(f"/listings/translations/{translation.pk}/approve/").status_code == 404
    assert PricingRule.objects.for_seller(other_seller).exists()


def test_viewer_cannot_change_rules_or_approve(client, seller, make_member):
    client.force_login(make_member(seller, role="viewer"))
    translation = TranslationFactory(product=ProductFactory(seller=seller))
    assert client.post("/listings/pricing/", {"save_default": "1"}).status_code == 403
    assert client.post(f"/listings/translations/{translation.pk}/approve/").status_code == 403
    assert client.post("/listings/translations/machine-fill/").status_code == 403
    translation.refresh_from_db()
    assert translation.approved is False


def test_translations_page_shows_completeness_and_approves(owner_client, seller):
    translation = TranslationFactory(product=ProductFactory(seller=seller), locale="de")
    response = owner_client.get("/listings/translations/")
    assert response.status_code == 200
    de = next(row for row in response.context["completeness"] if row.language == "de")
    assert (de.machine, de.approved) == (1, 0)
    owner_client.post(f"/listings/translations/{translation.pk}/approve/")
    assert Translation.objects.for_seller(seller).get().approved is True


def test_machine_fill_starts_a_job(owner_client, seller, django_capture_on_commit_callbacks):
    from portal.models import JobRun

    ProductFactory(seller=seller)
    with django_capture_on_commit_callbacks(execute=False):
        response = owner_client.post("/listings/translations/machine-fill/")
    job = JobRun.objects.for_seller(seller).get()
    assert job.kind == "listings.machine_translate"
    assert response.status_code == 302


def test_storefront_preview_is_rtl_in_saudi_arabia_and_minimal_in_germany(owner_client, seller, ecb_rates):
    product = ProductFactory(seller=seller)
    owner_client.post(
        "/listings/storefront/",
        {"name": "Brightora", "hero_title": "Light for every desk", "featured": [product.pk]},
    )
    sa = owner_client.get("/listings/storefront/SA/").content.decode()
    assert 'dir="rtl"' in sa
    assert "theme-vivid" in sa
    de = owner_client.get("/listings/storefront/DE/").content.decode()
    assert 'dir="ltr"' in de
    assert "theme-minimal" in de
    assert product.title in de
    assert owner_client.get("/listings/storefront/XX/").status_code == 404


def test_storefront_shows_only_the_request_sellers_store(owner_client, seller, other_seller):
    save_brand_store(seller=other_seller, name="Globex Store", hero_title="Theirs")
    response = owner_client.get("/listings/storefront/DE/")
    assert response.status_code == 302  # Acme has no store yet


def test_reviews_page_aggregates_and_shows_translated_marks(
    owner_client, seller, django_assert_max_num_queries
):
    product = ProductFactory(seller=seller)
    import_reviews(
        seller=seller,
        items=[
            {
                "product": product.pk,
                "marketplace": "US",
                "external_id": "R1",
                "rating": 4,
                "title": "Good",
                "language": "en",
                "is_vine": True,
                "reviewed_at": "2026-11-20T10:00:00Z",
                "translations": {"de": {"title": "Gut", "body": "Sehr gut."}},
            }
        ],
    )
    with django_assert_max_num_queries(10):
        response = owner_client.get(f"/listings/reviews/?product={product.pk}&marketplace=DE")
    html = response.content.decode()
    assert "Gut" in html
    assert "Reviewed in US" in html
    assert "translated" in html
    assert "Vine" in html
