"""Admin of forecasts and market stages: written by forecast runs, read by operators."""

from django.contrib import admin

from inventory.admin.read_only import ReadOnlyAdmin
from inventory.models import Forecast, MarketStage


@admin.register(Forecast)
class ForecastAdmin(ReadOnlyAdmin):
    list_display = (
        "product",
        "marketplace",
        "seller",
        "first_week",
        "method",
        "cold_start",
        "backtest_wape",
        "made_at",
    )
    list_filter = ("method", "cold_start", "marketplace")
    search_fields = ("product__sku", "seller__slug")
    list_select_related = ("product", "marketplace", "seller")
    date_hierarchy = "made_at"


@admin.register(MarketStage)
class MarketStageAdmin(ReadOnlyAdmin):
    list_display = ("product", "marketplace", "seller", "stage", "reason", "decided_at")
    list_filter = ("stage", "marketplace")
    search_fields = ("product__sku", "seller__slug", "reason")
    list_select_related = ("product", "marketplace", "seller")
    date_hierarchy = "decided_at"
