"""Admin of nodes, storage fee schedules and the ledger (read only; stock changes go through the
ledger service)."""

from django import forms
from django.contrib import admin, messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from inventory.admin.read_only import ReadOnlyAdmin
from inventory.models import (
    Node,
    NodeService,
    SalesDay,
    StockBalance,
    StockMovement,
    StorageAccrual,
    StorageFeeSchedule,
)
from inventory.services.adjustments import kind_choices, record_stock_change
from portal.exceptions import PortalError
from portal.forms.service_errors import add_service_errors


class NodeServiceInline(admin.TabularInline):
    model = NodeService
    extra = 0


@admin.register(Node)
class NodeAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "region", "country", "countries_served", "is_active"]
    list_filter = ["kind", "region", "is_active"]
    search_fields = ["code", "name", "city", "countries_served"]
    inlines = [NodeServiceInline]


@admin.register(StorageFeeSchedule)
class StorageFeeScheduleAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "node_kind",
        "region",
        "size_tier",
        "season",
        "rate",
        "volume_unit",
        "currency",
        "valid_from",
        "valid_to",
    ]
    list_filter = ["node_kind", "size_tier", "season", "currency"]
    search_fields = ["name", "source"]


class StockChangeForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=kind_choices)
    quantity = forms.IntegerField(
        label=_("Units"), help_text=_("Signed for an adjustment (negative removes); 1 or more otherwise.")
    )
    reason = forms.CharField(label=_("Reason"), max_length=300)


@admin.register(StockBalance)
class StockBalanceAdmin(ReadOnlyAdmin):
    list_display = [
        "seller",
        "product",
        "node",
        "on_hand",
        "reserved",
        "inbound",
        "in_transit",
        "updated_at",
        "change_link",
    ]
    list_filter = ["node__kind", "node"]
    search_fields = ["product__sku", "seller__name"]
    list_select_related = ["seller", "product", "node"]

    @admin.display(description=_("Adjust"))
    def change_link(self, obj):
        return format_html(
            '<a href="{}">{}</a>', reverse("admin:inventory_stockbalance_adjust", args=[obj.pk]), _("Adjust…")
        )

    def get_urls(self):
        return [
            path(
                "<int:pk>/adjust/",
                self.admin_site.admin_view(self.adjust_view),
                name="inventory_stockbalance_adjust",
            ),
            *super().get_urls(),
        ]

    def adjust_view(self, request, pk):
        """The operator's correction of one balance: adjustment, damage or return, with a reason."""
        balance = get_object_or_404(StockBalance.objects.select_related("seller", "product", "node"), pk=pk)
        form = StockChangeForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                record_stock_change(
                    seller=balance.seller,
                    product=balance.product,
                    node=balance.node,
                    kind=form.cleaned_data["kind"],
                    quantity=form.cleaned_data["quantity"],
                    reason=form.cleaned_data["reason"],
                    actor=request.user,
                )
            except PortalError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Recorded in the ledger."))
                return redirect(reverse("admin:inventory_stockbalance_changelist"))
        context = {
            **self.admin_site.each_context(request),
            "form": form,
            "balance": balance,
            "title": _("Adjust stock"),
        }
        return render(request, "admin/inventory/adjust.html", context, status=400 if form.errors else 200)


@admin.register(StockMovement)
class StockMovementAdmin(ReadOnlyAdmin):
    list_display = [
        "created_at",
        "seller",
        "product",
        "node",
        "kind",
        "quantity",
        "cause_type",
        "cause_ref",
        "actor",
    ]
    list_filter = ["kind", "cause_type", "node"]
    search_fields = ["product__sku", "cause_ref", "cause_key", "reason"]
    list_select_related = ["seller", "product", "node", "actor"]
    date_hierarchy = "created_at"


@admin.register(SalesDay)
class SalesDayAdmin(admin.ModelAdmin):
    list_display = ["day", "seller", "product", "marketplace", "units"]
    list_filter = ["marketplace"]
    search_fields = ["product__sku", "seller__name"]
    date_hierarchy = "day"
    list_select_related = ["seller", "product", "marketplace"]


@admin.register(StorageAccrual)
class StorageAccrualAdmin(ReadOnlyAdmin):
    list_display = ["day", "seller", "node", "units", "volume_m3", "cost", "currency"]
    list_filter = ["node", "currency"]
    search_fields = ["seller__name"]
    date_hierarchy = "day"


@admin.register(NodeService)
class NodeServiceAdmin(admin.ModelAdmin):
    """Which node serves which marketplace, across all nodes (also edited inline on a node)."""

    list_display = ("node", "marketplace", "priority", "is_remote")
    list_filter = ("is_remote", "node__kind", "marketplace__region")
    search_fields = ("node__code", "marketplace__code", "marketplace__name")
    list_select_related = ("node", "marketplace")
