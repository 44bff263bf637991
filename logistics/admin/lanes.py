"""Admin of carrier programs, lanes, rate cards and duty rates.

Saving a lane, a rate card or a duty rate changes landed costs: every seller's are
refreshed and their target-margin prices repriced through the threshold (a job each).
"""

from django.contrib import admin

from logistics.models import (
    CarrierProgram,
    DutyRate,
    Lane,
    RateCard,
)
from logistics.services.landed_costs import rate_cards_changed


class RepricesOnChange:
    """A change an operator saves or deletes here moves landed costs: refresh them, then reprice."""

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        rate_cards_changed()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        rate_cards_changed()

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        rate_cards_changed()


@admin.register(CarrierProgram)
class CarrierProgramAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["code", "name"]


class RateCardInline(admin.TabularInline):
    model = RateCard
    extra = 0
    fields = [
        "basis",
        "per_kg",
        "per_cbm",
        "volumetric_divisor",
        "min_charge",
        "fuel_surcharge_pct",
        "currency",
        "valid_from",
        "valid_to",
        "source",
    ]


@admin.register(Lane)
class LaneAdmin(RepricesOnChange, admin.ModelAdmin):
    list_display = [
        "code",
        "program",
        "origin_country",
        "destination_country",
        "mode",
        "service_level",
        "transit_days_min",
        "transit_days_max",
        "cutoff_weekday",
        "valid_from",
        "valid_to",
        "active",
    ]
    list_filter = ["program", "mode", "active", "origin_country", "destination_country"]
    search_fields = ["code", "service_level", "origin_port", "destination_port", "destination_code"]
    list_select_related = ["program"]
    inlines = [RateCardInline]


@admin.register(RateCard)
class RateCardAdmin(RepricesOnChange, admin.ModelAdmin):
    list_display = [
        "lane",
        "basis",
        "per_kg",
        "per_cbm",
        "min_charge",
        "fuel_surcharge_pct",
        "currency",
        "valid_from",
        "valid_to",
    ]
    list_filter = ["basis", "currency", "lane__program", "lane__mode"]
    search_fields = ["lane__code", "source"]
    list_select_related = ["lane__program"]


@admin.register(DutyRate)
class DutyRateAdmin(RepricesOnChange, admin.ModelAdmin):
    list_display = [
        "hs_prefix",
        "destination",
        "origin_country",
        "rate",
        "additional_rate",
        "valid_from",
        "valid_to",
        "source",
    ]
    list_filter = ["destination", "origin_country"]
    search_fields = ["hs_prefix", "description", "source"]
