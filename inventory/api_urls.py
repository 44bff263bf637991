"""Partner API routes of the inventory app, included under /api/v1/."""

from rest_framework.routers import SimpleRouter

from inventory.api import (
    InboundShipmentViewSet,
    NodeViewSet,
    StockAdjustmentViewSet,
    StockBalanceViewSet,
    StockMovementViewSet,
)

router = SimpleRouter()
router.register("nodes", NodeViewSet, basename="node")
router.register("stock", StockBalanceViewSet, basename="stock")
router.register("stock-movements", StockMovementViewSet, basename="stock-movement")
router.register("inbound-shipments", InboundShipmentViewSet, basename="inbound-shipment")
router.register("stock-adjustments", StockAdjustmentViewSet, basename="stock-adjustment")

urlpatterns = router.urls

# --- channel orders and sales history ---
from inventory.api.orders import ChannelConnectionViewSet, OrderViewSet  # noqa: E402
from inventory.api.sales import SalesDayViewSet  # noqa: E402

orders_router = SimpleRouter()
orders_router.register("orders", OrderViewSet, basename="channel-order")
orders_router.register("channel-connections", ChannelConnectionViewSet, basename="channel-connection")
orders_router.register("sales", SalesDayViewSet, basename="sales-day")
urlpatterns += orders_router.urls

# --- a connection's SKU mappings and ring-fences ---
from inventory.api.channel_stock import RingFenceViewSet, SkuMappingViewSet  # noqa: E402

connection_router = SimpleRouter()
connection_router.register(
    r"channel-connections/(?P<connection_pk>[0-9]+)/sku-mappings", SkuMappingViewSet, basename="sku-mapping"
)
connection_router.register(
    r"channel-connections/(?P<connection_pk>[0-9]+)/ring-fences", RingFenceViewSet, basename="ring-fence"
)
urlpatterns += connection_router.urls

# --- transfers between nodes ---
from inventory.api.transfers import TransferViewSet  # noqa: E402

transfers_router = SimpleRouter()
transfers_router.register("transfers", TransferViewSet, basename="transfer")
urlpatterns += transfers_router.urls

# --- journeys: a batch of goods from the factory to the shelf ---
from inventory.api.journeys import JourneyViewSet  # noqa: E402

journeys_router = SimpleRouter()
journeys_router.register("journeys", JourneyViewSet, basename="journey")
urlpatterns += journeys_router.urls

# --- reorder suggestions from the factory ---
from inventory.api.reorders import ReorderSuggestionViewSet  # noqa: E402

reorders_router = SimpleRouter()
reorders_router.register("reorder-suggestions", ReorderSuggestionViewSet, basename="reorder-suggestion")
urlpatterns += reorders_router.urls

# --- Shopify write-back: access tokens and the fulfilments reported to shops ---
from django.urls import path  # noqa: E402

from inventory.api.shopify_fulfilments import ShopifyAccessTokenView, ShopifyFulfilmentViewSet  # noqa: E402
from inventory.models import ChannelConnection  # noqa: E402
from portal.tenancy import tenant_object_view  # noqa: E402

shopify_router = SimpleRouter()
shopify_router.register("shopify-fulfilments", ShopifyFulfilmentViewSet, basename="shopify-fulfilment")
urlpatterns += shopify_router.urls
urlpatterns += [
    path(
        "channel-connections/<int:pk>/shopify-access-token/",
        tenant_object_view(ChannelConnection)(ShopifyAccessTokenView.as_view()),
        name="shopify-access-token",
    )
]

# --- demand forecasts and market stages ---
from inventory.api.forecasts import ForecastRunViewSet, ForecastViewSet, MarketStageViewSet  # noqa: E402

forecasts_router = SimpleRouter()
forecasts_router.register("forecasts", ForecastViewSet, basename="forecast")
forecasts_router.register("market-stages", MarketStageViewSet, basename="market-stage")
forecasts_router.register("forecast-runs", ForecastRunViewSet, basename="forecast-run")
urlpatterns += forecasts_router.urls
