"""Admin of stock transfers between nodes (read only: transfers change through their service)."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from inventory.admin.read_only import ReadOnlyAdmin
from inventory.models import (
    Transfer,
    TransferLine,
)
from inventory.services.transfers import cancel_transfer
from portal.exceptions import Conflict

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
