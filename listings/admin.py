"""Admin registrations of the listings app, one module per concern."""

# Catalogue, listings, compliance; content rules; FX, pricing, localisation, storefront, reviews.
from listings import admin_catalogue, admin_content_rules, admin_pricing  # noqa: F401 - they register on import
