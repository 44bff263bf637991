"""Tables of the listings app, one module per concern."""

from listings.models.catalogue import Product

# Localisation, FX, pricing, storefront and reviews.
from listings.models.fx import FxRate
from listings.models.localisation import (
    GlossaryTerm,
    Translation,
    TranslationMemoryEntry,
    TranslationSettings,
)
from listings.models.pricing import PricingRule, ProductBasePrice
from listings.models.reviews import Review
from listings.models.storefront import BrandStore, BrandStoreText

__all__ = [
    "BrandStore",
    "BrandStoreText",
    "Review",
    "FxRate",
    "GlossaryTerm",
    "PricingRule",
    "Product",
    "ProductBasePrice",
    "Translation",
    "TranslationMemoryEntry",
    "TranslationSettings",
]
