"""Admin registrations of the listings app, one module per concern."""

from listings import admin_catalogue  # noqa: F401 - registers catalogue, listings, compliance
