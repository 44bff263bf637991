"""The operators' side of inventory: nodes, fee schedules, the ledger (read only), and
receiving inbound shipments at the GWD."""

from django import forms
from django.contrib import admin, messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from inventory.models import (
    InboundCarton,
    InboundLine,
    InboundReceipt,
    InboundShipment,
    Node,
    NodeService,
    SalesDay,
    StockBalance,
    StockMovement,
    StorageAccrual,
    StorageFeeSchedule,
    Transfer,
    TransferLine,
)
from inventory.services.adjustments import kind_choices, record_stock_change
from inventory.services.inbound import close_inbound, receive_inbound
from inventory.services.transfers import cancel_transfer
from portal.exceptions import Conflict, PortalError
from portal.forms import add_service_errors


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


class ReadOnlyAdmin(admin.ModelAdmin):
    """The ledger is written by the ledger service only; here it is evidence to read."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


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


class InboundLineInline(admin.TabularInline):
    model = InboundLine
    extra = 0
    readonly_fields = ["product", "quantity_expected", "quantity_received", "quantity_damaged"]
    can_delete = False


class InboundCartonInline(admin.TabularInline):
    model = InboundCarton
    extra = 0


@admin.register(InboundReceipt)
class InboundReceiptAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "seller", "shipment", "source", "reference", "actor"]
    list_filter = ["source"]
    search_fields = ["shipment__reference", "reference"]


@admin.register(InboundShipment)
class InboundShipmentAdmin(admin.ModelAdmin):
    list_display = ["reference", "seller", "node", "status", "expected_date", "received_at"]
    list_filter = ["status", "node"]
    search_fields = ["reference", "seller__name"]
    readonly_fields = ["status", "received_at"]
    inlines = [InboundLineInline, InboundCartonInline]
    actions = ["close_shipments"]

    def get_urls(self):
        return [
            path(
                "<int:pk>/receive/",
                self.admin_site.admin_view(self.receive_view),
                name="inventory_inboundshipment_receive",
            ),
            *super().get_urls(),
        ]

    @admin.action(description=_("Close: what was not received stops counting as inbound"))
    def close_shipments(self, request, queryset):
        for shipment in queryset.select_related("seller"):
            close_inbound(seller=shipment.seller, shipment=shipment, actor=request.user)
        self.message_user(request, _("Closed."))

    def receive_view(self, request, pk):
        """The operator's count at the GWD dock: received and damaged per line."""
        shipment = get_object_or_404(InboundShipment.objects.select_related("seller"), pk=pk)
        lines = list(InboundLine.objects.filter(shipment=shipment).select_related("product"))
        form_class = type(
            "ReceiveForm",
            (forms.Form,),
            {
                "reference": forms.CharField(label=_("Warehouse reference"), required=False),
                **{
                    f"received_{line.pk}": forms.IntegerField(
                        label=f"{line.product.sku} {_('received')}", min_value=0, initial=0
                    )
                    for line in lines
                },
                **{
                    f"damaged_{line.pk}": forms.IntegerField(
                        label=f"{line.product.sku} {_('damaged')}", min_value=0, initial=0
                    )
                    for line in lines
                },
            },
        )
        form = form_class(request.POST or None)
        if request.method == "POST" and form.is_valid():
            counts = [
                {
                    "product": line.product_id,
                    "received": form.cleaned_data[f"received_{line.pk}"],
                    "damaged": form.cleaned_data[f"damaged_{line.pk}"],
                }
                for line in lines
            ]
            try:
                receive_inbound(
                    seller=shipment.seller,
                    shipment=shipment,
                    counts=counts,
                    source=InboundReceipt.Source.OPERATOR,
                    reference=form.cleaned_data["reference"],
                    actor=request.user,
                )
            except PortalError as exc:
                messages.error(request, f"{exc.detail} {exc.fields}")
            else:
                messages.success(request, _("Count recorded; good units are in the pool."))
                return redirect(reverse("admin:inventory_inboundshipment_change", args=[shipment.pk]))
        context = {
            **self.admin_site.each_context(request),
            "form": form,
            "shipment": shipment,
            "title": _("Receive"),
        }
        return render(request, "admin/inventory/receive.html", context)


# Channel orders' admin lives beside them.
from inventory import order_admin  # noqa: E402, F401


@admin.register(NodeService)
class NodeServiceAdmin(admin.ModelAdmin):
    """Which node serves which marketplace, across all nodes (also edited inline on a node)."""

    list_display = ("node", "marketplace", "priority", "is_remote")
    list_filter = ("is_remote", "node__kind", "marketplace__region")
    search_fields = ("node__code", "marketplace__code", "marketplace__name")
    list_select_related = ("node", "marketplace")


class InboundPartAdmin(ReadOnlyAdmin):
    """Lines and cartons of every plan in one list. Read only: counts change through
    receiving (the receive form or the API), which writes the ledger too."""

    list_select_related = ("seller", "shipment")
    list_filter = ("seller", "shipment__status")


@admin.register(InboundLine)
class InboundLineAdmin(InboundPartAdmin):
    list_display = (
        "shipment",
        "seller",
        "product",
        "quantity_expected",
        "quantity_received",
        "quantity_damaged",
    )
    list_select_related = ("seller", "shipment", "product")
    search_fields = ("shipment__reference", "product__sku")


@admin.register(InboundCarton)
class InboundCartonAdmin(InboundPartAdmin):
    list_display = ("shipment", "seller", "count", "length_mm", "width_mm", "height_mm", "weight_g")
    search_fields = ("shipment__reference",)


# Transfers between nodes -----------------------------------------------------------------


class TransferLineInline(admin.TabularInline):
    model = TransferLine
    extra = 0
    readonly_fields = ["product", "quantity", "quantity_received"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Transfer)
class TransferAdmin(ReadOnlyAdmin):
    """Transfers are made and dispatched by sellers (pages, API) and by allocation plans:
    their stock moves through the ledger, so here they are read, or cancelled before dispatch."""

    list_display = [
        "reference",
        "seller",
        "from_node",
        "to_node",
        "status",
        "reason",
        "created_at",
        "shipment",
    ]
    list_filter = ["status", "reason", "from_node", "to_node"]
    search_fields = ["reference", "seller__name", "shipment__reference"]
    list_select_related = ["seller", "from_node", "to_node", "shipment"]
    inlines = [TransferLineInline]
    actions = ["cancel_transfers"]

    @admin.action(description=_("Cancel (only transfers not yet dispatched)"))
    def cancel_transfers(self, request, queryset):
        cancelled, refused = 0, []
        for transfer in queryset.select_related("seller"):
            try:
                cancel_transfer(seller=transfer.seller, transfer=transfer, actor=request.user)
            except Conflict:
                refused.append(transfer.reference)
            else:
                cancelled += 1
        self.message_user(request, _("Cancelled: %(n)d.") % {"n": cancelled})
        if refused:
            self.message_user(
                request,
                _("Already dispatched, not cancelled: %(refs)s.") % {"refs": ", ".join(refused)},
                level=messages.WARNING,
            )


@admin.register(TransferLine)
class TransferLineAdmin(ReadOnlyAdmin):
    list_display = ["transfer", "seller", "product", "quantity", "quantity_received"]
    list_filter = ["transfer__status", "transfer__to_node"]
    search_fields = ["transfer__reference", "product__sku"]
    list_select_related = ["seller", "transfer", "product"]
