"""Tables of the inventory app, one module per concern."""

from inventory.models.inbound import InboundCarton, InboundLine, InboundReceipt, InboundShipment
from inventory.models.ledger import CauseType, MovementKind, StockBalance, StockMovement
from inventory.models.nodes import Node, NodeService
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
from inventory.models.sales import SalesDay
from inventory.models.shopify import ShopifyAccess, ShopifyFulfilment
from inventory.models.storage import StorageAccrual, StorageFeeSchedule
from inventory.models.transfers import Transfer, TransferLine

__all__ = [
    "CauseType",
    "ChannelConnection",
    "ChannelOrder",
    "ChannelOrderLine",
    "ChannelSkuMapping",
    "InboundCarton",
    "InboundLine",
    "InboundReceipt",
    "InboundShipment",
    "MovementKind",
    "Node",
    "NodeService",
    "OrderAllocation",
    "OrderSettings",
    "RingFence",
    "SalesDay",
    "ShopifyAccess",
    "ShopifyFulfilment",
    "ShopifyWebhookDelivery",
    "StockBalance",
    "StockMovement",
    "StorageAccrual",
    "StorageFeeSchedule",
    "Transfer",
    "TransferLine",
]
