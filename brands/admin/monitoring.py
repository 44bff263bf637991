"""Monitoring in the admin: the removal queue (uphold or reject) and the runs."""

from __future__ import annotations

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from brands.admin.decisions import DecisionAdminMixin
from brands.models import BrandCase, MonitoringRun, ProjectZeroMembership
from brands.services import cases
from portal.exceptions import PortalError


@admin.register(BrandCase)
class BrandCaseAdmin(DecisionAdminMixin, admin.ModelAdmin):
    """The removal queue: filter by status "Removal requested"."""

    list_display = [
        "brand",
        "seller",
        "store_name",
        "rule",
        "score",
        "status",
        "self_service",
        "detected_at",
        "decide_link",
    ]
    list_filter = ["status", "rule", "self_service"]
    search_fields = ["brand__name", "store_name", "seller__name"]
    list_select_related = ["brand", "seller"]
    readonly_fields = [f.name for f in BrandCase._meta.fields]
    actions = ["uphold_removals"]
    decisions = {
        "uphold": _("Uphold: end the offers in every marketplace"),
        "reject": _("Reject (give the reason)"),
    }

    def can_decide(self, obj) -> bool:
        return obj.status == BrandCase.Status.REQUESTED

    def decide(self, obj, decision, operator, reason):
        if decision == "uphold":
            cases.uphold_removal(case=obj, operator=operator, reason=reason)
        else:
            cases.reject_removal(case=obj, operator=operator, reason=reason)

    def decision_details(self, obj):
        before, match, after = obj.marked
        return [
            (_("Brand"), f"{obj.brand.name} ({obj.seller.name})"),
            (_("Accused store"), obj.store_name),
            (_("Marketplaces"), ", ".join(obj.marketplaces)),
            (_("Rule"), f"{obj.get_rule_display()} ({obj.score})"),
            (_("Evidence"), f"{before}[{match}]{after}"),
        ]

    @admin.action(description=_("Uphold the selected removal requests"))
    def uphold_removals(self, request, queryset):
        done = 0
        for case in queryset.filter(status=BrandCase.Status.REQUESTED):
            try:
                cases.uphold_removal(case=case, operator=request.user)
            except PortalError as exc:
                self.message_user(request, f"{case}: {exc.detail}", messages.ERROR)
            else:
                done += 1
        self.message_user(request, _("%(n)d removals upheld.") % {"n": done})


@admin.register(MonitoringRun)
class MonitoringRunAdmin(admin.ModelAdmin):
    list_display = [
        "started_at",
        "scope",
        "brands",
        "listings_scanned",
        "matches",
        "cases_opened",
        "finished_at",
    ]
    list_filter = ["scope"]
    search_fields = ["error"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ProjectZeroMembership)
class ProjectZeroMembershipAdmin(admin.ModelAdmin):
    list_display = ["seller", "status", "joined_at", "suspended_at"]
    list_filter = ["status"]
    search_fields = ["seller__name", "suspension_reason"]
    list_select_related = ["seller"]
