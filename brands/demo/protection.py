"""Brand protection's demo: Bright Home owns the verified brand Brightora (with its GS1
prefix), Ningbo Outdoor Gear has a pending application for TrailNest and offers one product
under a look-alike title ("Brightorа" with a Cyrillic а), which monitoring turns into a case of Bright Home;
one Brightora product is enrolled in Transparency with a small batch of codes.

Idempotent: rows are matched by natural keys and left as they are when they exist.
"""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.utils import timezone

from brands.engine import normalise
from brands.models import Brand, BrandEvidence, TransparencyBatch, TransparencyEnrolment
from brands.services.monitoring import run_monitoring
from brands.services.transparency import generate_codes
from listings.models import Listing, Product
from portal.models import Seller
from portal.services.platform_scope import platform_scope

BRIGHT_HOME = "shenzhen-bright-home"
NINGBO = "ningbo-outdoor-gear"
DEMO_BRANDS = {
    BRIGHT_HOME: {
        "name": "Brightora",
        "trademark_number": "018765432",
        "office": "EUIPO",
        "classes": [20, 21],
        "gs1_prefixes": ["6948123"],
        "status": Brand.Status.VERIFIED,
    },
    NINGBO: {
        "name": "TrailNest",
        "trademark_number": "97/123456",
        "office": "USPTO",
        "classes": [22],
        "gs1_prefixes": ["6935741"],
        "status": Brand.Status.PENDING,
    },
}
# A copycat's title: the brand with a Cyrillic "а", which a shopper reads as Brightora.
LOOKALIKE_PREFIX = "Brightorа Style"
TRANSPARENCY_SKU = "BH-ORGANIZER-4"
DEMO_CODES = 50
# A one-page PDF standing in for a registration certificate.
CERTIFICATE = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def create_demo_brand_protection(*, seller: Seller) -> None:
    spec = DEMO_BRANDS.get(seller.slug)
    if spec is None:
        return
    brand = _brand(seller, spec)
    if seller.slug == NINGBO:
        _lookalike(seller)
    if seller.slug == BRIGHT_HOME:
        _transparency(seller, brand)
    # Either seller may be seeded first: monitor the demo products after each.
    ids = _demo_product_ids()
    if ids:
        run_monitoring(product_ids=ids, reason="demo data: monitor the demo products")


def _brand(seller: Seller, spec: dict) -> Brand:
    values = dict(spec)
    brand = Brand.objects.for_seller(seller).filter(name=values["name"]).first()
    if brand is not None:
        return brand
    status = values.pop("status")
    brand = Brand.objects.for_seller(seller).create(
        seller=seller,
        match_key=normalise.key(values["name"]),
        status=status,
        decided_at=timezone.now() if status == Brand.Status.VERIFIED else None,
        **values,
    )
    BrandEvidence.objects.for_seller(seller).create(
        seller=seller,
        brand=brand,
        file=ContentFile(CERTIFICATE, name="registration-certificate.pdf"),
        description="registration-certificate.pdf",
        content_type="application/pdf",
        size_bytes=len(CERTIFICATE),
    )
    return brand


def _lookalike(seller: Seller) -> None:
    """Ningbo's US offer of its first product gets a look-alike title of its own."""
    from listings.services.publishing import set_override

    listing = (
        Listing.objects.for_seller(seller)
        .filter(state=Listing.State.LIVE, marketplace__code="US")
        .order_by("product__sku")
        .first()
    )
    if listing is not None and not listing.title.startswith(LOOKALIKE_PREFIX):
        set_override(
            seller=seller,
            listing=listing,
            field_name="title",
            value=f"{LOOKALIKE_PREFIX} {listing.title}"[:500],
        )


def _transparency(seller: Seller, brand: Brand) -> None:
    product = Product.objects.for_seller(seller).filter(sku=TRANSPARENCY_SKU).first()
    if product is None or not product.gtin:
        return
    enrolment, _created = TransparencyEnrolment.objects.for_seller(seller).get_or_create(
        seller=seller, product=product, defaults={"brand": brand, "gtin": product.gtin.zfill(14)}
    )
    batch = TransparencyBatch.objects.for_seller(seller).filter(enrolment=enrolment).first()
    if batch is None:
        batch = TransparencyBatch.objects.for_seller(seller).create(
            seller=seller, enrolment=enrolment, quantity=DEMO_CODES
        )
        generate_codes(seller=seller, batch=batch)


def _demo_product_ids() -> list[int]:
    with platform_scope(reason="demo data: find the demo products to monitor"):
        return list(Product.objects.filter(seller__slug=NINGBO).values_list("pk", flat=True))
