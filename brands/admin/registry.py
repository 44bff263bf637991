"""The registry in the admin: operators verify or reject applications (audited)."""

from __future__ import annotations

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from brands.admin.decisions import DecisionAdminMixin
from brands.models import Brand, BrandAuthorisation, BrandEvidence
from brands.services import registry
from portal.exceptions import PortalError


class BrandEvidenceInline(admin.TabularInline):
    model = BrandEvidence
    extra = 0
    fields = ["file", "description", "content_type", "size_bytes", "uploaded_at"]
    readonly_fields = fields


@admin.register(Brand)
class BrandAdmin(DecisionAdminMixin, admin.ModelAdmin):
    list_display = [
        "name",
        "seller",
        "office",
        "trademark_number",
        "trademark_status",
        "status",
        "applied_at",
        "decide_link",
    ]
    list_filter = ["status", "office", "trademark_status"]
    search_fields = ["name", "trademark_number", "seller__name"]
    list_select_related = ["seller"]
    readonly_fields = ["match_key", "status", "rejection_reason", "decided_at", "decided_by"]
    inlines = [BrandEvidenceInline]
    actions = ["verify_brands"]
    decisions = {"verify": _("Verify: the seller owns the brand"), "reject": _("Reject (give the reason)")}

    def can_decide(self, obj) -> bool:
        return obj.status == Brand.Status.PENDING

    def decide(self, obj, decision, operator, reason):
        if decision == "verify":
            registry.verify_brand(brand=obj, operator=operator)
        else:
            registry.reject_brand(brand=obj, operator=operator, reason=reason)

    def decision_details(self, obj):
        return [
            (_("Seller"), obj.seller.name),
            (
                _("Trademark"),
                f"{obj.get_office_display()} {obj.trademark_number} ({obj.get_trademark_status_display()})",
            ),
            (_("Nice classes"), ", ".join(map(str, obj.classes))),
            (_("Evidence files"), ", ".join(e.description for e in obj.evidence.all())),
        ]

    @admin.action(description=_("Verify the selected applications"))
    def verify_brands(self, request, queryset):
        done = 0
        for brand in queryset.filter(status=Brand.Status.PENDING):
            try:
                registry.verify_brand(brand=brand, operator=request.user)
            except PortalError as exc:
                self.message_user(request, f"{brand.name}: {exc.detail}", messages.ERROR)
            else:
                done += 1
        self.message_user(request, _("%(n)d brands verified.") % {"n": done})


@admin.register(BrandAuthorisation)
class BrandAuthorisationAdmin(admin.ModelAdmin):
    list_display = ["brand", "seller", "authorised_seller", "marketplace", "role", "created_at"]
    list_filter = ["role", "marketplace"]
    search_fields = ["brand__name", "authorised_seller__name", "seller__name"]
    list_select_related = ["brand", "seller", "authorised_seller", "marketplace"]


@admin.register(BrandEvidence)
class BrandEvidenceAdmin(admin.ModelAdmin):
    list_display = ["brand", "seller", "description", "content_type", "size_bytes", "uploaded_at"]
    list_filter = ["content_type"]
    search_fields = ["brand__name", "description"]
    list_select_related = ["brand", "seller"]
