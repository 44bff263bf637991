"""The operators' view of sellers, members and invitations. Staff see every seller here: the
tenancy middleware opens the admin to them."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from portal.models import (
    Invitation,
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


admin.site.site_header = _("NGGS Seller Portal · operators")
admin.site.site_title = _("NGGS operators")
