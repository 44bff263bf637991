"""factory_boy factories of localisation, FX, pricing, storefront and reviews."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import factory
from django.utils import timezone

from listings.models import (
    BrandStore,
    BrandStoreText,
    FxRate,
    GlossaryTerm,
    PricingRule,
    Product,
    ProductBasePrice,
    Review,
    Translation,
    TranslationMemoryEntry,
    TranslationSettings,
)
from portal.models import Marketplace
from portal.tests.factories import SellerFactory


class ProductOwnedFactory(factory.django.DjangoModelFactory):
    """A row of a seller's product: given a product, the seller is the product's."""

    class Meta:
        abstract = True

    seller = factory.SubFactory(SellerFactory)

    @classmethod
    def _adjust_kwargs(cls, **kwargs):
        if kwargs.get("product") is not None:
            kwargs["seller"] = kwargs["product"].seller
        return kwargs


class ProductFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Product

    seller = factory.SubFactory(SellerFactory)
    sku = factory.Sequence(lambda n: f"PRC-{n:05d}")
    brand = "Brightora"
    title = factory.Sequence(lambda n: f"LED Desk Lamp, Dimmable, Model {n}")
    bullet_points = factory.LazyFunction(lambda: ["5 brightness levels", "USB-C charging"])
    description = "A dimmable desk lamp for reading and work."
    unit_cost = Decimal("48.50")
    unit_cost_currency = "CNY"
    weight_g = 800
    status = Product.Status.ACTIVE


class FxRateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FxRate
        django_get_or_create = ("currency", "rate_date", "source")

    currency = "USD"
    base_currency = "EUR"
    rate = Decimal("1.0815")
    rate_date = date(2026, 11, 20)
    source = FxRate.Source.ECB


class PricingRuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PricingRule

    seller = factory.SubFactory(SellerFactory)
    marketplace = None


class ProductBasePriceFactory(ProductOwnedFactory):
    class Meta:
        model = ProductBasePrice

    product = factory.SubFactory(ProductFactory, seller=factory.SelfAttribute("..seller"))
    amount = Decimal("99.00")
    currency = "CNY"


class TranslationFactory(ProductOwnedFactory):
    class Meta:
        model = Translation

    product = factory.SubFactory(ProductFactory, seller=factory.SelfAttribute("..seller"))
    locale = "de"
    title = "LED-Schreibtischlampe, dimmbar"
    bullet_points = factory.LazyFunction(lambda: ["5 Helligkeitsstufen", "Laden über USB-C"])
    description = "Eine dimmbare Schreibtischlampe."
    origin = Translation.Origin.MACHINE


class GlossaryTermFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GlossaryTerm

    seller = factory.SubFactory(SellerFactory)
    source_language = "en"
    target_language = "de"
    source_term = "desk lamp"
    target_term = "Schreibtischlampe"


class TranslationMemoryEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TranslationMemoryEntry

    seller = factory.SubFactory(SellerFactory)
    source_language = "en"
    target_language = "de"
    source_text = "USB-C charging"
    target_text = "Laden über USB-C"


class TranslationSettingsFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TranslationSettings
        django_get_or_create = ("seller",)

    seller = factory.SubFactory(SellerFactory)
    provider = TranslationSettings.Provider.BUILTIN


class BrandStoreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BrandStore
        django_get_or_create = ("seller",)

    seller = factory.SubFactory(SellerFactory)
    name = "Brightora"
    hero_title = "Light for every desk"
    brand_story = "Since 2009 we make lamps in Shenzhen."


class BrandStoreTextFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BrandStoreText

    seller = factory.SubFactory(SellerFactory)
    store = factory.SubFactory(BrandStoreFactory, seller=factory.SelfAttribute("..seller"))
    locale = "de"
    hero_title = "Licht für jeden Schreibtisch"


class ReviewFactory(ProductOwnedFactory):
    class Meta:
        model = Review

    product = factory.SubFactory(ProductFactory, seller=factory.SelfAttribute("..seller"))
    marketplace = factory.LazyFunction(lambda: Marketplace.objects.get(code="US"))
    external_id = factory.Sequence(lambda n: f"R{n:06d}")
    rating = 5
    title = "Bright and quiet"
    body = "Works well on my desk."
    language = "en"
    reviewed_at = factory.LazyFunction(timezone.now)
