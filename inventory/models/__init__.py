"""Tables of the inventory app, one module per concern."""

from inventory.models.fee_bands import FeeBand
from inventory.models.forecasts import Forecast, MarketStage
from inventory.models.inbound import InboundCarton, InboundLine, InboundReceipt, InboundShipment
from inventory.models.journeys import Journey
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
from inventory.models.reorders import ProductSupply, Supplier
from inventory.models.sales import SalesDay
from inventory.models.shopify import ShopifyAccess, ShopifyFulfilment
from inventory.models.storage import StorageAccrual, StorageFeeSchedule
from inventory.models.transfers import Transfer, TransferLine

__all__ = [
    "CauseType",
    "FeeBand",
    "ChannelConnection",
    "ChannelOrder",
    "ChannelOrderLine",
    "ChannelSkuMapping",
    "Forecast",
    "InboundCarton",
    "InboundLine",
    "InboundReceipt",
    "InboundShipment",
    "Journey",
    "MarketStage",
    "MovementKind",
    "Node",
    "NodeService",
    "OrderAllocation",
    "OrderSettings",
    "ProductSupply",
    "RingFence",
    "SalesDay",
    "ShopifyAccess",
    "ShopifyFulfilment",
    "ShopifyWebhookDelivery",
    "StockBalance",
    "StockMovement",
    "StorageAccrual",
    "StorageFeeSchedule",
    "Supplier",
    "Transfer",
    "TransferLine",
]
