"""Admin registrations of the listings app, one module per concern."""

# Catalogue, listings, compliance; FX, pricing, localisation, storefront, reviews.
from listings import admin_catalogue, admin_pricing  # noqa: F401 - they register on import
