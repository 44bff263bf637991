"""Admin of the audit log (read only)."""

from django.contrib import admin

from portal.models import (
    AuditEvent,
)


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ["created_at", "action", "seller", "actor", "summary", "ip_address"]
    list_filter = ["action", "seller"]
    search_fields = ["action", "summary", "actor__username", "actor__email", "target_id", "ip_address"]
    list_select_related = ["seller", "actor"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        # The audit log is append-only, for operators too.
        return False
