"""Takedowns and appeals in the admin: the register, and operators deciding appeals."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from brands.admin.decisions import DecisionAdminMixin
from brands.models import Appeal, Takedown
from brands.services import takedowns


@admin.register(Takedown)
class TakedownAdmin(admin.ModelAdmin):
    """The takedown register: removed products stay off the marketplaces until an appeal wins."""

    list_display = [
        "brand_name",
        "seller",
        "product",
        "gtin",
        "status",
        "listings_ended",
        "notified_at",
        "removed_at",
    ]
    list_filter = ["status", "rule"]
    search_fields = ["brand_name", "gtin", "seller__name", "matched_text"]
    list_select_related = ["seller", "product"]
    readonly_fields = [f.name for f in Takedown._meta.fields]


@admin.register(Appeal)
class AppealAdmin(DecisionAdminMixin, admin.ModelAdmin):
    list_display = ["takedown", "seller", "status", "filed_at", "decided_at", "decide_link"]
    list_filter = ["status"]
    search_fields = ["statement", "seller__name", "takedown__brand_name"]
    list_select_related = ["takedown", "seller"]
    decisions = {"won": _("The seller wins: it may list the product again"), "lost": _("The seller loses")}

    def can_decide(self, obj) -> bool:
        return obj.status == Appeal.Status.OPEN

    def decide(self, obj, decision, operator, reason):
        takedowns.decide_appeal(appeal=obj, won=decision == "won", operator=operator, reason=reason)

    def decision_details(self, obj):
        return [
            (_("Brand"), obj.takedown.brand_name),
            (_("Text found"), obj.takedown.matched_text),
            (_("Statement"), obj.statement),
            (_("Evidence"), obj.evidence.name if obj.evidence else "—"),
        ]
