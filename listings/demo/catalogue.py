"""Demo products of the two demo sellers of `manage.py seed_demo`.

Realistic on purpose: titles in the seller's source language with an English (or
Chinese) counterpart in the attributes, EAN-13 codes from the GS1 China prefix range with
valid check digits, six-digit HS codes of the goods, weights in grams and carton-ready
dimensions in millimetres, unit costs in CNY.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction

from listings.models import Product
from portal.models import Seller

DEMO_PRODUCTS: dict[str, list[dict]] = {
    "shenzhen-bright-home": [
        {
            "sku": "BH-LAMP-01",
            "brand": "Brightora",
            "title": "LED护眼台灯 可调光 USB充电",
            "attributes": {
                "title_en": "LED Eye-Care Desk Lamp, Dimmable, USB Rechargeable",
                "colour": "white",
            },
            "bullet_points": ["5档调光，3种色温", "2000mAh锂电池，续航8小时", "可折叠灯臂"],
            "source_language": Product.SourceLanguage.CHINESE,
            "category": "Home & Kitchen > Lighting",
            "gtin": "6948123001013",
            "hs_code": "940520",
            "unit_cost": Decimal("48.50"),
            "weight_g": 820,
            "dims": (420, 160, 90),
        },
        {
            "sku": "BH-UTENSIL-12",
            "brand": "Brightora",
            "title": "硅胶厨具12件套 耐高温 不粘锅专用",
            "attributes": {
                "title_en": "Silicone Kitchen Utensil Set, 12 Pieces, Heat Resistant",
                "colour": "grey",
            },
            "bullet_points": ["食品级硅胶，耐温230°C", "不伤不粘锅涂层", "附带收纳桶"],
            "source_language": Product.SourceLanguage.CHINESE,
            "category": "Home & Kitchen > Kitchen Utensils",
            "gtin": "6948123001181",
            "hs_code": "392410",
            "unit_cost": Decimal("36.00"),
            "weight_g": 1150,
            "dims": (360, 150, 150),
        },
        {
            "sku": "BH-HUMID-3L",
            "brand": "Brightora",
            "title": "超声波加湿器 3升 静音 卧室用",
            "attributes": {
                "title_en": "Ultrasonic Humidifier 3 L, Quiet, for Bedrooms",
                "voltage": "100-240V",
            },
            "bullet_points": ["3升大容量，持续工作24小时", "噪音低于30分贝", "缺水自动断电"],
            "source_language": Product.SourceLanguage.CHINESE,
            "category": "Home & Kitchen > Heating, Cooling & Air Quality",
            "gtin": "6948123001259",
            "hs_code": "850979",
            "unit_cost": Decimal("62.80"),
            "weight_g": 1240,
            "dims": (230, 230, 310),
        },
        {
            "sku": "BH-ORGANIZER-4",
            "brand": "Brightora",
            "title": "Stackable Drawer Organizer, 4 Pack, Clear",
            "attributes": {"title_zh": "可叠加抽屉收纳盒 4个装 透明", "material": "PET"},
            "bullet_points": ["BPA-free PET", "Stacks securely", "Fits standard kitchen drawers"],
            "source_language": Product.SourceLanguage.ENGLISH,
            "category": "Home & Kitchen > Storage & Organisation",
            "gtin": "6948123001327",
            "hs_code": "392490",
            "unit_cost": Decimal("21.40"),
            "weight_g": 640,
            "dims": (320, 230, 120),
        },
    ],
    "ningbo-outdoor-gear": [
        {
            "sku": "NOG-LANTERN-R",
            "brand": "TrailNest",
            "title": "Rechargeable Camping Lantern, 1000 Lumens, IPX4",
            "attributes": {"title_zh": "充电露营灯 1000流明 IPX4防水", "battery_mah": 5200},
            "bullet_points": [
                "1000 lumens, 4 light modes",
                "5200 mAh battery doubles as a power bank",
                "IPX4 splash-proof",
            ],
            "source_language": Product.SourceLanguage.ENGLISH,
            "category": "Sports & Outdoors > Camping Lighting",
            "gtin": "6935741002072",
            "hs_code": "851340",
            "unit_cost": Decimal("55.00"),
            "weight_g": 460,
            "dims": (200, 110, 110),
        },
        {
            "sku": "NOG-POLES-CF",
            "brand": "TrailNest",
            "title": "碳纤维登山杖 2支装 快锁伸缩",
            "attributes": {
                "title_en": "Carbon Fibre Trekking Poles, Pair, Quick Lock",
                "length_cm": "62-135",
            },
            "bullet_points": ["碳纤维杖身，单支仅190克", "快锁设计，62-135厘米可调", "软木手柄"],
            "source_language": Product.SourceLanguage.CHINESE,
            "category": "Sports & Outdoors > Hiking",
            "gtin": "6935741002140",
            "hs_code": "660200",
            "unit_cost": Decimal("88.00"),
            "weight_g": 520,
            "dims": (660, 110, 70),
        },
        {
            "sku": "NOG-HAMMOCK-2P",
            "brand": "TrailNest",
            "title": "Double Camping Hammock with Tree Straps, Nylon",
            "attributes": {"title_zh": "双人露营吊床 含树带 尼龙", "max_load_kg": 300},
            "bullet_points": ["210T parachute nylon", "Holds 300 kg", "Packs into its own pouch"],
            "source_language": Product.SourceLanguage.ENGLISH,
            "category": "Sports & Outdoors > Camping Furniture",
            "gtin": "6935741002218",
            "hs_code": "630690",
            "unit_cost": Decimal("39.50"),
            "weight_g": 780,
            "dims": (220, 160, 100),
        },
    ],
}


@transaction.atomic
def create_demo_products(*, seller: Seller) -> list[Product]:
    """Add the seller's demo products that are missing; returns the ones created.

    Idempotent: products are matched by SKU and existing ones are left as they are, so a
    seller's edits survive another `seed_demo`. A seller without demo products gets none.
    """
    specs = DEMO_PRODUCTS.get(seller.slug, [])
    existing = set(
        Product.objects.for_seller(seller)
        .filter(sku__in=[s["sku"] for s in specs])
        .values_list("sku", flat=True)
    )
    missing = []
    for spec in specs:
        if spec["sku"] in existing:
            continue
        fields = dict(spec)
        length, width, height = fields.pop("dims")
        product = Product(
            seller=seller,
            status=Product.Status.ACTIVE,
            country_of_origin="CN",
            unit_cost_currency="CNY",
            length_mm=length,
            width_mm=width,
            height_mm=height,
            **fields,
        )
        # Uniqueness is settled above (missing SKUs only); the field validators still run.
        product.full_clean(validate_unique=False, validate_constraints=False)
        missing.append(product)
    return Product.objects.for_seller(seller).bulk_create(missing)


# Where the demo sellers sell: a trial set across every region, with Australia served
# directly from the GWD (a test market with no local stock yet).
DEMO_MARKETPLACES = ("US", "CA", "UK", "DE", "FR", "JP", "AE", "AU")
DEMO_GWD_DIRECT = frozenset({"AU"})
# One piece of evidence per demo seller, so the compliance page shows both states.
DEMO_DOCUMENTS = {
    "shenzhen-bright-home": (
        "BH-ORGANIZER-4",
        "gpsr_rp",
        "Brightora Europe GmbH, Friedrichstraße 68, 10117 Berlin",
    ),
    "ningbo-outdoor-gear": (
        "NOG-HAMMOCK-2P",
        "gpsr_rp",
        "TrailNest EU B.V., Keizersgracht 62, 1015 CS Amsterdam",
    ),
}


def publish_demo_listings(*, seller: Seller) -> None:
    """Publish the seller's demo products to the demo marketplaces (idempotent: a resync)."""
    from listings.models import ComplianceDocument
    from listings.services.publishing import publish_products, select_marketplaces
    from portal.tenancy import seller_scope

    specs = DEMO_PRODUCTS.get(seller.slug, [])
    if not specs:
        return
    with seller_scope(seller):
        products = list(Product.objects.for_seller(seller).filter(sku__in=[s["sku"] for s in specs]))
        document = DEMO_DOCUMENTS.get(seller.slug)
        if document is not None:
            sku, document_type, reference = document
            product = next((p for p in products if p.sku == sku), None)
            if product is not None:
                ComplianceDocument.objects.for_seller(seller).get_or_create(
                    seller=seller,
                    product=product,
                    document_type=document_type,
                    defaults={"reference": reference},
                )
        publish_products(
            seller=seller,
            products=products,
            marketplaces=select_marketplaces(codes=list(DEMO_MARKETPLACES)),
            gwd_direct=DEMO_GWD_DIRECT,
            relist=False,
        )
