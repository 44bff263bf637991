"""Partner API routes of the listings app, included under /api/v1/."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from listings.api.products import ListingViewSet, ProductViewSet, PublishView

router = SimpleRouter()
router.register("products", ProductViewSet, basename="product")
router.register("listings", ListingViewSet, basename="listing")

urlpatterns = [
    path("publish/", PublishView.as_view(), name="publish-products"),
    *router.urls,
]
