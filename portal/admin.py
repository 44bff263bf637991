"""The operators' view of the tenancy core. Staff see every seller here: the tenancy
middleware disables the seller scope on /admin/ for staff users."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from portal.models import (
    APIKey,
    AuditEvent,
    IdempotencyRecord,
    Invitation,
    JobRun,
    Marketplace,
    Membership,
    Seller,
)


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]
    fields = ["user", "role", "created_at"]


@admin.register(Seller)
class SellerAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "stage", "home_currency", "is_active", "created_at"]
    list_filter = ["stage", "is_active", "home_currency"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "seller", "role", "created_at"]
    list_filter = ["role", "seller"]
    search_fields = ["user__username", "user__email", "seller__name", "seller__slug"]
    list_select_related = ["user", "seller"]
    autocomplete_fields = ["user", "seller"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = [
        "email",
        "seller",
        "role",
        "invited_by",
        "created_at",
        "expires_at",
        "accepted_at",
        "revoked_at",
    ]
    list_filter = ["role", "seller", ("accepted_at", admin.EmptyFieldListFilter)]
    search_fields = ["email", "seller__name", "seller__slug"]
    list_select_related = ["seller", "invited_by"]
    # The token is e-mailed once; only its hash is kept, and nobody edits it.
    readonly_fields = ["token_hash", "invited_by", "created_at", "accepted_at"]
    date_hierarchy = "created_at"


@admin.register(Marketplace)
class MarketplaceAdmin(admin.ModelAdmin):
    list_display = [
        "code",
        "name",
        "currency",
        "default_locale",
        "region",
        "vat_rate",
        "prices_include_vat",
        "fc_region",
        "remote_fulfilment",
        "is_active",
    ]
    list_editable = ["vat_rate", "is_active"]
    list_filter = ["region", "remote_fulfilment", "is_active", "currency"]
    search_fields = ["code", "name", "domain", "currency"]


@admin.register(JobRun)
class JobRunAdmin(admin.ModelAdmin):
    list_display = [
        "id",
        "kind",
        "seller",
        "status",
        "progress_done",
        "progress_total",
        "attempts",
        "created_at",
    ]
    list_filter = ["status", "kind", "seller"]
    search_fields = ["kind", "error", "seller__name"]
    list_select_related = ["seller"]
    date_hierarchy = "created_at"
    readonly_fields = ["started_by", "started_by_api_key", "created_at", "started_at", "finished_at"]


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


admin.site.site_header = _("NGGS Seller Portal · operators")
admin.site.site_title = _("NGGS operators")
