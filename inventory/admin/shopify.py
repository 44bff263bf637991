"""Admin of the Shopify write-back: the fulfilments reported to shops (tokens never shown)."""

from django.contrib import admin

from inventory.admin.read_only import ReadOnlyAdmin
from inventory.models import ShopifyAccess, ShopifyFulfilment


@admin.register(ShopifyFulfilment)
class ShopifyFulfilmentAdmin(ReadOnlyAdmin):
    list_display = [
        "order",
        "seller",
        "tracking_number",
        "status",
        "attempt_count",
        "next_attempt_at",
        "created_at",
    ]
    list_filter = ["status"]
    search_fields = ["tracking_number", "shopify_fulfillment_id"]
    list_select_related = ["seller", "order"]
    raw_id_fields = ["order", "connection"]


@admin.register(ShopifyAccess)
class ShopifyAccessAdmin(ReadOnlyAdmin):
    list_display = ["connection", "seller", "updated_at"]
    list_filter = ["seller"]
    search_fields = ["connection__name", "connection__shop_domain"]
    list_select_related = ["seller", "connection"]
    exclude = ["access_token_encrypted"]
