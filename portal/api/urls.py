"""The partner API under /api/v1/: the portal's own endpoints and each app's."""

from django.urls import include, path

urlpatterns = [
    path("", include("listings.api.urls")),
    path("", include("inventory.api_urls")),
    path("", include("logistics.api_urls")),
    path("", include("brands.api_urls")),
]
