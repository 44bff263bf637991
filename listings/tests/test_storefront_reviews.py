"""Brand store per marketplace (locale, RTL, theme, prices) and reviews across marketplaces."""

from decimal import Decimal

import pytest

from listings.models import BrandStoreText, Review
from listings.services.reviews import import_reviews, rating_aggregates, reviews_for_marketplace
from listings.services.storefront import save_brand_store, storefront_page
from listings.tests.pricing_factories import ProductFactory, TranslationFactory
from portal.exceptions import InvalidInput
from portal.models import Marketplace

pytestmark = pytest.mark.django_db


@pytest.fixture
def markets():
    return {m.code: m for m in Marketplace.objects.all()}


def review(product, market="US", **fields):
    return {
        "product": product.pk,
        "marketplace": market,
        "external_id": fields.pop("external_id", "R1"),
        "rating": fields.pop("rating", 5),
        "title": "Great lamp",
        "body": "Bright and quiet.",
        "language": "en",
        "reviewed_at": "2026-11-20T14:03:00Z",
        **fields,
    }


def test_store_in_arabic_is_right_to_left_vivid_and_priced_in_riyal(
    seller, markets, ecb_rates, django_assert_max_num_queries
):
    product = ProductFactory(seller=seller, title="Desk Lamp")
    TranslationFactory(product=product, locale="ar", title="مصباح مكتب", approved=True)
    store = save_brand_store(
        seller=seller, name="Brightora", hero_title="Light for every desk", featured_product_ids=[product.pk]
    )
    BrandStoreText.objects.for_seller(seller).create(
        seller=seller, store=store, locale="ar", hero_title="ضوء لكل مكتب"
    )

    with django_assert_max_num_queries(8):
        page = storefront_page(seller, markets["SA"])

    assert (page.locale, page.direction, page.theme) == ("ar_SA", "rtl", "vivid")
    assert page.hero_title == "ضوء لكل مكتب"
    assert page.featured[0].content.title == "مصباح مكتب"
    assert page.featured[0].price.currency == "SAR"


def test_store_in_germany_is_minimal_left_to_right_with_source_text_fallback(seller, markets, ecb_rates):
    product = ProductFactory(seller=seller)
    save_brand_store(seller=seller, name="Brightora", hero_title="Light", featured_product_ids=[product.pk])
    page = storefront_page(seller, markets["DE"])
    assert (page.locale, page.direction, page.theme) == ("de_DE", "ltr", "minimal")
    assert page.hero_title == "Light"
    assert page.text_localised is False
    assert page.featured[0].price.formatted.endswith("€")


def test_store_refuses_another_sellers_products_and_names_the_field(seller, other_seller):
    theirs = ProductFactory(seller=other_seller)
    with pytest.raises(InvalidInput) as caught:
        save_brand_store(seller=seller, name="X", hero_title="", featured_product_ids=[theirs.pk])
    assert set(caught.value.fields) == {"hero_title", "featured_products"}


def test_import_answers_per_item_and_keeps_the_good_ones(seller, other_seller):
    product = ProductFactory(seller=seller)
    theirs = ProductFactory(seller=other_seller)
    results = import_reviews(
        seller=seller,
        items=[
            review(product, external_id="R1", is_vine=True),
            review(product, external_id="R2", rating=9),
            review(theirs, external_id="R3"),
            review(product, market="XX", external_id="R4"),
            review(product, external_id="R5", reviewed_at="yesterday"),
        ],
    )
    assert results[0]["status"] == "created"
    assert results[1] == {
        "index": 1,
        "status": "invalid",
        "errors": {"rating": ["A whole number from 1 to 5."]},
    }
    assert list(results[2]["errors"]) == ["product"]
    assert list(results[3]["errors"]) == ["marketplace"]
    assert list(results[4]["errors"]) == ["reviewed_at"]
    stored = Review.objects.for_seller(seller).get()
    assert stored.pk == results[0]["id"]
    assert stored.is_vine is True


def test_reimport_updates_instead_of_duplicating(seller):
    product = ProductFactory(seller=seller)
    import_reviews(seller=seller, items=[review(product, rating=2)])
    results = import_reviews(seller=seller, items=[review(product, rating=4)])
    assert results[0]["status"] == "updated"
    assert Review.objects.for_seller(seller).get().rating == 4


def test_reviews_travel_with_origin_and_translated_mark(seller, markets):
    product = ProductFactory(seller=seller)
    import_reviews(
        seller=seller,
        items=[
            review(product, translations={"de": {"title": "Tolle Lampe", "body": "Hell und leise."}}),
            review(product, market="DE", external_id="D1", language="de", title="Gut", body="Gut."),
        ],
    )
    in_germany = {
        r.origin: r for r in reviews_for_marketplace(seller, product=product, marketplace=markets["DE"])
    }
    assert (in_germany["US"].title, in_germany["US"].translated) == ("Tolle Lampe", True)
    assert (in_germany["DE"].title, in_germany["DE"].translated) == ("Gut", False)
    in_us = {r.origin: r for r in reviews_for_marketplace(seller, product=product, marketplace=markets["US"])}
    assert in_us["US"].translated is False
    assert in_us["DE"].title == "Gut"  # no English translation: shown as written


def test_rating_aggregates_per_product_and_marketplace_in_one_query(
    seller, other_seller, django_assert_num_queries
):
    lamp, pole = ProductFactory.create_batch(2, seller=seller)
    import_reviews(
        seller=seller,
        items=[
            review(lamp, external_id="1", rating=5, is_vine=True),
            review(lamp, external_id="2", rating=4),
            review(lamp, market="DE", external_id="3", rating=2),
            review(pole, external_id="4", rating=3),
        ],
    )
    import_reviews(seller=other_seller, items=[review(ProductFactory(seller=other_seller), rating=1)])
    with django_assert_num_queries(1):
        per_product, per_market = rating_aggregates(seller)
    assert per_product[lamp.pk].count == 3
    assert per_product[lamp.pk].average == Decimal("3.7")
    assert per_product[lamp.pk].vine == 1
    assert per_market[(lamp.pk, "US")].average == Decimal("4.5")
    assert per_market[(lamp.pk, "DE")].count == 1
    assert per_product[pole.pk].average == Decimal("3.0")
    assert len(per_product) == 2


def test_empty_or_oversized_batch_is_refused(seller):
    with pytest.raises(InvalidInput) as caught:
        import_reviews(seller=seller, items=[])
    assert "reviews" in caught.value.fields
