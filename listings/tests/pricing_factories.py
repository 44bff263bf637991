"""factory_boy factories of localisation, FX, pricing, storefront and reviews."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import factory

from listings.models import (
    FxRate,
    GlossaryTerm,
    PricingRule,
    Product,
    ProductBasePrice,
    Translation,
    TranslationMemoryEntry,
)
from portal.tests.factories import SellerFactory


class ProductFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Product

    seller = factory.SubFactory(SellerFactory)
    sku = factory.Sequence(lambda n: f"SKU-{n:05d}")
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


class ProductBasePriceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProductBasePrice

    product = factory.SubFactory(ProductFactory)
    seller = factory.SelfAttribute("product.seller")
    amount = Decimal("99.00")
    currency = "CNY"


class TranslationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Translation

    product = factory.SubFactory(ProductFactory)
    seller = factory.SelfAttribute("product.seller")
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
