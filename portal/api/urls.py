"""The partner API under /api/v1/: the portal's own endpoints and each app's."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import SimpleRouter

from portal.api.jobs import JobRunViewSet
from portal.api.marketplaces import MarketplaceViewSet
from portal.api.seller import SellerView
from portal.api.webhooks import WebhookDeliveryViewSet, WebhookEndpointViewSet

router = SimpleRouter()
router.register("marketplaces", MarketplaceViewSet, basename="marketplace")
router.register("jobs", JobRunViewSet, basename="job")
router.register("webhook-endpoints", WebhookEndpointViewSet, basename="webhook-endpoint")
router.register("webhook-deliveries", WebhookDeliveryViewSet, basename="webhook-delivery")

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # Swagger UI from our static files; its start script is a separate request (no inline
    # script), so the Content-Security-Policy of the pages holds.
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(url_name="api-schema", template_name="portal/api_docs.html"),
        name="api-docs",
    ),
    path("seller/", SellerView.as_view(), name="api-seller"),
    path("", include(router.urls)),
    path("", include("listings.api_urls")),
    path("", include("inventory.api_urls")),
    path("", include("logistics.api_urls")),
    path("", include("brands.api_urls")),
]
