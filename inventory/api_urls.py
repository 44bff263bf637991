"""Partner API routes of the inventory app, included under /api/v1/."""

from rest_framework.routers import SimpleRouter

from inventory.api import InboundShipmentViewSet, NodeViewSet, StockBalanceViewSet, StockMovementViewSet

router = SimpleRouter()
router.register("nodes", NodeViewSet, basename="node")
router.register("stock", StockBalanceViewSet, basename="stock")
router.register("stock-movements", StockMovementViewSet, basename="stock-movement")
router.register("inbound-shipments", InboundShipmentViewSet, basename="inbound-shipment")

urlpatterns = router.urls
