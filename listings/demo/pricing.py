"""Demo data of FX, pricing, localisation, the brand store and reviews for `manage.py seed_demo`.

Idempotent: every row is matched by its natural key, so running it again changes nothing.
The exchange rates come from the recorded ECB file, so prices work offline.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from django.db import transaction

from listings.models import (
    BrandStore,
    BrandStoreText,
    FxRate,
    GlossaryTerm,
    PricingRule,
    Product,
    Translation,
)
from listings.services.fx import import_ecb_file
from listings.services.reviews import import_reviews
from listings.services.storefront import save_brand_store
from portal.models import Marketplace, Seller

ECB_FILE = Path(__file__).parent.parent / "tests" / "fixtures" / "eurofxref-daily.xml"
EGP_PER_USD = Decimal("48.60")

GLOSSARY = {
    "shenzhen-bright-home": [
        ("zh", "en", "护眼台灯", "Eye-Care Desk Lamp"),
        ("zh", "en", "可调光", "Dimmable"),
        ("zh", "en", "USB充电", "USB Rechargeable"),
        ("zh", "de", "护眼台灯", "Augenschonende Schreibtischlampe"),
    ],
    "ningbo-outdoor-gear": [("en", "de", "camping lantern", "Campinglaterne")],
}
STORES = {
    "shenzhen-bright-home": {
        "name": "Brightora",
        "hero_title": "Light and order for every home",
        "hero_subtitle": "Designed in Shenzhen, sold in 23 countries",
        "brand_story": "Brightora began in 2009 as a small lamp workshop in Bao'an.",
        "texts": {
            "de": ("Licht und Ordnung für jedes Zuhause", "Entworfen in Shenzhen"),
            "ar": ("الضوء والنظام لكل منزل", "صُمم في شنتشن"),
            "ja": ("すべての家に光と秩序を", "深圳でデザイン"),
        },
    },
    "ningbo-outdoor-gear": {
        "name": "TrailNest",
        "hero_title": "Gear for the long way out",
        "hero_subtitle": "Camping and hiking from Ningbo",
        "brand_story": "TrailNest makes light, tough outdoor gear.",
        "texts": {"de": ("Ausrüstung für lange Wege", "Camping und Wandern")},
    },
}


def seed_fx_rates() -> None:
    """The recorded ECB day, and an operator's EGP rate for the same day."""
    result = import_ecb_file(ECB_FILE)
    FxRate.objects.get_or_create(
        currency="EGP",
        rate_date=result.rate_date,
        source=FxRate.Source.OPERATOR,
        defaults={"base_currency": "USD", "rate": EGP_PER_USD},
    )


@transaction.atomic
def create_demo_pricing(*, seller: Seller) -> None:
    if seller.slug not in STORES:
        return
    seed_fx_rates()
    rules = PricingRule.objects.for_seller(seller)
    rules.get_or_create(
        seller=seller,
        marketplace=None,
        defaults={
            "method": PricingRule.Method.TARGET_MARGIN,
            "target_margin": Decimal("0.25"),
            "freight_per_kg": Decimal("28.00"),
            "duty_rate": Decimal("0.035"),
            "fulfilment_fee": Decimal("24.00"),
            "charm_pricing": True,
        },
    )
    japan = Marketplace.objects.get(code="JP")
    rules.get_or_create(
        seller=seller,
        marketplace=japan,
        defaults={
            "method": PricingRule.Method.TARGET_MARGIN,
            "target_margin": Decimal("0.30"),
            "freight_per_kg": Decimal("18.00"),
            "fulfilment_fee": Decimal("30.00"),
            "charm_pricing": True,
        },
    )
    for source, target, term, rendering in GLOSSARY.get(seller.slug, []):
        GlossaryTerm.objects.for_seller(seller).get_or_create(
            seller=seller,
            source_language=source,
            target_language=target,
            source_term=term,
            defaults={"target_term": rendering},
        )
    products = list(Product.objects.for_seller(seller).order_by("sku"))
    translations = Translation.objects.for_seller(seller)
    for index, product in enumerate(products):
        english = product.attributes.get("title_en")
        if english and not translations.filter(product=product, locale="en").exists():
            translations.create(
                seller=seller,
                product=product,
                locale="en",
                title=english,
                origin=Translation.Origin.HUMAN if index % 2 == 0 else Translation.Origin.MACHINE,
                provider="" if index % 2 == 0 else "builtin",
                approved=index % 2 == 0,
            )
    spec = STORES[seller.slug]
    store = BrandStore.objects.for_seller(seller).first()
    if store is None:
        store = save_brand_store(
            seller=seller,
            name=spec["name"],
            hero_title=spec["hero_title"],
            hero_subtitle=spec["hero_subtitle"],
            brand_story=spec["brand_story"],
            featured_product_ids=[p.pk for p in products[:4]],
        )
    for locale, (title, subtitle) in spec["texts"].items():
        BrandStoreText.objects.for_seller(seller).get_or_create(
            seller=seller,
            store=store,
            locale=locale,
            defaults={"hero_title": title, "hero_subtitle": subtitle},
        )
    if products:
        first = products[0]
        import_reviews(
            seller=seller,
            items=[
                {
                    "product": first.pk,
                    "marketplace": "US",
                    "external_id": f"DEMO-{seller.pk}-US-1",
                    "rating": 5,
                    "title": "Exactly what I needed",
                    "body": "Bright, quiet and the battery lasts all evening.",
                    "language": "en",
                    "is_vine": True,
                    "reviewer_name": "Vine Voice",
                    "reviewed_at": "2026-10-02T09:15:00Z",
                    "translations": {
                        "de": {"title": "Genau das Richtige", "body": "Hell, leise, langer Akku."}
                    },
                },
                {
                    "product": first.pk,
                    "marketplace": "DE",
                    "external_id": f"DEMO-{seller.pk}-DE-1",
                    "rating": 4,
                    "title": "Gute Qualität",
                    "body": "Solide verarbeitet, das Kabel könnte länger sein.",
                    "language": "de",
                    "verified_purchase": True,
                    "reviewed_at": "2026-10-20T18:40:00Z",
                    "translations": {
                        "en": {"title": "Good quality", "body": "Solid, the cable could be longer."}
                    },
                },
                {
                    "product": first.pk,
                    "marketplace": "JP",
                    "external_id": f"DEMO-{seller.pk}-JP-1",
                    "rating": 3,
                    "title": "普通",
                    "body": "明るさは十分ですが、少し重いです。",
                    "language": "ja",
                    "reviewed_at": date(2026, 11, 1).isoformat() + "T03:00:00Z",
                },
            ],
        )
