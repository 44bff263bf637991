"""Admin of stored Idempotency-Key records."""

from django.contrib import admin

from portal.models import (
    IdempotencyRecord,
)


@admin.register(IdempotencyRecord)
class IdempotencyRecordAdmin(admin.ModelAdmin):
    list_display = ["key", "seller", "method", "path", "status_code", "created_at"]
    list_filter = ["method", "status_code", "seller"]
    search_fields = ["key", "path"]
    list_select_related = ["seller"]
    readonly_fields = [
        "seller",
        "key",
        "method",
        "path",
        "body_hash",
        "status_code",
        "response_body",
        "created_at",
    ]

    def has_add_permission(self, request):
        return False
