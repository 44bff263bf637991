"""The operators' side of logistics: programs, lanes and rate cards, duty rates, shipments."""

from django.contrib import admin

from logistics.models import (
    CarrierConnection,
    CarrierProgram,
    CarrierWebhook,
    DutyRate,
    Lane,
    RateCard,
    Shipment,
    ShipmentCarton,
    ShipmentItem,
    ShipmentNotice,
    ShipmentReference,
    StatusMapping,
    TrackingEvent,
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


@admin.register(ShipmentCarton)
class ShipmentCartonAdmin(admin.ModelAdmin):
    list_display = ["shipment", "seller", "number", "weight_g", "length_mm", "width_mm", "height_mm", "marks"]
    list_filter = ["shipment__status", "shipment__lane__program", "shipment__destination_country"]
    search_fields = ["shipment__reference", "marks", "seller__name"]
    list_select_related = ["shipment", "seller"]
    raw_id_fields = ["shipment"]


@admin.register(ShipmentItem)
class ShipmentItemAdmin(admin.ModelAdmin):
    list_display = [
        "shipment",
        "seller",
        "product",
        "quantity",
        "hs_code",
        "country_of_origin",
        "unit_value",
        "carton",
    ]
    list_filter = ["country_of_origin", "shipment__status", "shipment__destination_country"]
    search_fields = ["shipment__reference", "product__sku", "description", "hs_code", "seller__name"]
    list_select_related = ["shipment", "seller", "product", "carton"]
    raw_id_fields = ["shipment", "product", "carton"]


@admin.register(ShipmentReference)
class ShipmentReferenceAdmin(admin.ModelAdmin):
    list_display = ["value", "kind", "shipment", "seller"]
    list_filter = ["kind"]
    search_fields = ["value", "shipment__reference"]
    list_select_related = ["shipment", "seller"]


# Tracking: events, the code mapping operators maintain, webhooks, carrier connections, notices.
@admin.register(TrackingEvent)
class TrackingEventAdmin(admin.ModelAdmin):
    list_display = [
        "event_time",
        "seller",
        "shipment",
        "reference",
        "carrier_code",
        "raw_code",
        "status",
        "source",
    ]
    list_filter = ["source", "status", "carrier_code"]
    search_fields = ["reference", "external_id", "raw_code", "shipment__reference"]
    raw_id_fields = ["shipment"]
    date_hierarchy = "event_time"
    list_select_related = ["seller", "shipment"]


@admin.register(StatusMapping)
class StatusMappingAdmin(admin.ModelAdmin):
    list_display = ["carrier_code", "raw_code", "status", "description"]
    list_filter = ["carrier_code", "status"]
    search_fields = ["carrier_code", "raw_code", "description"]


@admin.register(CarrierWebhook)
class CarrierWebhookAdmin(admin.ModelAdmin):
    list_display = ["carrier_code", "seller", "public_id", "is_active", "created_at", "last_used_at"]
    list_filter = ["is_active", "carrier_code"]
    search_fields = ["carrier_code", "public_id", "seller__name"]
    readonly_fields = ["public_id", "created_at", "last_used_at"]


@admin.register(CarrierConnection)
class CarrierConnectionAdmin(admin.ModelAdmin):
    list_display = ["carrier_code", "program", "adapter", "base_url", "is_active"]
    list_filter = ["adapter", "is_active"]
    search_fields = ["carrier_code", "base_url"]


@admin.register(ShipmentNotice)
class ShipmentNoticeAdmin(admin.ModelAdmin):
    list_display = ["created_at", "seller", "shipment", "kind", "message", "resolved_at"]
    list_filter = ["kind", ("resolved_at", admin.EmptyFieldListFilter)]
    search_fields = ["message", "shipment__reference"]
    raw_id_fields = ["shipment", "event"]
    list_select_related = ["seller", "shipment"]
