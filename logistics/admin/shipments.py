"""Admin of shipments, their cartons, items and references."""

from django.contrib import admin

from logistics.models import (
    Shipment,
    ShipmentCarton,
    ShipmentItem,
    ShipmentReference,
)


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
