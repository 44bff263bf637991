"""factory_boy factories of the catalogue, listings and compliance."""

from __future__ import annotations

from decimal import Decimal

import factory

from listings.models import ComplianceDocument, DocumentType, Listing, Product, ProductImage

# Localisation, FX, pricing, storefront and reviews.
from listings.tests.pricing_factories import (  # noqa: F401 - re-exported for the cross-tenant test
    BrandStoreFactory,
    BrandStoreTextFactory,
    FxRateFactory,
    GlossaryTermFactory,
    PricingRuleFactory,
    ProductBasePriceFactory,
    ReviewFactory,
    TranslationFactory,
    TranslationMemoryEntryFactory,
    TranslationSettingsFactory,
)
from portal.models import Marketplace
from portal.tests.factories import SellerFactory


class ProductFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Product

    seller = factory.SubFactory(SellerFactory)
    sku = factory.Sequence(lambda n: f"CAT-{n:05d}")
    brand = "Brightora"
    title = factory.Sequence(lambda n: f"Stackable Drawer Organizer, 4 Pack, Model {n}")
    bullet_points = factory.LazyFunction(lambda: ["BPA-free PET", "Stacks securely"])
    description = "Clear organisers for kitchen drawers."
    category = "Home & Kitchen > Storage & Organisation"
    gtin = "6948123001327"
    hs_code = "392490"
    unit_cost = Decimal("21.40")
    unit_cost_currency = "CNY"
    weight_g = 640
    status = Product.Status.ACTIVE


class ListingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Listing

    seller = factory.SubFactory(SellerFactory)
    product = factory.SubFactory(ProductFactory, seller=factory.SelfAttribute("..seller"))
    marketplace = factory.LazyFunction(lambda: Marketplace.objects.get(code="US"))
    marketplace_sku = factory.LazyAttribute(lambda o: f"{o.product.sku}-US")
    locale = "en_US"
    title = factory.SelfAttribute("product.title")
    price = Decimal("19.99")
    currency = "USD"
    fulfilment_route = Listing.Route.LOCAL_FC
    fulfilment_from = "US"
    delivery_days_min = 1
    delivery_days_max = 3
    state = Listing.State.LIVE
    inherited = factory.LazyAttribute(
        lambda o: {"title": o.title, "bullet_points": [], "description": "", "price": str(o.price)}
    )


class ComplianceDocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ComplianceDocument

    seller = factory.SubFactory(SellerFactory)
    product = factory.SubFactory(ProductFactory, seller=factory.SelfAttribute("..seller"))
    document_type = DocumentType.GPSR_RESPONSIBLE_PERSON
    reference = "Brightora EU GmbH, Hauptstraße 1, 10115 Berlin"


class ProductImageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProductImage

    seller = factory.SubFactory(SellerFactory)
    product = factory.SubFactory(ProductFactory, seller=factory.SelfAttribute("..seller"))
    image = factory.django.ImageField(width=64, height=48, format="PNG")
    content_type = "image/png"
    size_bytes = 100


def sell_source_text_in(product, *codes):
    """The seller's explicit choice to sell the product's own text in these marketplaces
    (no translation needed there): what tests of other rules use to publish English text in JP."""
    from listings.models import SourceTextApproval
    from portal.models import Marketplace

    for marketplace in Marketplace.objects.filter(code__in=codes):
        SourceTextApproval.objects.for_seller(product.seller).get_or_create(
            seller=product.seller, product=product, marketplace=marketplace
        )
