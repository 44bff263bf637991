"""Admin of inbound shipments to the GWD: plans, lines, cartons and receipts."""

from django import forms
from django.contrib import admin, messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from inventory.admin.read_only import ReadOnlyAdmin
from inventory.models import (
    InboundCarton,
    InboundLine,
    InboundReceipt,
    InboundShipment,
)
from inventory.services.inbound import close_inbound, receive_inbound
from portal.exceptions import PortalError


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
