"""Partner API routes of the listings app, included under /api/v1/."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from listings.api.fx_rates import FxRateViewSet
from listings.api.products import ListingViewSet, ProductViewSet, PublishView
from listings.api.reviews import ReviewViewSet
from listings.api.translations import TranslationViewSet

# Catalogue, listings and publishing.
router = SimpleRouter()
router.register("products", ProductViewSet, basename="product")
router.register("listings", ListingViewSet, basename="listing")

urlpatterns = [
    path("publish/", PublishView.as_view(), name="publish-products"),
    *router.urls,
]

# Localisation, FX and reviews.
pricing_router = SimpleRouter()
pricing_router.register("fx-rates", FxRateViewSet, basename="fx-rate")
pricing_router.register("translations", TranslationViewSet, basename="translation")
pricing_router.register("reviews", ReviewViewSet, basename="review")
urlpatterns += pricing_router.urls
