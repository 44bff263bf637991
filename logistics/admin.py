"""The operators' side of logistics: programs, lanes and rate cards, duty rates, shipments."""

from django.contrib import admin

from logistics.models import (
    CarrierProgram,
    DutyRate,
    Lane,
    RateCard,
    Shipment,
    ShipmentCarton,
    ShipmentItem,
    ShipmentReference,
)


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
class LaneAdmin(admin.ModelAdmin):
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
class RateCardAdmin(admin.ModelAdmin):
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
class DutyRateAdmin(admin.ModelAdmin):
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


class ShipmentCartonInline(admin.TabularInline):
    model = ShipmentCarton
    extra = 0
    exclude = ["seller"]


class ShipmentItemInline(admin.TabularInline):
    model = ShipmentItem
    extra = 0
    exclude = ["seller"]
    raw_id_fields = ["product", "carton"]


@admin.register(Shipment)
class ShipmentAdmin(admin.ModelAdmin):
    list_display = [
        "reference",
        "seller",
        "purpose",
        "lane",
        "destination_country",
        "destination_code",
        "booking_status",
        "status",
        "eta",
        "created_at",
    ]
    list_filter = ["booking_status", "status", "purpose", "lane__program", "destination_country"]
    search_fields = [
        "reference",
        "source_reference",
        "booking_number",
        "transport_document_number",
        "tracking_number",
        "seller__name",
    ]
    list_select_related = ["seller", "lane__program"]
    raw_id_fields = ["lane"]
    inlines = [ShipmentCartonInline, ShipmentItemInline]
    date_hierarchy = "created_at"


@admin.register(ShipmentReference)
class ShipmentReferenceAdmin(admin.ModelAdmin):
    list_display = ["value", "kind", "shipment", "seller"]
    list_filter = ["kind"]
    search_fields = ["value", "shipment__reference"]
    list_select_related = ["shipment", "seller"]
