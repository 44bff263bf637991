"""Tables of the listings app, one module per concern."""

from listings.models.catalogue import Product

# Catalogue, listings, compliance (catalogue branch).
from listings.models.compliance import ComplianceDocument, ComplianceRule, DocumentType
from listings.models.content_language import SourceTextApproval
from listings.models.content_rules import ForbiddenTerm, MarketplaceContentRule

# Localisation, FX, pricing, storefront and reviews.
from listings.models.fx import FxRate
from listings.models.images import ProductImage
from listings.models.landed_costs import LandedCost
from listings.models.listing import Listing
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
    "ComplianceDocument",
    "ComplianceRule",
    "DocumentType",
    "ForbiddenTerm",
    "FxRate",
    "GlossaryTerm",
    "LandedCost",
    "Listing",
    "MarketplaceContentRule",
    "PricingRule",
    "Product",
    "ProductBasePrice",
    "ProductImage",
    "Review",
    "SourceTextApproval",
    "Translation",
    "TranslationMemoryEntry",
    "TranslationSettings",
]
