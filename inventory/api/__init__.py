"""Partner API of the inventory app: serializers and viewsets, one module per concern.

`stock` (nodes, stock, movements, inbound), `orders` (channel orders and connections),
`sales` (sales history and its import).
"""

from inventory.api.stock import (
    InboundShipmentViewSet,
    NodeViewSet,
    StockAdjustmentViewSet,
    StockBalanceViewSet,
    StockMovementViewSet,
)

__all__ = [
    "InboundShipmentViewSet",
    "NodeViewSet",
    "StockAdjustmentViewSet",
    "StockBalanceViewSet",
    "StockMovementViewSet",
]
