"""Admin of journeys and of the sellers' factory terms (suppliers, product supply)."""

from django.contrib import admin

from inventory.models import Journey, ProductSupply, Supplier


@admin.register(Journey)
class JourneyAdmin(admin.ModelAdmin):
    list_display = ["reference", "seller", "inbound", "transfer", "delivery", "created_at"]
    list_filter = ["seller"]
    search_fields = ["reference"]
    list_select_related = ["seller", "inbound", "transfer", "delivery"]


@admin.register(Supplier)
class SupplierAdmin(admin.ModelAdmin):
    list_display = ["name", "seller", "lead_time_days", "minimum_order_units"]
    list_filter = ["seller"]
    search_fields = ["name"]


@admin.register(ProductSupply)
class ProductSupplyAdmin(admin.ModelAdmin):
    list_display = ["product", "supplier", "lead_time_days", "minimum_order_units"]
    list_filter = ["supplier"]
    search_fields = ["product__sku", "supplier__name"]
    list_select_related = ["product", "supplier"]
