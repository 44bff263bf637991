"""Partner API routes of the listings app, included under /api/v1/."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from listings.api.fx_rates import FxRateViewSet
from listings.api.products import ListingViewSet, ProductViewSet, PublishView
from listings.api.reviews import ReviewViewSet
from listings.api.translations import TranslationViewSet

router = SimpleRouter()
# Catalogue and publishing.
router.register("products", ProductViewSet, basename="product")
router.register("listings", ListingViewSet, basename="listing")
# Localisation, FX and reviews.
router.register("fx-rates", FxRateViewSet, basename="fx-rate")
router.register("translations", TranslationViewSet, basename="translation")
router.register("reviews", ReviewViewSet, basename="review")

urlpatterns = [
    path("publish/", PublishView.as_view(), name="publish-products"),
    *router.urls,
]
