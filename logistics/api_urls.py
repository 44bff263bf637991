"""Partner API routes of the logistics app, included under /api/v1/."""

from rest_framework.routers import SimpleRouter

from logistics.api import LaneViewSet, QuoteViewSet, ShipmentViewSet

router = SimpleRouter()
router.register("lanes", LaneViewSet, basename="lane")
router.register("quotes", QuoteViewSet, basename="quote")
router.register("shipments", ShipmentViewSet, basename="shipment")

urlpatterns = router.urls
