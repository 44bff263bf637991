"""factory_boy factories of the listings app (found by the cross-tenant test by model)."""

# Localisation, FX, pricing, storefront and reviews.
from listings.tests.pricing_factories import (  # noqa: F401 - re-exported for the cross-tenant test
    BrandStoreFactory,
    BrandStoreTextFactory,
    GlossaryTermFactory,
    PricingRuleFactory,
    ProductBasePriceFactory,
    ReviewFactory,
    TranslationFactory,
    TranslationMemoryEntryFactory,
    TranslationSettingsFactory,
)
