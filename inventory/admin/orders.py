"""Admin of channel orders for platform operators (registered from inventory.admin)."""

from django.contrib import admin

from inventory.models import (
    ChannelConnection,
    ChannelOrder,
    ChannelOrderLine,
    ChannelSkuMapping,
    OrderAllocation,
    OrderSettings,
    RingFence,
    ShopifyWebhookDelivery,
)


@admin.register(ChannelConnection)
class ChannelConnectionAdmin(admin.ModelAdmin):
    list_display = ["name", "channel", "seller", "shop_domain", "is_active", "created_at"]
    list_filter = ["channel", "is_active"]
    search_fields = ["name", "shop_domain", "seller__name", "uuid"]
    readonly_fields = ["uuid", "created_at"]
    # The webhook secret signs deliveries: operators never need to read it.
    exclude = ["webhook_secret"]


@admin.register(ChannelSkuMapping)
class ChannelSkuMappingAdmin(admin.ModelAdmin):
    list_display = ["channel_sku", "product", "connection", "seller"]
    list_filter = ["connection__channel"]
    search_fields = ["channel_sku", "product__sku", "seller__name"]
    raw_id_fields = ["connection", "product"]


@admin.register(RingFence)
class RingFenceAdmin(admin.ModelAdmin):
    list_display = ["connection", "product", "node", "quantity", "seller"]
    list_filter = ["node", "connection__channel"]
    search_fields = ["product__sku", "connection__name", "seller__name"]
    raw_id_fields = ["connection", "product"]


@admin.register(OrderSettings)
class OrderSettingsAdmin(admin.ModelAdmin):
    list_display = ["seller", "short_stock_policy", "updated_at"]
    list_filter = ["short_stock_policy"]
    search_fields = ["seller__name"]


class ChannelOrderLineInline(admin.TabularInline):
    model = ChannelOrderLine
    extra = 0
    fields = [
        "line_number",
        "channel_sku",
        "product",
        "quantity",
        "quantity_reserved",
        "quantity_shipped",
        "unit_price",
    ]
    readonly_fields = fields
    can_delete = False


@admin.register(ChannelOrder)
class ChannelOrderAdmin(admin.ModelAdmin):
    list_display = [
        "__str__",
        "external_id",
        "seller",
        "connection",
        "ship_to_country",
        "status",
        "created_at",
    ]
    list_filter = ["status", "connection__channel", "ship_to_country"]
    search_fields = ["external_id", "reference", "seller__name"]
    date_hierarchy = "created_at"
    list_select_related = ["seller", "connection"]
    # Status and stock change through the services (cancel, ship), never by editing here.
    readonly_fields = [
        "seller",
        "connection",
        "external_id",
        "reference",
        "marketplace",
        "ship_to_country",
        "status",
        "currency",
        "placed_at",
        "created_at",
        "cancelled_at",
        "shipped_at",
    ]
    inlines = [ChannelOrderLineInline]


@admin.register(OrderAllocation)
class OrderAllocationAdmin(admin.ModelAdmin):
    list_display = ["line", "node", "quantity", "status", "seller", "created_at"]
    list_filter = ["status", "node"]
    search_fields = ["line__order__external_id", "seller__name"]
    readonly_fields = ["seller", "line", "node", "quantity", "status", "created_at", "finished_at"]


@admin.register(ShopifyWebhookDelivery)
class ShopifyWebhookDeliveryAdmin(admin.ModelAdmin):
    list_display = ["webhook_id", "topic", "connection", "seller", "outcome", "received_at"]
    list_filter = ["topic"]
    search_fields = ["webhook_id", "connection__shop_domain", "seller__name"]
    readonly_fields = ["seller", "connection", "webhook_id", "topic", "order", "outcome", "received_at"]


@admin.register(ChannelOrderLine)
class ChannelOrderLineAdmin(admin.ModelAdmin):
    """Every order line in one list, unmapped channel SKUs easy to find. Read only: lines
    change through the order services, which keep reservations and the ledger in step."""

    list_display = (
        "order",
        "seller",
        "line_number",
        "channel_sku",
        "product",
        "quantity",
        "quantity_reserved",
        "quantity_shipped",
    )
    list_filter = ("seller", "order__status", ("product", admin.EmptyFieldListFilter))
    search_fields = ("order__external_id", "channel_sku", "product__sku", "title")
    list_select_related = ("order", "seller", "product")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
