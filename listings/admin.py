"""Admin registrations of the listings app, one module per concern."""

from listings import (
    admin_catalogue,  # noqa: F401 - registers catalogue, listings, compliance
    admin_pricing,  # noqa: F401 - registers FX, pricing, localisation, storefront, reviews
)
