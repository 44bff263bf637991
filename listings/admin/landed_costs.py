"""Admin of the lanes' landed costs and the sellers' source-text approvals (read by operators)."""

from django.contrib import admin

from listings.models import LandedCost, SourceTextApproval


@admin.register(LandedCost)
class LandedCostAdmin(admin.ModelAdmin):
    list_display = [
        "product",
        "marketplace",
        "route",
        "lane_code",
        "freight",
        "duty",
        "currency",
        "computed_at",
    ]
    list_filter = ["route", "marketplace"]
    search_fields = ["product__sku", "lane_code"]
    list_select_related = ["product", "marketplace"]


@admin.register(SourceTextApproval)
class SourceTextApprovalAdmin(admin.ModelAdmin):
    list_display = ["product", "marketplace", "approved_by", "approved_at"]
    list_filter = ["marketplace"]
    search_fields = ["product__sku"]
    list_select_related = ["product", "marketplace", "approved_by"]
