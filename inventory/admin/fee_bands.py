"""Admin of the fee bands behind the pool's flags: reference data operators keep current."""

from django.contrib import admin

from inventory.models import FeeBand


@admin.register(FeeBand)
class FeeBandAdmin(admin.ModelAdmin):
    list_display = [
        "band",
        "node_kind",
        "region",
        "rate",
        "currency",
        "basis",
        "valid_from",
        "valid_to",
        "estimate",
    ]
    list_filter = ["band", "estimate", "currency"]
    search_fields = ["source"]
