"""Admin of API keys (hashed; operators can revoke, never read one)."""

from django.contrib import admin

from portal.models import (
    APIKey,
)


@admin.register(APIKey)
class APIKeyAdmin(admin.ModelAdmin):
    list_display = ["name", "prefix", "seller", "scopes", "created_at", "last_used_at", "revoked_at"]
    list_filter = ["seller", ("revoked_at", admin.EmptyFieldListFilter)]
    search_fields = ["name", "prefix", "seller__name", "seller__slug"]
    list_select_related = ["seller"]
    # A key is created by its seller (or `create_api_key`) and shown once: here its hash
    # and identity are read-only; operators may only rename or revoke it.
    readonly_fields = ["seller", "prefix", "key_hash", "scopes", "created_by", "created_at", "last_used_at"]

    def has_add_permission(self, request):
        return False
