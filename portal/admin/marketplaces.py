"""Admin of the marketplaces' reference data."""

from django.contrib import admin

from portal.models import (
    Marketplace,
)


@admin.register(Marketplace)
class MarketplaceAdmin(admin.ModelAdmin):
    list_display = [
        "code",
        "name",
        "currency",
        "default_locale",
        "region",
        "vat_rate",
        "prices_include_vat",
        "fc_region",
        "remote_fulfilment",
        "is_active",
    ]
    list_editable = ["vat_rate", "is_active"]
    list_filter = ["region", "remote_fulfilment", "is_active", "currency"]
    search_fields = ["code", "name", "domain", "currency"]
