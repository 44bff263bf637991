"""Partner API routes of the listings app, included under /api/v1/."""

from rest_framework.routers import SimpleRouter

from listings.api.fx_rates import FxRateViewSet
from listings.api.reviews import ReviewViewSet
from listings.api.translations import TranslationViewSet

urlpatterns = []

# Localisation, FX and reviews.
pricing_router = SimpleRouter()
pricing_router.register("fx-rates", FxRateViewSet, basename="fx-rate")
pricing_router.register("translations", TranslationViewSet, basename="translation")
pricing_router.register("reviews", ReviewViewSet, basename="review")
urlpatterns += pricing_router.urls
