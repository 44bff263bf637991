"""Admin of the catalogue, listings and compliance: the operators' view of every seller."""

from django.contrib import admin

from listings.models import ComplianceDocument, ComplianceRule, Listing, Product, ProductImage


@admin.register(Product)
class ProductAdmin(admin.ModelAdmin):
    list_display = ["sku", "title", "brand", "category", "status", "seller", "updated_at"]
    list_filter = ["status", "source_language", "seller"]
    search_fields = ["sku", "title", "brand", "gtin"]
    list_select_related = ["seller"]


@admin.register(ProductImage)
class ProductImageAdmin(admin.ModelAdmin):
    list_display = ["product", "position", "content_type", "width", "height", "size_bytes", "seller"]
    list_filter = ["content_type"]
    search_fields = ["product__sku"]
    list_select_related = ["product", "seller"]


@admin.register(Listing)
class ListingAdmin(admin.ModelAdmin):
    list_display = [
        "marketplace_sku",
        "marketplace",
        "state",
        "price",
        "currency",
        "fulfilment_route",
        "seller",
    ]
    list_filter = ["state", "marketplace", "fulfilment_route", "price_stale"]
    search_fields = ["marketplace_sku", "title", "product__sku"]
    list_select_related = ["marketplace", "seller"]
    raw_id_fields = ["product"]


@admin.register(ComplianceRule)
class ComplianceRuleAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "document_type", "evidence", "is_active"]
    list_filter = ["document_type", "evidence", "is_active", "marketplaces"]
    search_fields = ["code", "name"]
    filter_horizontal = ["marketplaces"]


@admin.register(ComplianceDocument)
class ComplianceDocumentAdmin(admin.ModelAdmin):
    list_display = ["product", "document_type", "reference", "expires_on", "expiry_flagged_at", "seller"]
    list_filter = ["document_type", "expires_on"]
    search_fields = ["product__sku", "reference"]
    list_select_related = ["product", "seller"]
    raw_id_fields = ["product"]
