"""Partner API routes of the logistics app, included under /api/v1/."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from logistics.api.quotes import LaneViewSet, QuoteViewSet
from logistics.api.shipments import ShipmentViewSet
from logistics.api.tracking import DcsaEventsView, TrackingEventViewSet

router = SimpleRouter()
router.register("lanes", LaneViewSet, basename="lane")
router.register("quotes", QuoteViewSet, basename="quote")
router.register("shipments", ShipmentViewSet, basename="shipment")
router.register("tracking-events", TrackingEventViewSet, basename="tracking-event")

urlpatterns = [
    path("tracking/dcsa/", DcsaEventsView.as_view(), name="tracking-dcsa"),
    *router.urls,
]
