"""Admin of allocation plans, their rules and auto-apply policies (read only: sellers steer
and sign off through their pages and the API, where every decision is audited)."""

from django.contrib import admin

from inventory.admin.read_only import ReadOnlyAdmin
from inventory.models import AllocationPlan, AllocationPlanLine, AllocationRule, AutoApplyPolicy


@admin.register(AllocationPlan)
class AllocationPlanAdmin(ReadOnlyAdmin):
    list_display = ["id", "seller", "status", "created_at", "decided_at", "currency"]
    list_filter = ["status", "created_at"]
    search_fields = ["seller__name", "seller__slug", "reject_reason"]


@admin.register(AllocationPlanLine)
class AllocationPlanLineAdmin(ReadOnlyAdmin):
    list_display = ["plan", "seller", "product", "from_node", "to_node", "units", "status", "value"]
    list_filter = ["status", "kind", "to_node"]
    search_fields = ["product__sku", "reason", "seller__slug"]
    list_select_related = ["product", "from_node", "to_node", "seller", "plan"]


@admin.register(AllocationRule)
class AllocationRuleAdmin(ReadOnlyAdmin):
    list_display = ["seller", "product", "marketplace", "exclude", "min_units", "max_units", "service_level"]
    list_filter = ["exclude", "marketplace"]
    search_fields = ["product__sku", "seller__slug"]
    list_select_related = ["product", "marketplace", "seller"]


@admin.register(AutoApplyPolicy)
class AutoApplyPolicyAdmin(ReadOnlyAdmin):
    list_display = ["seller", "enabled", "max_line_value", "max_daily_value", "updated_at"]
    list_filter = ["enabled"]
    search_fields = ["seller__name", "seller__slug"]
