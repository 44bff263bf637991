"""Partner API routes of the inventory app, included under /api/v1/."""

from rest_framework.routers import SimpleRouter

from inventory.api.orders import ChannelConnectionViewSet, OrderViewSet
from inventory.api.sales import SalesDayViewSet

urlpatterns = []

# --- channel orders and sales history ---
orders_router = SimpleRouter()
orders_router.register("orders", OrderViewSet, basename="channel-order")
orders_router.register("channel-connections", ChannelConnectionViewSet, basename="channel-connection")
orders_router.register("sales", SalesDayViewSet, basename="sales-day")
urlpatterns += orders_router.urls
