"""Tables of the inventory app, one module per concern."""

from inventory.models.orders import (
    ChannelConnection,
    ChannelOrder,
    ChannelOrderLine,
    ChannelSkuMapping,
    OrderAllocation,
    OrderSettings,
    RingFence,
    ShopifyWebhookDelivery,
)

__all__ = [
    "ChannelConnection",
    "ChannelOrder",
    "ChannelOrderLine",
    "ChannelSkuMapping",
    "OrderAllocation",
    "OrderSettings",
    "RingFence",
    "ShopifyWebhookDelivery",
]
