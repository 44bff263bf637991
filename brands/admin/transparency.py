"""Transparency in the admin: enrolments, batches and (read-only) codes."""

from __future__ import annotations

from django.contrib import admin

from brands.models import TransparencyBatch, TransparencyCode, TransparencyEnrolment


@admin.register(TransparencyEnrolment)
class TransparencyEnrolmentAdmin(admin.ModelAdmin):
    list_display = ["gtin", "seller", "product", "brand", "require_codes_at_inbound", "enrolled_at"]
    list_filter = ["require_codes_at_inbound"]
    search_fields = ["gtin", "product__sku", "seller__name"]
    list_select_related = ["seller", "product", "brand"]


@admin.register(TransparencyBatch)
class TransparencyBatchAdmin(admin.ModelAdmin):
    list_display = ["id", "seller", "enrolment", "quantity", "status", "created_at", "generated_at"]
    list_filter = ["status"]
    search_fields = ["enrolment__gtin", "seller__name"]
    list_select_related = ["seller", "enrolment"]


@admin.register(TransparencyCode)
class TransparencyCodeAdmin(admin.ModelAdmin):
    list_display = ["serial", "batch", "seller", "scan_count", "first_scan_country", "first_scan_month"]
    list_filter = ["first_scan_country"]
    search_fields = ["=serial"]
    list_select_related = ["seller", "batch"]
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
